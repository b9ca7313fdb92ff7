"""The roadmap actions a meeting dealt with: links saved with the meeting, replaced,
going with the meeting or the action, journaled as a change of the meeting, put back by an
undo; schema step 9 on a version-8 base with data, and such a base read as it is."""

from __future__ import annotations

from datetime import date

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.db.migrate import SCHEMA_VERSION, schema_version
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Action, Meeting
from pexdesk.core.errors import ValidationError
from pexdesk.core.repositories import meetings, roadmap
from pexdesk.core.safety import journal
from pexdesk.core.services.snapshots import capture, restore
from tests.core.older_bases import as_before, base_at_version, tables_of
from tests.core.test_followups import journal_since, last_entry


def action(con, title: str, axis: int = 0, due_on: date | None = None) -> Action:
    return roadmap.save_action(con, Action(axis_id=roadmap.axes(con)[axis].id, title=title,
                                           due_on=due_on))


def meeting(con, day: date, kind: str = MeetingKind.PLENIERE, **links) -> Meeting:
    return meetings.save(con, Meeting(held_on=day, kind=kind), **links)


@pytest.fixture
def charter(con) -> Action:
    return action(con, "Réécriture de la charte")


@pytest.fixture
def dsf(con) -> Action:
    return action(con, "Circuit du DSF", axis=4)


def test_links_are_saved_replaced_kept_and_cleared(con, charter, dsf):
    plenary = meeting(con, date(2026, 3, 4), action_ids=[dsf.id, charter.id, dsf.id])
    assert meetings.action_ids_of(con, plenary.id) == sorted([charter.id, dsf.id])
    meetings.save(con, plenary, action_ids=[dsf.id])
    assert meetings.action_ids_of(con, plenary.id) == [dsf.id]
    plenary.place = "Préfecture"
    meetings.save(con, plenary)  # no actions given: those stored stay
    assert meetings.action_ids_of(con, plenary.id) == [dsf.id]
    meetings.save(con, plenary, action_ids=[])
    assert meetings.action_ids_of(con, plenary.id) == []


def test_an_action_that_is_gone_is_refused_and_nothing_is_written(con, charter):
    plenary = meeting(con, date(2026, 3, 4))
    plenary.place = "Préfecture"
    with pytest.raises(ValidationError, match="fait référence à un élément qui n'existe pas"):
        meetings.save(con, plenary, action_ids=[charter.id, charter.id + 100])
    assert meetings.action_ids_of(con, plenary.id) == []
    assert meetings.all_meetings(con)[0].place == ""


def test_the_actions_read_in_the_roadmap_s_order_and_the_meetings_latest_first(con, charter,
                                                                              dsf):
    soon = action(con, "Tableau de bord mensuel", due_on=date(2026, 1, 31))
    first = meeting(con, date(2026, 3, 4), action_ids=[dsf.id, charter.id, soon.id])
    later = meeting(con, date(2026, 5, 12), MeetingKind.COPIL_CHARTE, action_ids=[charter.id])
    assert meetings.actions_dealt_with(con, first.id) == [
        ("FR1_SUIVI", "Tableau de bord mensuel"), ("FR1_SUIVI", "Réécriture de la charte"),
        ("FR5_DSF", "Circuit du DSF")]
    assert [m.id for m in meetings.meetings_dealing_with(con, charter.id)] == [later.id,
                                                                             first.id]
    assert meetings.meetings_dealing_with(con, action(con, "Sans réunion").id) == []


def test_links_go_with_their_meeting_and_with_their_action(con, charter, dsf):
    first = meeting(con, date(2026, 3, 4), action_ids=[charter.id, dsf.id])
    second = meeting(con, date(2026, 4, 1), action_ids=[charter.id])
    meetings.delete(con, first.id)
    assert list(map(tuple, con.execute("SELECT meeting_id, action_id FROM meeting_action"))) \
        == [(second.id, charter.id)]
    roadmap.delete_action(con, charter.id)
    assert meetings.action_ids_of(con, second.id) == []


