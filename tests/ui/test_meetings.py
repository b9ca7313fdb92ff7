"""Réunions CCAPEX: record a meeting with attendees, counts and a follow-up item."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pexdesk.core.domain.models import Partner
from pexdesk.core.repositories import meetings, partners
from tests.ui.helpers import (cell, form_cell, open_section, press, read, save_and_wait,
                              type_text)


def test_record_a_meeting_with_attendees(window, qtbot):
    con = window.session.con
    caf = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    partners.save(con, Partner(name="Préfecture du Gers", category_code="PREF"))
    screen = open_section(window, qtbot, "meetings")
    assert "Aucune réunion enregistrée" in screen.empty_label.text()
    qtbot.keyClick(screen.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert screen.editor_title.text() == "Nouvelle réunion"
    editor = screen.editor
    qtbot.keyClicks(editor.held_on, "14/03/2025")
    editor.kind.setCurrentIndex(editor.kind.findData("SOUS_CCAPEX"))
    qtbot.keyClicks(editor.territory, "Arrondissement de Condom")
    for box, typed in ((editor.dossiers, "12"), (editor.opinions, "9")):
        box.lineEdit().selectAll()  # as when tabbing into the box
        qtbot.keyClicks(box.lineEdit(), typed)
    checklist = editor.attendees
    qtbot.keyClicks(checklist.search, "caf")
    checklist.view.setFocus()
    checklist.view.setCurrentIndex(checklist.proxy.index(0, 0))
    qtbot.keyClick(checklist.view, Qt.Key.Key_Space)
    assert checklist.summary.text() == "1 partenaire sélectionné : 1 à voix délibérative"
    qtbot.mouseClick(editor.followups.add_button, Qt.MouseButton.LeftButton)
    model = editor.followups_model
    model.setData(model.index(0, 0), "Relancer le bailleur sur le protocole")
    model.setData(form_cell(model, 0, "Échéance"), "30/04/2025")
    save_and_wait(screen, qtbot)
    stored = meetings.all_meetings(con)
    assert len(stored) == 1
    meeting = stored[0]
    assert (meeting.held_on, meeting.kind, meeting.territory) == (
        date(2025, 3, 14), "SOUS_CCAPEX", "Arrondissement de Condom")
    assert (meeting.dossiers_examined, meeting.opinions_issued) == (12, 9)
    assert meetings.attendees_of(con, meeting.id) == [caf.id]
    [followup] = meetings.followups_of(con, meeting.id)
    assert followup.due_on == date(2025, 4, 30)
    assert cell(screen, 0, "Dossiers") == "12"
    assert screen.count_label.text() == "1 réunion"


def test_sous_ccapex_without_territory_is_refused(window, qtbot):
    screen = open_section(window, qtbot, "meetings")
    screen.new_record()
    editor = screen.editor
    qtbot.keyClicks(editor.held_on, "31/02/2025")
    editor.kind.setCurrentIndex(editor.kind.findData("SOUS_CCAPEX"))
    screen.save()
    assert read(editor.form._errors["held_on"].text()) == (
        "« 31/02/2025 » n'est pas une date valide (jj/mm/aaaa).")
    editor.held_on.clear()
    qtbot.keyClicks(editor.held_on, "01/02/2025")
    screen.save()
    assert read(editor.form._errors["territory"].text()) == (
        "« Territoire » est obligatoire pour une sous-CCAPEX.")
    assert window.session.con.execute("SELECT count(*) FROM meeting").fetchone()[0] == 0


def test_monthly_overview_counts_meetings_and_dossiers(window, qtbot):
    from pexdesk.core.domain.models import Meeting
    con = window.session.con
    for day, kind, dossiers in ((date(2025, 3, 4), "TECHNIQUE", 10),
                                (date(2025, 3, 20), "SOUS_CCAPEX", 5),
                                (date(2025, 5, 6), "TECHNIQUE", 7)):
        meetings.save(con, Meeting(held_on=day, kind=kind, territory="Nord",
                                   dossiers_examined=dossiers))
    screen = open_section(window, qtbot, "meetings")
    overview = screen.overview
    assert overview.year.currentText() == "2025"
    march = overview.model.row(2)
    assert (march.counts, march.dossiers) == ({"TECHNIQUE": 1, "SOUS_CCAPEX": 1}, 15)
    assert read(overview.total.text()) == "2025 : 3 réunions, 22 dossiers examinés, 0 avis émis."


def test_monthly_overview_of_a_base_without_meetings_says_what_fills_it(window, qtbot):
    overview = open_section(window, qtbot, "meetings").overview
    assert not overview.view.isVisibleTo(overview)
    assert "Ctrl+N pour saisir la première" in read(overview.total.text())


def test_attendee_list_shows_every_partner_and_filters(window, qtbot):
    con = window.session.con
    for name in ("CAF du Gers", "CCAS d'Auch", "CCAS de Condom"):
        partners.save(con, Partner(name=name, category_code="CCAS" if "CCAS" in name else "CAF"))
    screen = open_section(window, qtbot, "meetings")
    screen.new_record()
    checklist = screen.editor.attendees
    assert checklist.view.model().rowCount() == 3
    qtbot.keyClicks(checklist.search, "ccas")
    assert checklist.view.model().rowCount() == 2
    assert checklist.summary.text() == "0 partenaire sélectionné"


def a_saved_meeting(window, qtbot):
    from pexdesk.core.domain.models import Meeting
    meetings.save(window.session.con, Meeting(held_on=date(2025, 3, 4), kind="TECHNIQUE",
                                              place="Mairie d'Auch"))
    screen = open_section(window, qtbot, "meetings")
    qtbot.waitUntil(lambda: screen.editor.record_id is not None)
    return screen


def test_what_is_typed_survives_a_save_on_another_screen(window, qtbot):
    screen = a_saved_meeting(window, qtbot)
    screen.editor.place.selectAll()
    type_text(screen.editor.place, "Salle du conseil")
    assert screen.editor.dirty
    partners_screen = open_section(window, qtbot, "partners")
    qtbot.keyClick(partners_screen.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(partners_screen.editor.name, "CAF du Gers")
    partners_screen.editor.category.setCurrentIndex(
        partners_screen.editor.category.findData("CAF"))
    save_and_wait(partners_screen, qtbot)
    screen = open_section(window, qtbot, "meetings")  # its list reloads (it shows partners)
    qtbot.waitUntil(lambda: not screen.loading)
    assert screen.editor.place.text() == "Salle du conseil" and screen.editor.dirty


def test_undoing_the_creation_of_the_only_meeting_shows_the_empty_list(window, qtbot,
                                                                      monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(
        lambda parent, title, *rest: told.append(title)))
    screen = open_section(window, qtbot, "meetings")
    qtbot.keyClick(screen.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.editor.held_on, "05/11/2025")
    save_and_wait(screen, qtbot)
    assert screen.editor.record_id is not None
    assert window.undo_action.iconText() == "Annuler la création de la réunion"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.count_label.text() == "0 réunion")
    # As any empty list: the hint, an empty greyed form without a title, nothing to act on.
    assert screen.empty_label.isVisible() and screen.empty_label.text() == screen.empty_hint
    assert not screen.editor.isEnabled() and screen.editor_title.text() == ""
    assert screen.editor.held_on.text() == ""
    assert not screen.delete_button.isEnabled() and not screen.duplicate_button.isEnabled()
    assert told == []  # nothing typed was lost: nothing to say


def test_a_wrong_date_in_the_follow_ups_is_refused_with_a_message(window, qtbot):
    screen = a_saved_meeting(window, qtbot)
    editor = screen.editor
    qtbot.mouseClick(editor.followups.add_button, Qt.MouseButton.LeftButton)
    model = editor.followups_model
    model.setData(model.index(0, 0), "Relancer le bailleur")
    model.setData(form_cell(model, 0, "Échéance"), "31/02/2025")
    assert read(editor.followups.refusal.text()) == (
        "Échéance : « 31/02/2025 » n'est pas une date valide (jj/mm/aaaa). La valeur "
        "précédente est gardée.")
    model.setData(form_cell(model, 0, "Échéance"), "28/02/2025")
    assert not editor.followups.refusal.isVisibleTo(editor)


def test_duplicating_a_meeting_copies_its_series_not_its_figures(window, qtbot):
    from pexdesk.core.domain.models import Meeting
    con = window.session.con
    caf = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    meetings.save(con, Meeting(held_on=date(2025, 3, 4), kind="SOUS_CCAPEX", territory="Nord",
                               place="Mairie d'Auch", dossiers_examined=5, opinions_issued=3,
                               notes="Relevé de la séance"), [caf.id])
    screen = open_section(window, qtbot, "meetings")
    qtbot.waitUntil(lambda: screen.editor.record_id is not None)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    editor = screen.editor
    assert (editor.kind.currentData(), editor.territory.text(), editor.place.text()) == (
        "SOUS_CCAPEX", "Nord", "Mairie d'Auch")
    assert editor.attendees.checked_ids(con) == [caf.id]
    assert (editor.dossiers.value(), editor.opinions.value(), editor.notes.value()) == (0, 0, "")
    assert editor.held_on.text() == ""


def test_the_attendee_filter_ignores_accents_and_says_when_nothing_matches(window, qtbot):
    partners.save(window.session.con, Partner(name="Préfecture du Gers", category_code="PREF"))
    screen = open_section(window, qtbot, "meetings")
    qtbot.keyClick(screen.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    checklist = screen.editor.attendees
    qtbot.keyClicks(checklist.search, "prefecture")
    assert checklist.proxy.rowCount() == 1
    checklist.search.clear()
    qtbot.keyClicks(checklist.search, "zzz")
    assert read(checklist.summary.text()) == (
        "0 partenaire sélectionné · aucun partenaire ne correspond à « zzz »")


def test_a_follow_up_and_its_due_date_are_typed_with_tab_between(window, qtbot):
    """Tab from the follow-up's text went past its due date, out of the table: typing the
    date took Maj+Tab, Échap and → on top."""
    screen = a_saved_meeting(window, qtbot)
    followups = screen.editor.followups
    qtbot.mouseClick(followups.add_button, Qt.MouseButton.LeftButton)
    type_text(QApplication.focusWidget(), "Relancer le bailleur")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget().accessibleName() == "Responsable"  # left empty
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), "30/04/2025")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget().accessibleName() == "Responsable"  # and back
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # past « Fait », a box to tick
    assert QApplication.focusWidget() is followups.add_button  # Espace: the next follow-up
    save_and_wait(screen, qtbot)
    [followup] = meetings.followups_of(window.session.con, screen.editor.record_id)
    assert (followup.description, followup.due_on) == ("Relancer le bailleur", date(2025, 4, 30))


def test_ctrl_s_while_a_follow_up_is_typed_saves_it(window, qtbot):
    """What is typed in a cell reached the table only once the cell was left: Ctrl+S
    pressed while typing saved the meeting without it, and the text was gone."""
    screen = a_saved_meeting(window, qtbot)
    qtbot.mouseClick(screen.editor.followups.add_button, Qt.MouseButton.LeftButton)
    type_text(QApplication.focusWidget(), "Relancer le bailleur")
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier)
    [followup] = meetings.followups_of(window.session.con, screen.editor.record_id)
    assert followup.description == "Relancer le bailleur"
    assert not screen.editor.dirty


def type_at_end_of_first_follow_up(window, qtbot, screen, text: str) -> None:
    """F2 on the first follow-up's « Suite », End, then ``text``: the cell left being typed."""
    table = screen.editor.followups.view
    table.setFocus()
    table.setCurrentIndex(form_cell(screen.editor.followups_model, 0, "Suite"))
    press(qtbot, window, Qt.Key.Key_F2)
    press(qtbot, window, Qt.Key.Key_End)
    type_text(QApplication.focusWidget(), text)


