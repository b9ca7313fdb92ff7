"""The partners a form offers to choose from (a meeting's attendees, an action's pilots, the
partner a response names) are read once, off the UI thread, and kept: a click on a record
only checks its own. A change on Partenaires shows in them, and costs the other lists only
what it changes: Retours does not read its responses again, Partenaires its partners when
a meeting's attendance changes."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pexdesk.core.domain.models import Action, Campaign, FollowUp, Meeting, Partner, Response
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback, mapper, meetings, partners, roadmap
from pexdesk.ui.partner_names import PartnerDirectory
from tests.ui.helpers import (cell, click_row, delete_on_partenaires, open_section, opened, press,
                              read, rename_on_partenaires, shown_at_once, type_text,
                              undo_on_partenaires)

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def caf_and_ccas(window):
    """Two partners; the CAF attended a meeting of 4 March 2025, pilots an action and
    answered a campaign's questionnaire."""
    con = window.session.con
    caf = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    ccas = partners.save(con, Partner(name="CCAS d'Auch", category_code="CCAS"))
    meetings.save(con, Meeting(held_on=date(2025, 3, 4), kind="TECHNIQUE", territory="Nord"),
                  [caf.id])
    meetings.save(con, Meeting(held_on=date(2025, 5, 6), kind="TECHNIQUE", territory="Sud"),
                  [ccas.id])
    axis = roadmap.axes(con)[0].id
    roadmap.save_action(con, Action(axis_id=axis, title="Charte de prévention"), [caf.id])
    roadmap.save_action(con, Action(axis_id=axis, title="Diagnostic territorial"), [ccas.id])
    campaign = feedback.create_campaign(con, Campaign(name="Enquête 2025"),
                                        [(item.code, item.label) for item in ANIL_ITEMS])
    feedback.add_response(con, Response(campaign_id=campaign.id, category_code="CAF",
                                        department_code="32", overall_score=4,
                                        partner_id=caf.id))
    return caf, ccas


def offered(checklist) -> list[str]:
    """The checklist's rows, as read, those ticked marked « ✓ »."""
    rows = [checklist.proxy.index(row, 0) for row in range(checklist.proxy.rowCount())]
    return [("✓ " if index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
             else "") + index.data() for index in rows]


def test_clicking_from_meeting_to_meeting_reads_the_partners_no_more(
        window, qtbot, caf_and_ccas, names_read):
    """Each click read the 10,000 partners of a large base again on the UI thread: 43 ms."""
    screen = open_section(window, qtbot, "meetings")
    assert len(names_read) == 1 and names_read[0] is not threading.main_thread()
    checklist = screen.editor.attendees
    for day, ticked in (("04/03/2025", ["✓ CAF du Gers — CAF", "CCAS d'Auch — CCAS / CIAS"]),
                        ("06/05/2025", ["✓ CCAS d'Auch — CCAS / CIAS", "CAF du Gers — CAF"]),
                        ("04/03/2025", ["✓ CAF du Gers — CAF", "CCAS d'Auch — CCAS / CIAS"])):
        click_row(qtbot, screen, day)
        assert offered(checklist) == ticked
        assert checklist.summary.text() == "1 partenaire sélectionné"

    roadmap_screen = open_section(window, qtbot, "roadmap")
    click_row(qtbot, roadmap_screen, "Diagnostic territorial")
    assert offered(roadmap_screen.editor.leads) == ["✓ CCAS d'Auch — CCAS / CIAS",
                                                    "CAF du Gers — CAF"]
    assert len(names_read) == 1