def test_the_journal_names_the_actions_as_a_change_of_the_meeting_when_they_change(
        con, charter, dsf):
    plenary = meeting(con, date(2026, 3, 4), action_ids=[charter.id])
    con.execute("UPDATE change_log SET created_at = '2000-01-01T00:00:00Z'")  # an older save
    before = last_entry(con)
    meetings.save(con, plenary, action_ids=[charter.id])
    assert journal_since(con, before) == []
    meetings.save(con, plenary, action_ids=[charter.id, dsf.id])
    assert [(e.table_name, e.record_id, e.detail) for e in journal.entries(con)
            if e.id > before] == [("meeting", str(plenary.id), "actions abordées")]
    con.execute("UPDATE change_log SET created_at = '2000-01-01T00:00:00Z'")
    before = last_entry(con)
    roadmap.delete_action(con, dsf.id)  # the meeting no longer lists it: its change too
    assert journal_since(con, before) == [
        ("UPDATE", "meeting", str(plenary.id), "actions abordées"),
        ("DELETE", "action", str(dsf.id), "")]


def test_undo_s_snapshots_put_the_links_back(con, charter, dsf):
    """Undo restores a snapshot of the record and what cascades from it: the links of a
    meeting edited or deleted, those of an action deleted."""
    plenary = meeting(con, date(2026, 3, 4), action_ids=[charter.id])
    before = capture(con, "meeting", plenary.id)
    meetings.save(con, plenary, action_ids=[dsf.id])
    restore(con, before)
    assert meetings.action_ids_of(con, plenary.id) == [charter.id]
    meetings.delete(con, plenary.id)
    restore(con, before)
    assert meetings.action_ids_of(con, plenary.id) == [charter.id]
    kept = capture(con, "action", charter.id)
    roadmap.delete_action(con, charter.id)
    restore(con, kept)
    assert meetings.action_ids_of(con, plenary.id) == [charter.id]


# --- schema step 9 ------------------------------------------------------------------------------

def test_a_version_8_base_upgrades_keeping_its_data_and_takes_agenda_and_actions(tmp_path,
                                                                                 fill_data):
    path = tmp_path / "version8.db"
    before = base_at_version(path, fill_data, 8)
    with Base.open(path) as opened:
        con = opened.con
        assert schema_version(con) == SCHEMA_VERSION
        assert as_before(con, before) == before
        assert [row[-2:] for row in tables_of(con)["meeting"]] == [(None, None)]
        [plenary] = meetings.all_meetings(con)
        assert (plenary.dossiers_registered, plenary.dossiers_adjourned) == (None, None)
        plenary.dossiers_registered, plenary.dossiers_adjourned = 45, 3
        meetings.save(con, plenary, action_ids=[action(con, "Charte").id])
        [stored] = meetings.all_meetings(con)
        assert (stored.dossiers_registered, stored.dossiers_adjourned) == (45, 3)
        assert meetings.actions_dealt_with(con, plenary.id) == [("FR1_SUIVI", "Charte")]


def test_a_version_8_base_read_as_it_is_has_no_agenda_and_no_actions(tmp_path, fill_data):
    path = tmp_path / "version8.db"
    base_at_version(path, fill_data, 8)
    with Base.open(path, read_only=True) as opened:
        con = opened.con
        assert schema_version(con) == 8 and not meetings.actions_stored(con)
        [plenary] = meetings.all_meetings(con)
        assert (plenary.dossiers_examined, plenary.dossiers_registered,
                plenary.dossiers_adjourned) == (42, None, None)
        assert meetings.action_ids_of(con, plenary.id) == []
        assert meetings.actions_dealt_with(con, plenary.id) == []
        charter = roadmap.action_choices(con)  # none in fill_data's base, but readable
        assert charter == []
        assert meetings.meetings_dealing_with(con, 1) == []
        assert meetings.agenda(con, date(2024, 1, 1), date(2024, 12, 31)) == meetings.Agenda(
            1, 0, 0, 0, 0, 0, 0, 0)