def test_ctrl_s_while_a_saved_follow_up_is_edited_saves_it(window, qtbot):
    """Editing a saved follow-up with nothing else changed, the form counted itself
    modified only once the cell was left: Ctrl+S, not offered until then, did nothing."""
    from pexdesk.core.domain.models import FollowUp, Meeting

    meeting = Meeting(held_on=date(2025, 3, 4), kind="TECHNIQUE")
    meetings.save(window.session.con, meeting, [], [FollowUp(description="Relancer le bailleur")])
    screen = open_section(window, qtbot, "meetings")
    qtbot.waitUntil(lambda: screen.editor.record_id == meeting.id)
    type_at_end_of_first_follow_up(window, qtbot, screen, " et la CAF")
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [followup] = meetings.followups_of(window.session.con, meeting.id)
    assert followup.description == "Relancer le bailleur et la CAF"


def test_a_follow_up_being_typed_is_asked_about_before_another_meeting_shows(window, qtbot,
                                                                               monkeypatch):
    """A cell being typed had not yet reached the form, which was not « modified »: going
    to another meeting in the list left it without a word and the
    text was lost."""
    from pexdesk.core.domain.models import FollowUp, Meeting

    meeting = Meeting(held_on=date(2025, 3, 4), kind="TECHNIQUE", place="Mairie d'Auch")
    meetings.save(window.session.con, meeting, [],
                  [FollowUp(description="Relancer le bailleur")])
    meetings.save(window.session.con, Meeting(held_on=date(2025, 2, 4), kind="TECHNIQUE"))
    screen = open_section(window, qtbot, "meetings")
    qtbot.waitUntil(lambda: screen.editor.record_id == meeting.id)
    type_at_end_of_first_follow_up(window, qtbot, screen, " et la CAF")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *_: asked.append(text) or QMessageBox.StandardButton.Save))
    screen.table.selectRow(1)  # as a click on the next meeting of the list does
    assert asked and "modifications non enregistrées" in read(asked[0])
    [followup] = meetings.followups_of(window.session.con, meeting.id)
    assert followup.description == "Relancer le bailleur et la CAF"


def test_ctrl_f_from_the_monthly_overview_shows_the_search(window, qtbot):
    """Ctrl+F on « Vue par mois » put the cursor in the list's search, out of sight: what
    was typed then filtered a list nobody saw."""
    from PySide6.QtWidgets import QTabWidget

    screen = a_saved_meeting(window, qtbot)
    tabs = screen.findChild(QTabWidget)
    tabs.setCurrentWidget(screen.overview)
    qtbot.keyClick(screen.overview.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.search.isVisible() and screen.search.hasFocus()
