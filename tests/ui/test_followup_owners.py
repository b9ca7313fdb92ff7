"""Réunions CCAPEX: the partner in charge of each follow-up, typed in the « Responsable »
column of the meeting's form, among the base's partners; shown in « Suites à donner »."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from pexdesk.core.domain.models import FollowUp, Meeting, Partner
from pexdesk.core.repositories import mapper, meetings, partners
from tests.ui.helpers import (click_row, delete_on_partenaires, form_cell, open_section, press,
                              read, rename_on_partenaires, type_text, undo_on_partenaires)

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture
def caf(window) -> Partner:
    """The CAF and the CCAS; a meeting of 4 March 2025 without follow-ups, and one of 6 May
    2025 that asked the CAF to write to the landlord."""
    con = window.session.con
    caf = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    partners.save(con, Partner(name="CCAS d'Auch", category_code="CCAS"))
    meetings.save(con, Meeting(held_on=date(2025, 3, 4), kind="TECHNIQUE"))
    meetings.save(con, Meeting(held_on=date(2025, 5, 6), kind="TECHNIQUE"), followups=[
        FollowUp(description="Écrire au bailleur", owner_partner_id=caf.id)])
    return caf


def owners(window, day: str) -> list[tuple[str, int | None]]:
    """Each follow-up of the meeting of ``day`` and its partner in charge, as saved."""
    held_on = date(int(day[6:]), int(day[3:5]), int(day[:2]))
    [meeting] = [m for m in meetings.all_meetings(window.session.con) if m.held_on == held_on]
    return [(f.description, f.owner_partner_id)
            for f in meetings.followups_of(window.session.con, meeting.id)]


def meeting_shown(window, qtbot, day: str):
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, day)
    return screen


def add_followup(window, qtbot, screen, text: str) -> None:
    """« Ajouter une suite », its text typed, then Tab: the cursor in « Responsable »."""
    qtbot.mouseClick(screen.editor.followups.add_button, Qt.MouseButton.LeftButton)
    type_text(QApplication.focusWidget(), text)
    press(qtbot, window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget().accessibleName() == "Responsable"


def caf_in_charge_of_a_new_followup(window, qtbot):
    """The meeting of 04/03/2025 shown, a follow-up added with « CAF du Gers » in charge
    (typed, then Tab); not saved."""
    screen = meeting_shown(window, qtbot, "04/03/2025")
    add_followup(window, qtbot, screen, "Relancer le bailleur")
    type_text(QApplication.focusWidget(), "CAF du Gers")
    press(qtbot, window, Qt.Key.Key_Tab)
    return screen


def owner_cell_clicked(qtbot, screen, row: int) -> QComboBox:
    """Click the follow-up's « Responsable » cell: the cursor in it, as typing there does."""
    view = screen.editor.followups.view
    index = form_cell(screen.editor.followups_model, row, "Responsable")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    editor = QApplication.focusWidget()
    assert isinstance(editor, QComboBox) and editor.accessibleName() == "Responsable"
    return editor


def shown_owner(screen, row: int) -> str:
    return form_cell(screen.editor.followups_model, row, "Responsable").data()


def save(window, qtbot, screen) -> None:
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)


def test_a_partner_typed_in_charge_of_a_new_followup_is_saved_and_listed(window, qtbot, caf):
    """Typed without its capitals, the name completes, and Ctrl+S saves it without leaving
    the cell first."""
    screen = meeting_shown(window, qtbot, "04/03/2025")
    add_followup(window, qtbot, screen, "Relancer le bailleur")
    type_text(QApplication.focusWidget(), "caf du")
    assert QApplication.focusWidget().currentText() == "caf du Gers"  # completed
    save(window, qtbot, screen)
    assert owners(window, "04/03/2025") == [("Relancer le bailleur", caf.id)]
    assert shown_owner(screen, 0) == "CAF du Gers"

    press(qtbot, window, Qt.Key.Key_T, ALT)  # « Suites à donner »
    view = screen.followups
    rows = [[view.proxy.index(row, column).data() for column in (1, 2)]
            for row in range(view.proxy.rowCount())]
    assert ["Relancer le bailleur", "CAF du Gers"] in rows


def test_a_name_that_names_no_partner_is_refused_at_save(window, qtbot, caf):
    screen = meeting_shown(window, qtbot, "04/03/2025")
    add_followup(window, qtbot, screen, "Relancer le bailleur")
    type_text(QApplication.focusWidget(), "CAF du Gard")
    press(qtbot, window, Qt.Key.Key_Tab)
    assert shown_owner(screen, 0) == "CAF du Gard"  # kept as typed, to be corrected
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    form = screen.editor.form
    assert read(form.general_errors.text()) == (
        "Rien n'a été enregistré : corrigez les champs signalés.")
    assert read(form._errors["followups"].text()) == (
        "Suite n° 1 : « CAF du Gard » ne correspond à aucun partenaire de la base.")
    assert owners(window, "04/03/2025") == []
    assert screen.editor.dirty

    type_text(owner_cell_clicked(qtbot, screen, 0), "CAF du Gers")  # over what was typed
    save(window, qtbot, screen)
    assert owners(window, "04/03/2025") == [("Relancer le bailleur", caf.id)]


