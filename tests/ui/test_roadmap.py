"""Feuille de route: add an action with a journal entry, late actions stand out, undo an edit."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from pexdesk.core.domain.models import Action
from pexdesk.core.repositories import roadmap
from pexdesk.ui.screens.roadmap import LATE_BRUSH
from tests.ui.helpers import (cell, column_titled, open_section, read, save_and_wait,
                              type_text, when_dialog_shows)


def test_add_action_then_a_journal_entry(window, qtbot):
    con = window.session.con
    screen = open_section(window, qtbot, "roadmap")
    screen.new_record()
    editor = screen.editor
    editor.axis.setCurrentIndex(editor.axis.findText("FR4_LOCAL", Qt.MatchFlag.MatchStartsWith))
    type_text(editor.title, "Déploiement de la sous-CCAPEX Nord")
    editor.status.setCurrentIndex(editor.status.findData("EN_COURS"))
    editor.progress.spin.lineEdit().selectAll()
    qtbot.keyClicks(editor.progress.spin.lineEdit(), "40")
    qtbot.keyClicks(editor.start_on, "01/01/2025")
    qtbot.keyClicks(editor.due_on, "30/06/2025")
    save_and_wait(screen, qtbot)
    [action] = roadmap.actions(con)
    assert (action.title, action.status, action.progress, action.due_on) == (
        "Déploiement de la sous-CCAPEX Nord", "EN_COURS", 40, date(2025, 6, 30))
    assert action.axis_id == next(a.id for a in roadmap.axes(con) if a.code == "FR4_LOCAL")

    journal = editor.journal
    assert journal.add_button.isEnabled()
    type_text(journal.text, "Réunion de lancement avec les maires")
    qtbot.keyClick(journal.text, Qt.Key.Key_Return)
    [entry] = roadmap.journal_of(con, action.id)
    assert (entry.text, entry.entry_on) == ("Réunion de lancement avec les maires", date.today())
    assert journal.entries.lines()[0].endswith("Réunion de lancement avec les maires")
    window.undo_action.trigger()
    assert roadmap.journal_of(con, action.id) == []


def test_late_actions_are_highlighted_and_filtered(window, qtbot):
    con = window.session.con
    axis = roadmap.axes(con)[0].id
    past = date.today() - timedelta(days=10)
    roadmap.save_action(con, Action(axis_id=axis, title="En retard", status="EN_COURS",
                                    start_on=past - timedelta(days=30), due_on=past))
    roadmap.save_action(con, Action(axis_id=axis, title="Terminée", status="REALISEE",
                                    start_on=past - timedelta(days=30), due_on=past))
    screen = open_section(window, qtbot, "roadmap")
    assert screen.late_label.text() == "1 en retard"
    late_row = screen.model.visible_row_of(lambda r: r.title == "En retard")
    assert screen.model.index(late_row, 0).data(Qt.ItemDataRole.BackgroundRole) == LATE_BRUSH
    assert screen.model.index(late_row, column_titled(screen, "Statut")).data() == (
        "En cours – en retard")
    screen.status_filter.setCurrentIndex(screen.status_filter.findData("LATE"))
    assert screen.proxy.rowCount() == 1


def test_invalid_action_saves_nothing(window, qtbot):
    screen = open_section(window, qtbot, "roadmap")
    screen.new_record()
    editor = screen.editor
    qtbot.keyClicks(editor.start_on, "01/06/2025")
    qtbot.keyClicks(editor.due_on, "01/01/2025")
    screen.save()
    errors = editor.form._errors
    assert read(errors["axis_id"].text()) == "« Axe » est obligatoire."
    assert read(errors["title"].text()) == "« Intitulé de l'action » est obligatoire."
    assert read(errors["dates"].text()) == ("« Échéance » (1er janvier 2025) précède "
                                      "« Date de début » (1er juin 2025).")
    assert roadmap.actions(window.session.con) == []


def test_undo_and_redo_an_edit(window, qtbot):
    con = window.session.con
    axis = roadmap.axes(con)[0].id
    roadmap.save_action(con, Action(axis_id=axis, title="Charte", progress=10))
    screen = open_section(window, qtbot, "roadmap")
    editor = screen.editor
    assert editor.title.text() == "Charte"
    editor.progress.spin.lineEdit().selectAll()
    qtbot.keyClicks(editor.progress.spin.lineEdit(), "60")
    save_and_wait(screen, qtbot)
    assert roadmap.actions(con)[0].progress == 60
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert roadmap.actions(con)[0].progress == 10
    assert cell(screen, 0, "Avancement") == "10 %"
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert roadmap.actions(con)[0].progress == 60


def test_tab_in_a_deliverable_cell_keeps_it_and_goes_on_to_its_date_then_the_next_field(
        window, qtbot):
    from PySide6.QtWidgets import QApplication

    screen = open_section(window, qtbot, "roadmap")
    screen.new_record()
    table = screen.editor.deliverables
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    cell = QApplication.focusWidget()
    assert table.view.isAncestorOf(cell), "adding a deliverable edits its first cell"
    type_text(cell, "Guide de l'impayé")
    qtbot.keyClick(cell, Qt.Key.Key_Tab)
    assert table.model.index(0, 0).data() == "Guide de l'impayé"
    cell = QApplication.focusWidget()
    assert table.view.isAncestorOf(cell) and cell.accessibleName() == "Livré le"
    type_text(cell, "15/05/2025")
    qtbot.keyClick(cell, Qt.Key.Key_Tab)
    assert table.model.index(0, 1).data() == "15/05/2025"
    focused = QApplication.focusWidget()
    assert not table.view.isAncestorOf(focused) and focused is not table.view


def test_searching_en_retard_finds_the_late_actions(window, qtbot):
    con = window.session.con
    axis = roadmap.axes(con)[0].id
    roadmap.save_action(con, Action(axis_id=axis, title="Guide de l'impayé", status="EN_COURS",
                                    progress=30, due_on=date.today() - timedelta(days=3)))
    roadmap.save_action(con, Action(axis_id=axis, title="Charte", status="EN_COURS",
                                    progress=30, due_on=date.today() + timedelta(days=30)))
    screen = open_section(window, qtbot, "roadmap")
    qtbot.waitUntil(lambda: screen.model.total_count() == 2)
    qtbot.keyClicks(screen.search, "en retard")
    assert screen.proxy.rowCount() == 1
    assert cell(screen, 0, "Action") == "Guide de l'impayé"


def test_marking_an_action_done_sets_its_progress_to_100(window, qtbot):
    screen = open_section(window, qtbot, "roadmap")
    screen.new_record()
    editor = screen.editor
    editor.progress.spin.lineEdit().selectAll()
    qtbot.keyClicks(editor.progress.spin.lineEdit(), "30")
    editor.status.setFocus()
    done = editor.status.findData("REALISEE")
    editor.status.setCurrentIndex(done)
    editor.status.activated.emit(done)  # as when the user picks it
    assert editor.progress.value() == 100


def test_a_refused_axis_shows_why_with_its_fields_whole_then_adds_it(window, qtbot):
    """« OK » on empty fields showed the messages in a dialog that kept too small a height:
    the fields or the messages were squeezed."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    from pexdesk.ui.screens.roadmap import AxisDialog

    def squeezed(dialog) -> list[str]:
        parts = dialog.form.findChildren(QLineEdit) + dialog.form.findChildren(QLabel)
        return [part.text() or part.accessibleName() for part in parts if part.isVisible()
                and part.height() < (part.heightForWidth(part.width()) if part.hasHeightForWidth()
                                     else part.minimumSizeHint().height())]

    screen = open_section(window, qtbot, "roadmap")
    seen = []

    def answer(dialog) -> None:
        if not seen:  # first time: OK on empty fields
            seen.append(None)
            qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
            when_dialog_shows(AxisDialog, answer)
            return
        qtbot.wait(100)  # shown again, and laid out
        # Qt shares out too small a height one way or another (the fields squeezed, or the
        # messages): the dialog must have the height its content asks for.
        seen.append((squeezed(dialog), dialog.height() >= dialog.sizeHint().height()))
        seen.append(read(dialog.form._errors["code"].text()))
        type_text(dialog.code, "fr6_jeunes")
        type_text(dialog.label, "Prévention chez les jeunes ménages")
        qtbot.keyClick(dialog.label, Qt.Key.Key_Return)

    when_dialog_shows(AxisDialog, answer)
    qtbot.mouseClick(screen.new_axis_button, Qt.MouseButton.LeftButton)
    assert seen[1:] == [([], True), "« Code de l'axe » est obligatoire."]
    assert "FR6_JEUNES" in [axis.code for axis in roadmap.axes(window.session.con)]