def test_ticking_an_attendee_marks_the_meeting_modified_and_saves_it(
        window, qtbot, caf_and_ccas):
    caf, ccas = caf_and_ccas
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, "04/03/2025")
    assert not screen.save_button.isEnabled()
    checklist = screen.editor.attendees
    press(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is checklist.search
    type_text(checklist.search, "ccas")
    assert offered(checklist) == ["CCAS d'Auch — CCAS / CIAS"]
    press(qtbot, window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is checklist.view
    press(qtbot, window, Qt.Key.Key_Space)
    assert checklist.summary.text() == ("2 partenaires sélectionnés : 1 à voix consultative, "
                                        "1 à voix non précisée")  # the CAF's not stated
    assert screen.save_button.isEnabled()
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert meetings.attendees_of(window.session.con, screen.editor.record_id) == [caf.id, ccas.id]
    assert cell(screen, 1, "Participants") == "2"


def test_a_partner_renamed_shows_renamed_among_attendees_and_in_the_response_picker(
        window, qtbot, caf_and_ccas, rows_read):
    responses = opened(window, qtbot, "feedback", rows_read)
    assert responses.editor.partner.currentText() == "CAF du Gers"
    open_section(window, qtbot, "meetings")

    rename_on_partenaires(window, qtbot, "CAF du Gers", "Caisse d'allocations familiales")

    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, "04/03/2025")
    checklist = screen.editor.attendees
    assert offered(checklist) == ["✓ Caisse d'allocations familiales — CAF",
                                  "CCAS d'Auch — CCAS / CIAS"]
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the rename undone while the meeting shows
    qtbot.waitUntil(lambda: offered(checklist) == ["✓ CAF du Gers — CAF",
                                                   "CCAS d'Auch — CCAS / CIAS"])
    press(qtbot, window, Qt.Key.Key_Y, CTRL)
    responses = open_section(window, qtbot, "feedback")
    picker = responses.editor.partner
    assert picker.currentText() == "Caisse d'allocations familiales"
    assert [picker.itemText(i) for i in range(picker.count())] == [
        "", "Caisse d'allocations familiales", "CCAS d'Auch"]
    assert not responses.editor.dirty
    assert read(responses.count_label.text()) == "1 réponse"
    assert rows_read["response"] == 0  # 100,000 responses took 1.3 s to read again


def test_a_partner_deleted_leaves_the_attendees_and_the_response_picker_until_undone(
        window, qtbot, caf_and_ccas, rows_read, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    opened(window, qtbot, "feedback", rows_read)
    screen = open_section(window, qtbot, "partners")
    click_row(qtbot, screen, "CAF du Gers")
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Delete)

    meetings_screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, meetings_screen, "04/03/2025")
    checklist = meetings_screen.editor.attendees
    assert offered(checklist) == ["CCAS d'Auch — CCAS / CIAS"]
    assert checklist.summary.text() == "0 partenaire sélectionné"
    assert cell(meetings_screen, 1, "Participants") == "0"
    responses = open_section(window, qtbot, "feedback")
    picker = responses.editor.partner
    assert picker.currentText() == ""
    assert [picker.itemText(i) for i in range(picker.count())] == ["", "CCAS d'Auch"]

    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the deletion undone, the response shown
    qtbot.waitUntil(lambda: picker.currentText() == "CAF du Gers")
    assert not responses.editor.dirty
    meetings_screen = open_section(window, qtbot, "meetings")
    assert offered(checklist) == ["✓ CAF du Gers — CAF", "CCAS d'Auch — CCAS / CIAS"]
    assert cell(meetings_screen, 1, "Participants") == "1"
    assert rows_read["response"] == 0


def test_a_meeting_saved_before_the_partner_names_came_in_keeps_its_attendees(
        window, qtbot, caf_and_ccas, names_held):
    caf, _ = caf_and_ccas
    screen = window.show_screen("meetings")
    qtbot.waitUntil(lambda: screen.shown_data and not screen.loading)
    click_row(qtbot, screen, "04/03/2025")
    checklist = screen.editor.attendees
    assert offered(checklist) == [] and checklist.summary.text() == "1 partenaire sélectionné"
    type_text(screen.editor.place, "Mairie d'Auch")
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert meetings.attendees_of(window.session.con, screen.editor.record_id) == [caf.id]

    names_held.set()
    qtbot.waitUntil(lambda: checklist.proxy.rowCount() == 2)
    assert offered(checklist) == ["✓ CAF du Gers — CAF", "CCAS d'Auch — CCAS / CIAS"]


