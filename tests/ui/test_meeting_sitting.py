"""Réunions CCAPEX: a meeting's hours, présidence and secrétariat, and the voice of each
attendee (proposed from its category, changed under the list), typed with the keyboard,
saved, read back in a window opened again, reverted and undone with the meeting; what
cannot be is refused with the core's French message and nothing is saved."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pexdesk.core.domain.models import Meeting, Partner
from pexdesk.core.repositories import mapper, meetings, partners
from pexdesk.ui.attendee_checklist import VOICE_ROLE
from tests.core.older_bases import base_at_version
from tests.ui.conftest import shown_read_only, shown_window
from tests.ui.helpers import (click_row, delete_on_partenaires, open_section, press, read,
                              save_and_wait, type_text, undo_on_partenaires)
from tests.ui.meeting_form import (ALT, CTRL, DAY, commission, keys, stored, tick_found,
                                   type_pair_and_save)

PARTNERS = (("DDETS du Gers", "DDETS"), ("CAF du Gers", "CAF"), ("Mairie d'Auch", "COMMUNE"),
            ("Gers Habitat", "BAILSOC"))


def partners_of(con) -> dict[str, int]:
    return {name: partners.save(con, Partner(name=name, category_code=code)).id
            for name, code in PARTNERS}







def shown_voices(checklist) -> dict[str, str | None]:
    """The voice at the right of each ticked attendee's line, by the line's text."""
    model = checklist.proxy
    return {model.index(row, 0).data(): model.index(row, 0).data(VOICE_ROLE)
            for row in range(model.rowCount())
            if model.index(row, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked}


def chair_texts(editor) -> list[str]:
    return [box.currentText() for box in editor.chair.boxes.values()]


def test_hours_chair_secretariat_and_voices_typed_are_saved_and_read_back(qtbot, ui_settings,
                                                                         base_path):
    with shown_window(qtbot, ui_settings, base_path) as window:
        ids = partners_of(window.session.con)
        commission(window.session.con)
        screen = open_section(window, qtbot, "meetings")
        click_row(qtbot, screen, DAY)
        editor = screen.editor
        press(qtbot, window, Qt.Key.Key_H, ALT)
        assert QApplication.focusWidget() is editor.hours.start
        keys(qtbot, window, "9h30")
        press(qtbot, window, Qt.Key.Key_Tab)
        assert editor.hours.start.text() == "09:30"  # tidied once left
        keys(qtbot, window, "12 h")
        press(qtbot, window, Qt.Key.Key_Tab)  # to the État's box
        press(qtbot, window, Qt.Key.Key_Down)
        press(qtbot, window, Qt.Key.Key_Tab)  # to the conseil départemental's
        press(qtbot, window, Qt.Key.Key_Down)
        press(qtbot, window, Qt.Key.Key_Down)
        press(qtbot, window, Qt.Key.Key_Tab)  # the métropole's, left « non renseigné »
        press(qtbot, window, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is editor.secretariat
        keys(qtbot, window, "ddets du gers")
        tick_found(qtbot, window, Qt.Key.Key_P, "caf")
        assert read(editor.attendees.voice.currentText()) == "délibérative"  # its category's
        assert read(editor.attendees.voice_label.text()) == "Voix de « CAF du Gers » :"
        tick_found(qtbot, window, Qt.Key.Key_P, "auch")
        assert editor.attendees.voice.currentText() == "invité"
        press(qtbot, window, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is editor.attendees.voice
        press(qtbot, window, Qt.Key.Key_Up)  # the mairie sat with a voix consultative
        assert read(editor.attendees.summary.text()) == (
            "2 partenaires sélectionnés : 1 à voix délibérative, 1 à voix consultative")
        assert editor.dirty
        save_and_wait(screen, qtbot)
        meeting = stored(window)
        assert (meeting.start_time, meeting.end_time) == (time(9, 30), time(12))
        assert (meeting.chair_state, meeting.chair_department, meeting.chair_metropolis) == (
            "PRESENT", "REPRESENTE", None)
        assert meeting.secretariat_partner_id == ids["DDETS du Gers"]
        assert meetings.attendee_voices(window.session.con, meeting.id) == {
            ids["CAF du Gers"]: "DELIBERATIVE", ids["Mairie d'Auch"]: "CONSULTATIVE"}
    with shown_window(qtbot, ui_settings, base_path) as window:
        screen = open_section(window, qtbot, "meetings")
        click_row(qtbot, screen, DAY)
        editor = screen.editor
        assert (editor.hours.start.text(), editor.hours.end.text()) == ("09:30", "12:00")
        assert chair_texts(editor) == ["présent", "représenté", "non renseigné"]
        assert editor.secretariat.currentText() == "DDETS du Gers"
        assert shown_voices(editor.attendees) == {
            "CAF du Gers — CAF": "DELIBERATIVE", "Mairie d'Auch — Commune / maire": "CONSULTATIVE"}
        assert not editor.dirty


@pytest.mark.parametrize("start, end, message", [
    ("14h", "11h30", "« Heure de fin » (11 h 30) doit être après « Heure de début » (14 h)."),
    ("9h", "9:00", "« Heure de fin » (9 h) doit être après « Heure de début » (9 h)."),
    ("25h", "", "« 25h » n'est pas une heure valide (hh:mm, par exemple 9:30 ou 14h)."),
])
def test_hours_that_cannot_be_show_the_message_and_save_nothing(window, qtbot, start, end,
                                                               message):
    meeting = commission(window.session.con)
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    type_pair_and_save(qtbot, window, Qt.Key.Key_H, start, end)
    form = screen.editor.form
    assert read(form._errors["hours"].text()) == message
    assert read(form.general_errors.text()).startswith("Rien n'a été enregistré")
    assert meetings.all_meetings(window.session.con) == [meeting]  # as it was
    assert screen.editor.dirty


def test_a_secretariat_that_names_no_partner_is_refused(window, qtbot):
    partners_of(window.session.con)
    meeting = commission(window.session.con)
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    screen.editor.secretariat.setFocus()
    keys(qtbot, window, "Préfecture du Gers")
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert read(screen.editor.form._errors["secretariat_partner_id"].text()) == (
        "« Préfecture du Gers » ne correspond à aucun partenaire de la base.")
    assert meetings.all_meetings(window.session.con) == [meeting]


def test_a_voice_changed_then_unticked_and_ticked_again_comes_back_and_revert_forgets_it(
        window, qtbot):
    ids = partners_of(window.session.con)
    commission(window.session.con)
    meetings.save(window.session.con, stored(window), [ids["Gers Habitat"]],
                  voices={ids["Gers Habitat"]: "CONSULTATIVE"})
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    attendees = screen.editor.attendees
    press(qtbot, window, Qt.Key.Key_P, ALT)
    press(qtbot, window, Qt.Key.Key_Tab)  # the list, on its first line: Gers Habitat
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Down)  # consultative → invité
    assert shown_voices(attendees) == {"Gers Habitat — Bailleur social": "INVITE"}
    press(qtbot, window, Qt.Key.Key_Backtab)
    press(qtbot, window, Qt.Key.Key_Space)  # unticked…
    assert not attendees.voice.isEnabled()
    assert read(attendees.voice_label.text()) == "Voix : cochez un participant pour la préciser."
    press(qtbot, window, Qt.Key.Key_Space)  # …and ticked again: its voice is the user's
    assert shown_voices(attendees) == {"Gers Habitat — Bailleur social": "INVITE"}
    screen.revert()
    assert shown_voices(attendees) == {"Gers Habitat — Bailleur social": "CONSULTATIVE"}
    assert not screen.editor.dirty


def test_a_groupe_de_travail_proposes_no_voice_the_commission_does(window, qtbot):
    """A working group deliberates nothing: its attendees get no voice unless the user
    gives one; set to commission technique, the meeting proposes their usual voice."""
    partners_of(window.session.con)
    meetings.save(window.session.con, Meeting(held_on=date(2025, 3, 4), kind="GROUPE_TRAVAIL"))
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    attendees = screen.editor.attendees
    tick_found(qtbot, window, Qt.Key.Key_P, "DDETS")
    assert shown_voices(attendees) == {"DDETS du Gers — DDETS / DDETS-PP": None}
    kind = screen.editor.kind
    kind.setFocus()
    qtbot.keyClicks(kind, "Commission")
    assert kind.currentData() == "TECHNIQUE"
    tick_found(qtbot, window, Qt.Key.Key_P, "CAF")  # the filter shows the CAF only
    assert shown_voices(attendees) == {"CAF du Gers — CAF": "DELIBERATIVE"}
    save_and_wait(screen, qtbot)
    assert meetings.attendee_voices(window.session.con, stored(window).id) == {
        partners.find_by_name(window.session.con, "DDETS du Gers").id: None,
        partners.find_by_name(window.session.con, "CAF du Gers").id: "DELIBERATIVE"}


def test_undo_puts_back_the_voices_chair_and_hours_saved_before(window, qtbot):
    ids = partners_of(window.session.con)
    commission(window.session.con, start_time=time(9), chair_state="REPRESENTE")
    meetings.save(window.session.con, stored(window), [ids["CAF du Gers"]],
                  voices={ids["CAF du Gers"]: "DELIBERATIVE"})
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    editor = screen.editor
    press(qtbot, window, Qt.Key.Key_H, ALT)
    QApplication.focusWidget().selectAll()
    keys(qtbot, window, "10h")
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Up)  # représenté → présent
    press(qtbot, window, Qt.Key.Key_P, ALT)
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Down)  # délibérative → consultative
    save_and_wait(screen, qtbot)
    assert (stored(window).start_time, stored(window).chair_state) == (time(10), "PRESENT")
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Z, CTRL)
    meeting = stored(window)
    assert (meeting.start_time, meeting.chair_state) == (time(9), "REPRESENTE")
    assert meetings.attendee_voices(window.session.con, meeting.id) == {
        ids["CAF du Gers"]: "DELIBERATIVE"}
    assert editor.hours.start.text() == "09:00" and chair_texts(editor)[0] == "représenté"
    assert shown_voices(editor.attendees) == {"CAF du Gers — CAF": "DELIBERATIVE"}


def test_the_secretariat_s_partner_deleted_then_put_back_shows_again(window, qtbot,
                                                                    deletions_confirmed):
    ids = partners_of(window.session.con)
    commission(window.session.con, secretariat_partner_id=ids["DDETS du Gers"])
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    assert screen.editor.secretariat.currentText() == "DDETS du Gers"
    delete_on_partenaires(window, qtbot, "DDETS du Gers")
    assert stored(window).secretariat_partner_id is None
    undo_on_partenaires(window, qtbot)
    assert stored(window).secretariat_partner_id == ids["DDETS du Gers"]
    window.show_screen("meetings")
    qtbot.waitUntil(lambda: screen.editor.secretariat.currentText() == "DDETS du Gers")
    assert not screen.editor.dirty
    assert mapper.get(window.session.con, Meeting, stored(window).id).secretariat_partner_id \
        == ids["DDETS du Gers"]


def test_deleting_the_secretariat_s_partner_says_its_meetings_lose_it(window, qtbot,
                                                                      monkeypatch):
    ids = partners_of(window.session.con)
    commission(window.session.con, secretariat_partner_id=ids["DDETS du Gers"])
    screen = open_section(window, qtbot, "partners")
    click_row(qtbot, screen, "DDETS du Gers")
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(
        read(box.informativeText())) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    assert "• 1 réunion sans secrétariat" in asked[0].split("\n")
    assert stored(window).secretariat_partner_id == ids["DDETS du Gers"]


def test_dupliquer_copies_the_hours_secretariat_and_voices_not_the_chair(window, qtbot):
    """The next sitting of a series: same hours, secrétariat and attendees with their
    voices; who chairs it is its own."""
    ids = partners_of(window.session.con)
    commission(window.session.con, start_time=time(9), end_time=time(12),
               chair_state="PRESENT", secretariat_partner_id=ids["DDETS du Gers"])
    meetings.save(window.session.con, stored(window), [ids["Mairie d'Auch"]],
                  voices={ids["Mairie d'Auch"]: "CONSULTATIVE"})
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, DAY)
    qtbot.mouseClick(screen.duplicate_button, Qt.MouseButton.LeftButton)
    editor = screen.editor
    type_text(editor.held_on, "11/03/2025")
    save_and_wait(screen, qtbot)
    copy = next(m for m in meetings.all_meetings(window.session.con)
                if m.held_on == date(2025, 3, 11))
    assert (copy.start_time, copy.end_time, copy.chair_state, copy.secretariat_partner_id) == (
        time(9), time(12), None, ids["DDETS du Gers"])
    assert meetings.attendee_voices(window.session.con, copy.id) == {
        ids["Mairie d'Auch"]: "CONSULTATIVE"}
    assert chair_texts(editor)[0] == "non renseigné"


def test_a_version_9_base_held_by_an_older_pexdesk_shows_its_meetings_as_they_are(
        qtbot, ui_settings, tmp_path, fill_data):
    """Read only, the base is not upgraded: its meeting shows without hours, présidence,
    secrétariat or voices, and its attendees as entered."""
    path = tmp_path / "version9.db"
    base_at_version(path, fill_data, 9)
    with shown_read_only(qtbot, ui_settings, path) as window:
        screen = open_section(window, qtbot, "meetings")
        click_row(qtbot, screen, "14/03/2024")
        editor = screen.editor
        assert (editor.hours.start.text(), editor.hours.end.text()) == ("", "")
        assert chair_texts(editor) == ["non renseigné"] * 3
        assert editor.secretariat.currentText() == ""
        assert read(editor.attendees.summary.text()) == "20 partenaires sélectionnés"
        assert set(shown_voices(editor.attendees).values()) == {None}
