"""Every meeting's follow-ups in one list, and a follow-up ticked done on its own."""

from __future__ import annotations

from datetime import date

import pytest

from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import FollowUp, Meeting, Partner
from pexdesk.core.errors import NotFoundError
from pexdesk.core.repositories import meetings, partners
from pexdesk.core.services.dashboard import OpenFollowUps, open_followups

TODAY = date(2026, 11, 16)


def meeting_with(con, held_on: date, *followups: FollowUp, kind=MeetingKind.TECHNIQUE,
                 territory: str = "") -> Meeting:
    return meetings.save(con, Meeting(held_on=held_on, kind=kind, territory=territory),
                         followups=list(followups))


def journal_since(con, after: int) -> list[tuple]:
    return [tuple(row) for row in con.execute(
        "SELECT action, table_name, record_id, summary FROM change_log WHERE id > ? ORDER BY id",
        (after,))]


def last_entry(con) -> int:
    return con.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]


def test_each_follow_up_comes_with_its_meeting_and_owner(con):
    caf = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    meeting = meeting_with(con, date(2026, 10, 5), FollowUp(
        description="Relancer le bailleur", owner_partner_id=caf.id, due_on=date(2026, 12, 1)),
        kind=MeetingKind.SOUS_CCAPEX, territory="Condom")
    [row] = meetings.followup_rows(con, TODAY)
    assert (row.description, row.owner, row.due_on, row.done, row.late) == (
        "Relancer le bailleur", "CAF du Gers", date(2026, 12, 1), False, False)
    assert (row.meeting_id, row.held_on, row.kind, row.territory) == (
        meeting.id, date(2026, 10, 5), MeetingKind.SOUS_CCAPEX, "Condom")


def test_late_means_due_before_today_and_not_done(con):
    meeting_with(con, date(2026, 10, 5),
                 FollowUp(description="due yesterday", due_on=date(2026, 11, 15)),
                 FollowUp(description="due today", due_on=TODAY),
                 FollowUp(description="done yesterday", due_on=date(2026, 11, 15), done=True),
                 FollowUp(description="no due date"))
    late = {row.description: row.late for row in meetings.followup_rows(con, TODAY)}
    assert late == {"due yesterday": True, "due today": False, "done yesterday": False,
                    "no due date": False}
    assert open_followups(con, TODAY) == OpenFollowUps(open=3, late=1)


def test_soonest_due_first_undated_last_then_by_meeting_date(con):
    meeting_with(con, date(2026, 9, 1), FollowUp(description="later meeting, undated"),
                 FollowUp(description="later meeting, due 1/12", due_on=date(2026, 12, 1)))
    meeting_with(con, date(2026, 3, 1), FollowUp(description="earlier meeting, undated"),
                 FollowUp(description="earlier meeting, due 1/12", due_on=date(2026, 12, 1)),
                 FollowUp(description="earlier meeting, due 1/11", due_on=date(2026, 11, 1)))
    assert [row.description for row in meetings.followup_rows(con, TODAY)] == [
        "earlier meeting, due 1/11", "earlier meeting, due 1/12", "later meeting, due 1/12",
        "earlier meeting, undated", "later meeting, undated"]


def test_a_deleted_owner_leaves_the_follow_up_without_one(con):
    caf = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    meeting_with(con, date(2026, 10, 5), FollowUp(description="Relancer",
                                                  owner_partner_id=caf.id))
    partners.delete(con, caf.id)
    [row] = meetings.followup_rows(con, TODAY)
    assert (row.description, row.owner) == ("Relancer", "")


def test_ticking_one_done_journals_that_follow_up_alone(con):
    meeting = meeting_with(con, date(2026, 10, 5), FollowUp(description="Relancer"),
                           FollowUp(description="Écrire au préfet"))
    long_ago = "2000-01-01T00:00:00.000Z"
    con.execute("UPDATE meeting_followup SET updated_at = ?", (long_ago,))
    first = meetings.followups_of(con, meeting.id)[0]
    start = last_entry(con)
    ticked = meetings.set_followup_done(con, first.id, True)
    assert ticked.done and ticked.updated_at > long_ago
    assert [(f.description, f.done, f.updated_at) for f in meetings.followups_of(
        con, meeting.id)] == [("Relancer", True, ticked.updated_at),
                              ("Écrire au préfet", False, long_ago)]
    assert journal_since(con, start) == [("UPDATE", "meeting_followup", str(first.id), "done")]
    meetings.set_followup_done(con, first.id, False)
    assert not meetings.followups_of(con, meeting.id)[0].done


def test_ticking_is_one_transaction(con):
    meeting = meeting_with(con, date(2026, 10, 5), FollowUp(description="Relancer"))
    [followup] = meetings.followups_of(con, meeting.id)
    start = last_entry(con)
    with pytest.raises(RuntimeError), transaction(con):  # a larger action that fails
        meetings.set_followup_done(con, followup.id, True)
        raise RuntimeError("then something else went wrong")
    assert not meetings.followups_of(con, meeting.id)[0].done
    assert last_entry(con) == start
    with pytest.raises(NotFoundError, match="suite de réunion"):
        meetings.set_followup_done(con, followup.id + 1, True)
    assert not con.in_transaction and last_entry(con) == start
