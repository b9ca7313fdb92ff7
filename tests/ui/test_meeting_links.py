"""Réunions CCAPEX: the dossiers inscrits and ajournés and the roadmap actions a meeting dealt
with, typed and ticked with the keyboard; Feuille de route: the meetings that dealt with an
action, one of which Entrée opens."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from pexdesk.core.domain.models import Action, Meeting, Partner
from pexdesk.core.repositories import meetings, partners, roadmap
from tests.ui.conftest import shown_window
from tests.ui.helpers import click_row, open_section, press, read, save_and_wait
from tests.ui.meeting_form import (ALT, CTRL, DAY, commission, keys, stored, tick_found,
                                   type_pair_and_save)

SHIFT = Qt.KeyboardModifier.ShiftModifier


def actions_of(con) -> dict[str, int]:
    """Three actions on two axes, by title."""
    axes = {axis.code: axis.id for axis in roadmap.axes(con)}
    return {title: roadmap.save_action(con, Action(axis_id=axes[code], title=title)).id
            for code, title in (("FR1_SUIVI", "Réécriture de la charte"),
                                ("FR1_SUIVI", "Tableau de bord mensuel"),
                                ("FR5_DSF", "Circuit des DSF"))}





def words(agenda) -> list[str]:
    """The words around the agenda's two counts, as they read."""
    return [label.text() for label in agenda.findChildren(QLabel)]



def test_the_agenda_and_two_actions_typed_with_the_keyboard_are_saved(qtbot, ui_settings,
                                                                    base_path):
    with shown_window(qtbot, ui_settings, base_path) as window:
        ids = actions_of(window.session.con)
        commission(window.session.con)
        screen = open_section(window, qtbot, "meetings")
        click_row(qtbot, screen, DAY)
        editor = screen.editor
        assert editor.agenda.registered.text() == "non saisi"
        press(qtbot, window, Qt.Key.Key_J, ALT)
        assert QApplication.focusWidget() is editor.agenda.registered
        keys(qtbot, window, "14")
        press(qtbot, window, Qt.Key.Key_Tab)
        keys(qtbot, window, "2")
        tick_found(qtbot, window, Qt.Key.Key_B, "charte")
        tick_found(qtbot, window, Qt.Key.Key_B, "dsf")
        assert editor.actions.summary.text() == "2 actions sélectionnées"
        assert editor.dirty
        save_and_wait(screen, qtbot)
        assert (stored(window).dossiers_registered, stored(window).dossiers_adjourned) == (14, 2)
    with shown_window(qtbot, ui_settings, base_path) as window:
        screen = open_section(window, qtbot, "meetings")
        click_row(qtbot, screen, DAY)
        editor = screen.editor
        assert (editor.agenda.registered.text(), editor.agenda.adjourned.text()) == ("14", "2")
        assert editor.actions.summary.text() == "2 actions sélectionnées"
        shown = [editor.actions.proxy.index(row, 0).data() for row in range(2)]
        assert shown == ["FR1_SUIVI — Réécriture de la charte", "FR5_DSF — Circuit des DSF"]
        assert meetings.action_ids_of(window.session.con, stored(window).id) == sorted(
            [ids["Réécriture de la charte"], ids["Circuit des DSF"]])


def test_the_words_agree_and_an_erased_count_is_non_saisi_again(window, qtbot):
    commission(window.session.con, dossiers_registered=14, dossiers_adjourned=1)
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    agenda = screen.editor.agenda
    assert words(agenda) == ["inscrits,", "dont", "ajourné"]
    press(qtbot, window, Qt.Key.Key_J, ALT)
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Backspace)  # the whole count was selected by Tab
    press(qtbot, window, Qt.Key.Key_Tab)
    assert agenda.adjourned.text() == "non saisi"
    assert words(agenda) == ["inscrits,", "dont", "ajournés"]
    save_and_wait(screen, qtbot)
    assert (stored(window).dossiers_registered, stored(window).dossiers_adjourned) == (14, None)