def test_an_attendee_ticked_counts_on_partenaires_without_its_partners_read_again(
        window, qtbot, caf_and_ccas, rows_read):
    screen = opened(window, qtbot, "partners", rows_read)
    click_row(qtbot, screen, "CCAS d'Auch")
    assert screen.editor.attended.lines() == ["06/05/2025 – Commission technique Sud"]
    assert cell(screen, 1, "Réunions") == "1"
    meetings_screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, meetings_screen, "04/03/2025")
    checklist = meetings_screen.editor.attendees
    checklist.view.setFocus()
    checklist.view.setCurrentIndex(checklist.proxy.index(1, 0))  # the CCAS, after the CAF
    press(qtbot, window, Qt.Key.Key_Space)
    with qtbot.waitSignal(meetings_screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)

    with shown_at_once(screen):
        screen = open_section(window, qtbot, "partners")
        qtbot.waitUntil(lambda: cell(screen, 1, "Réunions") == "2")
    assert screen.editor.attended.lines() == ["06/05/2025 – Commission technique Sud",
                                              "04/03/2025 – Commission technique Nord"]
    assert cell(screen, 0, "Réunions") == "1"
    assert screen.editor_title.text() == "CCAS d'Auch"

    with shown_at_once(screen):
        press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the meeting as it was
        qtbot.waitUntil(lambda: cell(screen, 1, "Réunions") == "1")
    assert screen.editor.attended.lines() == ["06/05/2025 – Commission technique Sud"]
    assert rows_read["partner"] == 0


# ---- A partner's deletion undone while a form holds unsaved changes


def score_and_undo(window, qtbot, responses) -> None:
    """The overall score typed, then Ctrl+Z: typed in the comment, it would take back the
    comment's typing first; from the next score, it reaches Édition → Annuler."""
    qtbot.mouseClick(responses.editor.scores.overall, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_4)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)


def saved_response(window, responses) -> Response:
    return feedback.get_response(window.session.con, responses.editor.record_id)