def test_a_cell_emptied_leaves_nobody_in_charge(window, qtbot, caf):
    screen = meeting_shown(window, qtbot, "06/05/2025")
    assert shown_owner(screen, 0) == "CAF du Gers"
    editor = owner_cell_clicked(qtbot, screen, 0)
    assert (editor.currentText(), editor.lineEdit().selectedText()) == ("CAF du Gers",) * 2
    assert editor.lineEdit().cursorPosition() == 0  # a long name shows its beginning
    press(qtbot, window, Qt.Key.Key_Backspace)
    press(qtbot, window, Qt.Key.Key_Tab)
    save(window, qtbot, screen)
    assert owners(window, "06/05/2025") == [("Écrire au bailleur", None)]
    press(qtbot, window, Qt.Key.Key_T, ALT)
    view = screen.followups
    assert [view.proxy.index(0, column).data() for column in (1, 2)] == [
        "Écrire au bailleur", "—"]


def test_a_partner_chosen_then_deleted_is_saved_as_nobody(
        window, qtbot, caf, deletions_confirmed):
    screen = caf_in_charge_of_a_new_followup(window, qtbot)
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    open_section(window, qtbot, "meetings")
    assert shown_owner(screen, 0) == ""
    save(window, qtbot, screen)
    assert read(screen.editor.form.general_errors.text()) == ""
    assert owners(window, "04/03/2025") == [("Relancer le bailleur", None)]


def test_a_partner_chosen_then_deleted_and_put_back_stays_in_charge(
        window, qtbot, caf, deletions_confirmed):
    screen = caf_in_charge_of_a_new_followup(window, qtbot)
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    undo_on_partenaires(window, qtbot)
    open_section(window, qtbot, "meetings")
    assert shown_owner(screen, 0) == "CAF du Gers"
    save(window, qtbot, screen)
    assert owners(window, "04/03/2025") == [("Relancer le bailleur", caf.id)]


def test_a_partner_emptied_stays_so_when_another_deletion_is_undone(
        window, qtbot, caf, deletions_confirmed):
    """The user's choice wins over the partner the base holds for that follow-up."""
    screen = meeting_shown(window, qtbot, "06/05/2025")
    owner_cell_clicked(qtbot, screen, 0)
    press(qtbot, window, Qt.Key.Key_Backspace)
    press(qtbot, window, Qt.Key.Key_Tab)
    delete_on_partenaires(window, qtbot, "CCAS d'Auch")
    undo_on_partenaires(window, qtbot)
    open_section(window, qtbot, "meetings")
    assert shown_owner(screen, 0) == ""
    save(window, qtbot, screen)
    assert owners(window, "06/05/2025") == [("Écrire au bailleur", None)]


def test_a_partner_renamed_shows_renamed_in_the_form(window, qtbot, caf):
    screen = meeting_shown(window, qtbot, "06/05/2025")
    type_text(screen.editor.place, "Mairie d'Auch")  # unsaved: the form stays as it is
    rename_on_partenaires(window, qtbot, "CAF du Gers", "CAF du Gers (Auch)")
    open_section(window, qtbot, "meetings")
    qtbot.waitUntil(lambda: shown_owner(screen, 0) == "CAF du Gers (Auch)")
    save(window, qtbot, screen)
    assert owners(window, "06/05/2025") == [("Écrire au bailleur", caf.id)]


def test_a_name_typed_before_the_names_came_in_is_read_at_save(window, qtbot, caf, names_held):
    """The names are read on a loading thread; a meeting saved before they come keeps the
    partner it had, and reads the one typed meanwhile."""
    screen = window.show_screen("meetings")
    qtbot.waitUntil(lambda: screen.shown_data and not screen.loading)
    click_row(qtbot, screen, "06/05/2025")
    assert shown_owner(screen, 0) == ""  # not in yet
    add_followup(window, qtbot, screen, "Relancer le bailleur")
    type_text(QApplication.focusWidget(), "CCAS d'Auch")
    save(window, qtbot, screen)
    ccas = partners.find_by_name(window.session.con, "CCAS d'Auch")
    assert owners(window, "06/05/2025") == [("Écrire au bailleur", caf.id),
                                            ("Relancer le bailleur", ccas.id)]


def test_the_cell_offers_ten_thousand_partners_without_reading_them(
        window, qtbot, caf, names_read):
    mapper.insert_many(window.session.con, [
        Partner(name=f"Partenaire {number:05}", category_code="AUTRE")
        for number in range(10_000)])
    window.session.changed.emit("partner")
    screen = meeting_shown(window, qtbot, "06/05/2025")
    read_before = len(names_read)
    assert read_before and all(thread is not threading.main_thread() for thread in names_read)
    editor = owner_cell_clicked(qtbot, screen, 0)
    assert editor.count() == 10_003  # none, the CAF, the CCAS and the 10,000
    type_text(editor, "partenaire 09999")
    press(qtbot, window, Qt.Key.Key_Tab)
    assert shown_owner(screen, 0) == "Partenaire 09999"
    assert len(names_read) == read_before