@pytest.mark.parametrize("registered, adjourned, message", [
    ("10", "", "« Dossiers inscrits à l'ordre du jour » (10) : moins que les dossiers examinés "
               "(12) ; les dossiers examinés sont des dossiers inscrits."),
    ("13", "2", "« Dossiers inscrits à l'ordre du jour » (13) : moins que les dossiers examinés "
                "(12) et ajournés (2), 14 en tout ; les dossiers examinés ou ajournés sont des "
                "dossiers inscrits."),
    ("3", "5", "« Dossiers ajournés » (5) : plus que les dossiers inscrits à l'ordre du jour "
               "(3)."),
])
def test_an_agenda_that_cannot_be_shows_the_message_and_saves_nothing(window, qtbot,
                                                                      registered, adjourned,
                                                                      message):
    meeting = commission(window.session.con)
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    type_pair_and_save(qtbot, window, Qt.Key.Key_J, registered, adjourned)
    form = screen.editor.form
    assert read(form._errors["agenda"].text()) == message
    assert read(form.general_errors.text()).startswith("Rien n'a été enregistré")
    assert QApplication.focusWidget() is screen.editor.agenda.registered
    assert meetings.all_meetings(window.session.con) == [meeting]  # as it was
    assert screen.editor.dirty


def test_the_action_lists_the_meetings_that_dealt_with_it_and_entree_opens_one(window, qtbot):
    con = window.session.con
    ids = actions_of(con)
    meetings.save(con, Meeting(held_on=date(2025, 1, 14), kind="PLENIERE"),
                  action_ids=[ids["Circuit des DSF"]])
    later = commission(con)
    meetings.save(con, Meeting(held_on=date(2025, 2, 4), kind="SOUS_CCAPEX", territory="Nord"))
    roadmap_screen = open_section(window, qtbot, "roadmap")
    click_row(qtbot, roadmap_screen, "Circuit des DSF")
    listed = roadmap_screen.editor.meetings
    assert listed.lines() == ["14/01/2025 – CCAPEX plénière"]
    meetings_screen = open_section(window, qtbot, "meetings")  # the commission ticks it
    click_row(qtbot, meetings_screen, DAY)
    tick_found(qtbot, window, Qt.Key.Key_B, "dsf")
    save_and_wait(meetings_screen, qtbot)
    window.show_screen("roadmap")
    assert listed.lines() == ["04/03/2025 – Commission technique",
                              "14/01/2025 – CCAPEX plénière"]
    press(qtbot, window, Qt.Key.Key_O, ALT)
    assert QApplication.focusWidget() is listed
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.current_screen() is meetings_screen
    qtbot.waitUntil(lambda: meetings_screen.editor.record_id != later.id)
    assert read(meetings_screen.editor_title.text()) == "CCAPEX plénière du 14/01/2025"
    assert meetings_screen.current_row().held_on == date(2025, 1, 14)


def test_a_meeting_opened_from_an_action_on_the_section_s_first_visit(window, qtbot):
    """Réunions CCAPEX not visited yet: its rows load first, then the meeting is shown,
    even one its filters would have hidden."""
    con = window.session.con
    ids = actions_of(con)
    plenary = meetings.save(con, Meeting(held_on=date(2024, 11, 5), kind="PLENIERE"),
                            action_ids=[ids["Réécriture de la charte"]])
    commission(con)
    roadmap_screen = open_section(window, qtbot, "roadmap")
    click_row(qtbot, roadmap_screen, "Réécriture de la charte")
    listed = roadmap_screen.editor.meetings
    where = listed.visualRect(listed.model().index(0, 0)).center()
    # A double click as the desktop sends it: QTest's alone is its second click only.
    qtbot.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=where)
    screen = window.screens["meetings"]
    qtbot.waitUntil(lambda: screen.editor.record_id == plenary.id)
    assert window.current_screen() is screen and screen.table.hasFocus()


def test_deleting_names_the_links_and_undo_puts_them_back(window, qtbot, monkeypatch):
    con = window.session.con
    ids = actions_of(con)
    meeting = meetings.save(con, Meeting(held_on=date(2025, 3, 4), kind="PLENIERE"),
                            action_ids=[ids["Circuit des DSF"], ids["Réécriture de la charte"]])
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(
        box.informativeText()) or QMessageBox.StandardButton.No)
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    assert asked[-1].startswith("• son lien avec 2 actions de la feuille de route (les actions "
                                "restent)\n")
    roadmap_screen = open_section(window, qtbot, "roadmap")
    click_row(qtbot, roadmap_screen, "Circuit des DSF")
    qtbot.mouseClick(roadmap_screen.delete_button, Qt.MouseButton.LeftButton)
    assert asked[-1].startswith("• son lien avec 1 réunion qui l'a abordée (les réunions "
                                "restent)\n")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(roadmap_screen.loaded):
        qtbot.mouseClick(roadmap_screen.delete_button, Qt.MouseButton.LeftButton)
    assert meetings.action_ids_of(con, meeting.id) == [ids["Réécriture de la charte"]]
    with qtbot.waitSignal(roadmap_screen.loaded):
        press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert meetings.action_ids_of(con, meeting.id) == sorted(
        [ids["Circuit des DSF"], ids["Réécriture de la charte"]])
    window.show_screen("meetings")
    assert screen.editor.actions.summary.text() == "2 actions sélectionnées"