def test_a_partner_deletion_undone_over_unsaved_changes_links_the_response_again(
        window, qtbot, caf_and_ccas, deletions_confirmed):
    """The response, opened once its partner was deleted, names none; the deletion undone
    while a comment is being typed puts its partner back in the form, and the save keeps it
    (it saved the response anonymous)."""
    caf, _ = caf_and_ccas
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    responses = open_section(window, qtbot, "feedback")
    editor = responses.editor
    assert editor.partner.currentText() == ""
    type_text(editor.comment, "Relancer la CAF")

    score_and_undo(window, qtbot, responses)
    assert partners.find_by_name(window.session.con, "CAF du Gers") is not None
    qtbot.waitUntil(lambda: not PartnerDirectory.of(window.session).pending)
    assert editor.partner.currentText() == "CAF du Gers"
    assert editor.comment.toPlainText() == "Relancer la CAF" and editor.dirty
    with qtbot.waitSignal(responses.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    saved = saved_response(window, responses)
    assert (saved.partner_id, saved.comment, saved.overall_score) == (
        caf.id, "Relancer la CAF", 4)
    assert editor.partner.currentText() == "CAF du Gers" and not editor.dirty


def test_a_partner_deletion_undone_on_partenaires_shows_in_the_form_left_unsaved(
        window, qtbot, caf_and_ccas, deletions_confirmed):
    caf, _ = caf_and_ccas
    responses = open_section(window, qtbot, "feedback")
    editor = responses.editor
    type_text(editor.comment, "Relancer la CAF")
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    open_section(window, qtbot, "feedback")
    assert editor.partner.currentText() == ""  # gone: none, as the base has it now

    undo_on_partenaires(window, qtbot)
    open_section(window, qtbot, "feedback")
    assert editor.partner.currentText() == "CAF du Gers"
    assert editor.comment.toPlainText() == "Relancer la CAF"
    with qtbot.waitSignal(responses.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert saved_response(window, responses).partner_id == caf.id


def test_a_response_saved_while_the_partner_put_back_is_read_keeps_it(
        window, qtbot, caf_and_ccas, deletions_confirmed, names_held):
    """Ctrl+S pressed before the names read again after the undo came in from their thread:
    the names held lack the partner, the form reads them itself."""
    caf, _ = caf_and_ccas
    names_held.set()
    responses = open_section(window, qtbot, "feedback")
    editor = responses.editor
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    open_section(window, qtbot, "feedback")
    type_text(editor.comment, "Relancer la CAF")
    names_held.clear()

    score_and_undo(window, qtbot, responses)
    assert PartnerDirectory.of(window.session).pending
    with qtbot.waitSignal(responses.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert saved_response(window, responses).partner_id == caf.id
    assert editor.partner.currentText() == "CAF du Gers"
    names_held.set()
    qtbot.waitUntil(lambda: not PartnerDirectory.of(window.session).pending)
    assert editor.partner.currentText() == "CAF du Gers"


def test_a_response_saved_while_its_partner_deleted_is_read_is_saved_without_it(
        window, qtbot, caf_and_ccas, deletions_confirmed, names_held):
    """Ctrl+S pressed before the names read again after the deletion came in: the picker
    still offered the CAF, and the save was refused (« fait référence à un élément qui
    n'existe pas »)."""
    names_held.set()
    responses = open_section(window, qtbot, "feedback")
    editor = responses.editor
    type_text(editor.comment, "Relancer la CAF")
    names_held.clear()
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    window.show_screen("feedback")
    assert editor.partner.currentText() == "CAF du Gers"  # as the names held read

    press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert read(editor.form.general_errors.text()) == ""
    saved = saved_response(window, responses)
    assert (saved.partner_id, saved.comment) == (None, "Relancer la CAF")
    assert editor.partner.currentText() == ""


def typed(window, qtbot, picker) -> None:
    picker.lineEdit().selectAll()
    type_text(picker.lineEdit(), "CCAS d'Auch")


def picked(window, qtbot, picker) -> None:
    picker.setFocus()
    press(qtbot, window, Qt.Key.Key_Down)  # the CCAS, listed after the CAF


@pytest.mark.parametrize("choose", [typed, picked])
def test_the_partner_chosen_in_the_picker_comes_back_with_its_deletion_undone(
        window, qtbot, caf_and_ccas, deletions_confirmed, choose):
    """Both partners deleted, then put back: the one the user chose shows again, and wins
    over the partner the response has in the base (the CAF, linked to it again)."""
    _, ccas = caf_and_ccas
    responses = open_section(window, qtbot, "feedback")
    editor = responses.editor
    choose(window, qtbot, editor.partner)
    assert editor.partner.currentText() == "CCAS d'Auch" and editor.dirty
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    delete_on_partenaires(window, qtbot, "CCAS d'Auch")
    open_section(window, qtbot, "feedback")
    assert editor.partner.currentText() == ""

    undo_on_partenaires(window, qtbot)
    undo_on_partenaires(window, qtbot)
    open_section(window, qtbot, "feedback")
    assert editor.partner.currentText() == "CCAS d'Auch"
    with qtbot.waitSignal(responses.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert saved_response(window, responses).partner_id == ccas.id


def meeting_with_the_ccas_ticked(window, qtbot):
    """The meeting of 04/03/2025 shown, which the CAF attended, the CCAS ticked beside it
    with Espace; not saved."""
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, "04/03/2025")
    checklist = screen.editor.attendees
    checklist.view.setFocus()
    checklist.view.setCurrentIndex(checklist.proxy.index(1, 0))  # the CCAS, after the CAF
    press(qtbot, window, Qt.Key.Key_Space)
    return screen


def test_attendees_deleted_then_put_back_stay_ticked_in_the_meeting_being_edited(
        window, qtbot, caf_and_ccas, deletions_confirmed):
    """The CAF attended; the user ticks the CCAS and types the place. Both partners
    deleted leave the list; their deletions undone, both are ticked again."""
    caf, ccas = caf_and_ccas
    screen = meeting_with_the_ccas_ticked(window, qtbot)
    editor = screen.editor
    checklist = editor.attendees
    type_text(editor.place, "Mairie d'Auch")
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    delete_on_partenaires(window, qtbot, "CCAS d'Auch")
    open_section(window, qtbot, "meetings")
    assert offered(checklist) == []
    assert checklist.summary.text() == "0 partenaire sélectionné"

    for undone in (1, 2):
        with qtbot.waitSignal(screen.loaded):
            press(qtbot, window, Qt.Key.Key_Z, CTRL)
        qtbot.waitUntil(lambda: checklist.proxy.rowCount() == undone)
    assert offered(checklist) == ["✓ CAF du Gers — CAF", "✓ CCAS d'Auch — CCAS / CIAS"]
    assert checklist.summary.text() == ("2 partenaires sélectionnés : 1 à voix consultative, "
                                        "1 à voix non précisée")
    assert editor.place.text() == "Mairie d'Auch"
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    con = window.session.con
    assert meetings.attendees_of(con, editor.record_id) == [caf.id, ccas.id]
    assert mapper.get(con, Meeting, editor.record_id).place == "Mairie d'Auch"


def test_an_attendee_unticked_stays_unticked_when_its_deletion_is_undone(
        window, qtbot, caf_and_ccas, deletions_confirmed):
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, "04/03/2025")
    checklist = screen.editor.attendees
    checklist.view.setFocus()
    checklist.view.setCurrentIndex(checklist.proxy.index(0, 0))  # the CAF, ticked
    press(qtbot, window, Qt.Key.Key_Space)
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    undo_on_partenaires(window, qtbot)
    open_section(window, qtbot, "meetings")
    assert offered(checklist) == ["CAF du Gers — CAF", "CCAS d'Auch — CCAS / CIAS"]
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert meetings.attendees_of(window.session.con, screen.editor.record_id) == []


def test_a_meeting_saved_after_an_attendee_was_deleted_keeps_the_others(
        window, qtbot, caf_and_ccas, deletions_confirmed):
    _, ccas = caf_and_ccas
    screen = meeting_with_the_ccas_ticked(window, qtbot)
    editor = screen.editor
    checklist = editor.attendees
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    open_section(window, qtbot, "meetings")
    assert offered(checklist) == ["✓ CCAS d'Auch — CCAS / CIAS"]
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert meetings.attendees_of(window.session.con, editor.record_id) == [ccas.id]


def test_a_pilot_put_back_while_the_action_is_edited_is_saved_with_the_pilot_ticked(
        window, qtbot, caf_and_ccas, deletions_confirmed, names_held):
    """The action, opened once its pilot was deleted, shows none; the deletion undone
    elsewhere, the pilot comes back ticked beside the one the user ticked, even saved
    before the names read again came in."""
    caf, ccas = caf_and_ccas
    names_held.set()
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    screen = open_section(window, qtbot, "roadmap")
    click_row(qtbot, screen, "Charte de prévention")
    editor = screen.editor
    assert offered(editor.leads) == ["CCAS d'Auch — CCAS / CIAS"]
    editor.leads.view.setFocus()
    editor.leads.view.setCurrentIndex(editor.leads.proxy.index(0, 0))
    press(qtbot, window, Qt.Key.Key_Space)
    names_held.clear()

    undo_on_partenaires(window, qtbot)
    window.show_screen("roadmap")
    assert PartnerDirectory.of(window.session).pending
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert roadmap.leads_of(window.session.con, editor.record_id) == [caf.id, ccas.id]
    names_held.set()
    qtbot.waitUntil(lambda: editor.leads.proxy.rowCount() == 2)
    assert offered(editor.leads) == ["✓ CAF du Gers — CAF", "✓ CCAS d'Auch — CCAS / CIAS"]


@pytest.fixture
def followup_of_the_caf(window, caf_and_ccas):
    """The meeting of 4 March 2025 asked the CAF to follow one of its decisions up."""
    caf, _ = caf_and_ccas
    con = window.session.con
    [meeting] = [m for m in meetings.all_meetings(con) if m.held_on == date(2025, 3, 4)]
    meetings.save(con, meeting, followups=[FollowUp(description="Relancer le bailleur",
                                                    owner_partner_id=caf.id)])
    return meeting


def owners(window, meeting) -> list[int | None]:
    return [f.owner_partner_id for f in meetings.followups_of(window.session.con, meeting.id)]


def test_a_meeting_edited_while_its_followup_owner_is_deleted_saves(
        window, qtbot, followup_of_the_caf, deletions_confirmed):
    """The partner in charge is not in the form: the save wrote it back, and was refused
    (« fait référence à un élément qui n'existe pas »), with nothing in sight to correct."""
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, "04/03/2025")
    type_text(screen.editor.place, "Mairie d'Auch")
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    open_section(window, qtbot, "meetings")
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert read(screen.editor.form.general_errors.text()) == ""
    assert not screen.editor.dirty
    assert owners(window, followup_of_the_caf) == [None]


def test_a_followup_owner_put_back_while_its_meeting_is_edited_stays_in_charge(
        window, qtbot, followup_of_the_caf, deletions_confirmed):
    caf = partners.find_by_name(window.session.con, "CAF du Gers")
    delete_on_partenaires(window, qtbot, "CAF du Gers")
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, "04/03/2025")
    type_text(screen.editor.place, "Mairie d'Auch")
    undo_on_partenaires(window, qtbot)
    open_section(window, qtbot, "meetings")
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert owners(window, followup_of_the_caf) == [caf.id]
