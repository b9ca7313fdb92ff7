"""A working day in one go, through the real widgets, then the base reopened.

Create a base from the welcome page, add a partner with two contacts, record a
meeting with that partner present, add an action and a journal entry, enter a
month of indicators, key in a questionnaire, undo an edit; close; reopen the
file in a new window and find everything where it was left.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.domain.models import Campaign
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback, indicators, meetings, partners, roadmap
from pexdesk.ui.main_window import MainWindow
from pexdesk.ui.new_base_dialog import NewBaseDialog
from tests.ui.helpers import open_section, save_and_wait, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def create_base(window: MainWindow, qtbot, monkeypatch, path) -> None:
    def fill(dialog: NewBaseDialog):
        dialog.department.setEditText("32 – Gers")
        type_text(dialog.adil, "ADIL du Gers")
        type_text(dialog.officer, "Camille Martin")
        dialog.path.setText(str(path))
        dialog._accept_if_valid()
        return dialog.result()

    monkeypatch.setattr(NewBaseDialog, "exec", fill)
    qtbot.mouseClick(window.welcome.create_button, Qt.MouseButton.LeftButton)
    assert window.session is not None


def add_partner(window, qtbot) -> None:
    screen = open_section(window, qtbot, "partners")
    window.record_actions["new_record"].trigger()
    editor = screen.editor
    type_text(editor.name, "Caisse d'allocations familiales du Gers")
    editor.category.setCurrentIndex(editor.category.findData("CAF"))
    for row, (name, email) in enumerate((("Claire Dupont", "claire.dupont@caf.example.fr"),
                                         ("Marc Lefèvre", "marc.lefevre@caf.example.fr"))):
        qtbot.mouseClick(editor.contacts.add_button, Qt.MouseButton.LeftButton)
        model = editor.contacts_model
        model.setData(model.index(row, 0), name)
        model.setData(model.index(row, 2), email)
    save_and_wait(screen, qtbot)


def record_meeting(window, qtbot, partner_id: int) -> None:
    screen = open_section(window, qtbot, "meetings")
    window.record_actions["new_record"].trigger()
    editor = screen.editor
    type_text(editor.held_on, "14/03/2025")
    editor.kind.setCurrentIndex(editor.kind.findData("TECHNIQUE"))
    editor.dossiers.lineEdit().selectAll()
    type_text(editor.dossiers.lineEdit(), "14")
    editor.opinions.lineEdit().selectAll()
    type_text(editor.opinions.lineEdit(), "11")
    editor.attendees.set_checked(partner_id)
    save_and_wait(screen, qtbot)


def add_action_with_journal(window, qtbot) -> None:
    screen = open_section(window, qtbot, "roadmap")
    window.record_actions["new_record"].trigger()
    editor = screen.editor
    editor.axis.setCurrentIndex(editor.axis.findText("FR5_DSF", Qt.MatchFlag.MatchStartsWith))
    type_text(editor.title, "Former les rédacteurs de DSF")
    editor.status.setCurrentIndex(editor.status.findData("EN_COURS"))
    editor.progress.spin.lineEdit().selectAll()
    type_text(editor.progress.spin.lineEdit(), "30")
    save_and_wait(screen, qtbot)
    type_text(editor.journal.text, "Première session avec le CCAS et la CAF")
    qtbot.keyClick(editor.journal.text, Qt.Key.Key_Return)


def enter_indicator(window, qtbot, month: date) -> None:
    screen = window.show_screen("indicators")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    screen.show_year(month.year)
    row = next(r for r in range(screen.model.rowCount()) if screen.model.indicator(r).code == "CQL")
    index = screen.model.index(row, screen.model.column_of(month))
    screen.grid.setCurrentIndex(index)
    qtbot.keyClick(screen.grid, "2")
    editor = screen.grid.indexWidget(index)
    qtbot.keyClicks(editor, "7")
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def key_in_questionnaire(window, qtbot) -> None:
    con = window.session.con
    window.session.write("campaign", lambda c: feedback.create_campaign(
        c, Campaign(name="Enquête 2025"), [(item.code, item.label) for item in ANIL_ITEMS]))
    screen = open_section(window, qtbot, "feedback")
    qtbot.waitUntil(lambda: screen.campaign_id is not None)
    window.record_actions["new_record"].trigger()
    editor = screen.editor
    editor.category.setCurrentIndex(editor.category.findData("CAF"))
    editor.scores.overall.setFocus()
    for key in "45N3412":
        type_text(QApplication.focusWidget(), key)
    type_text(QApplication.focusWidget(), "1")
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)
    assert con.execute("SELECT count(*) FROM response").fetchone()[0] == 1


def test_a_working_day_survives_closing_and_reopening(qtbot, ui_settings, tmp_path,
                                                     monkeypatch):
    path = tmp_path / "gers.db"
    last_month = (date.today().replace(day=1) - date.resolution).replace(day=1)
    window = MainWindow(ui_settings)
    window.show()
    create_base(window, qtbot, monkeypatch, path)
    add_partner(window, qtbot)
    caf = partners.find_by_name(window.session.con, "Caisse d'allocations familiales du Gers")
    record_meeting(window, qtbot, caf.id)
    add_action_with_journal(window, qtbot)
    enter_indicator(window, qtbot, last_month)
    key_in_questionnaire(window, qtbot)

    # An edit, then Ctrl+Z: the partner's territory goes back to empty.
    screen = open_section(window, qtbot, "partners")
    type_text(screen.editor.territory, "Auch")
    save_and_wait(screen, qtbot)
    assert partners.find_by_name(window.session.con, caf.name).territory == "Auch"
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen.table, Qt.Key.Key_Z, CTRL)
    assert partners.find_by_name(window.session.con, caf.name).territory == ""
    assert "Dernier enregistrement" in window.saved_label.text()
    window.close()

    reopened = MainWindow(ui_settings)
    qtbot.addWidget(reopened)
    assert reopened.open_base(path)
    con = reopened.session.con
    caf = partners.find_by_name(con, caf.name)
    assert (caf.category_code, caf.territory) == ("CAF", "")
    assert [c.full_name for c in partners.contacts_of(con, caf.id)] == ["Claire Dupont",
                                                                        "Marc Lefèvre"]
    [meeting] = meetings.all_meetings(con)
    assert (meeting.held_on, meeting.dossiers_examined, meeting.opinions_issued) == (
        date(2025, 3, 14), 14, 11)
    assert meetings.attendees_of(con, meeting.id) == [caf.id]
    [action] = roadmap.actions(con)
    assert (action.title, action.status, action.progress) == (
        "Former les rédacteurs de DSF", "EN_COURS", 30)
    assert [e.text for e in roadmap.journal_of(con, action.id)] == [
        "Première session avec le CCAS et la CAF"]
    cql = next(i for i in indicators.catalogue(con) if i.code == "CQL")
    [value] = [v for v in indicators.values_between(con, "32", last_month, last_month)
               if v.indicator_id == cql.id]
    assert value.value == 27
    [campaign] = feedback.campaigns(con)
    [response] = feedback.responses_of(con, campaign.id)
    assert (response.category_code, response.department_code, response.overall_score) == (
        "CAF", "32", 4)
    assert list(response.answers.values()) == [5, NOT_CONCERNED, 3, 4, 1, 2, 1]
    partners_screen = open_section(reopened, qtbot, "partners")
    assert partners_screen.proxy.index(0, 0).data() == caf.name