def test_undoing_a_meeting_s_save_puts_its_actions_and_agenda_back(window, qtbot):
    con = window.session.con
    ids = actions_of(con)
    meeting = commission(con, dossiers_registered=12)
    meetings.save(con, meeting, action_ids=[ids["Tableau de bord mensuel"]])
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    tick_found(qtbot, window, Qt.Key.Key_B, "charte")
    press(qtbot, window, Qt.Key.Key_J, ALT)
    keys(qtbot, window, "15")
    save_and_wait(screen, qtbot)
    assert meetings.action_ids_of(con, meeting.id) == sorted(
        [ids["Réécriture de la charte"], ids["Tableau de bord mensuel"]])
    click_row(qtbot, screen, DAY)  # in the count, Ctrl+Z would take back the typing
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert meetings.action_ids_of(con, meeting.id) == [ids["Tableau de bord mensuel"]]
    assert stored(window).dossiers_registered == 12
    assert screen.editor.agenda.registered.text() == "12"
    assert screen.editor.actions.summary.text() == "1 action sélectionnée"
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Y, CTRL)
    assert stored(window).dossiers_registered == 15
    assert screen.editor.actions.summary.text() == "2 actions sélectionnées"


def test_an_action_added_on_the_roadmap_is_offered_at_once(window, qtbot):
    actions_of(window.session.con)
    commission(window.session.con)
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    assert screen.editor.actions.proxy.rowCount() == 3
    roadmap_screen = open_section(window, qtbot, "roadmap")
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert QApplication.focusWidget() is roadmap_screen.editor.axis
    press(qtbot, window, Qt.Key.Key_Down)  # the first axis
    press(qtbot, window, Qt.Key.Key_T, ALT)
    keys(qtbot, window, "Guide des bailleurs")
    save_and_wait(roadmap_screen, qtbot)
    window.show_screen("meetings")
    press(qtbot, window, Qt.Key.Key_B, ALT)
    keys(qtbot, window, "guide")
    assert [screen.editor.actions.proxy.index(0, 0).data()] == [
        "FR1_SUIVI — Guide des bailleurs"]
    assert not screen.editor.dirty


def test_a_meeting_the_partner_attended_opens_from_its_form_too(window, qtbot):
    caf = partners.save(window.session.con, Partner(name="CAF du Gers", category_code="CAF"))
    meeting = meetings.save(window.session.con, Meeting(held_on=date(2025, 3, 4),
                                                        kind="PLENIERE"), [caf.id])
    screen = open_section(window, qtbot, "partners")
    click_row(qtbot, screen, "CAF du Gers")
    attended = screen.editor.attended
    assert attended.lines() == ["04/03/2025 – CCAPEX plénière"]
    attended.setFocus()
    press(qtbot, window, Qt.Key.Key_Return)
    meetings_screen = window.screens["meetings"]
    qtbot.waitUntil(lambda: meetings_screen.editor.record_id == meeting.id)
    assert window.current_screen() is meetings_screen


def test_a_copy_keeps_the_actions_and_starts_with_its_agenda_non_saisi(window, qtbot):
    """The next séance of a series: its attendees and actions copied, its own counts."""
    con = window.session.con
    ids = actions_of(con)
    meetings.save(con, commission(con, dossiers_registered=14, dossiers_adjourned=2),
                  action_ids=[ids["Circuit des DSF"]])
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    editor = screen.editor
    assert (editor.agenda.registered.text(), editor.agenda.adjourned.text()) == (
        "non saisi", "non saisi")
    assert editor.actions.summary.text() == "1 action sélectionnée"
    assert editor.actions.checked_ids(con) == [ids["Circuit des DSF"]]
