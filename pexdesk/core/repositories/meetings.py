"""CCAPEX meetings: counts of dossiers and avis, attendees, follow-up items."""

from __future__ import annotations

import sqlite3

from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.models import FollowUp, Meeting
from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.repositories import mapper


def save(con: sqlite3.Connection, meeting: Meeting, attendee_ids: list[int] | None = None,
         followups: list[FollowUp] | None = None) -> Meeting:
    """Insert or update a meeting; attendees and follow-ups, when given, replace the stored ones."""
    problems = meeting.problems()
    for index, item in enumerate(followups or []):
        problems += [FieldError(f"followups[{index}].{e.field}", e.message) for e in item.problems()]
    if problems:
        raise ValidationError(problems)
    with transaction(con):
        if meeting.id is None:
            mapper.insert(con, meeting)
        else:
            mapper.update(con, meeting)
        if attendee_ids is not None:
            set_attendees(con, meeting.id, attendee_ids)
        if followups is not None:
            _replace_followups(con, meeting.id, followups)
    return meeting


def set_attendees(con: sqlite3.Connection, meeting_id: int, partner_ids: list[int]) -> None:
    with transaction(con), mapper.integrity_as_validation(None):
        con.execute("DELETE FROM meeting_attendance WHERE meeting_id = ?", (meeting_id,))
        con.executemany("INSERT INTO meeting_attendance(meeting_id, partner_id) VALUES (?, ?)",
                        [(meeting_id, pid) for pid in sorted(set(partner_ids))])


def attendees_of(con: sqlite3.Connection, meeting_id: int) -> list[int]:
    return [row[0] for row in con.execute(
        "SELECT partner_id FROM meeting_attendance WHERE meeting_id = ? ORDER BY partner_id",
        (meeting_id,))]


def meetings_attended(con: sqlite3.Connection, partner_id: int) -> list[Meeting]:
    return mapper.select(con, Meeting, "id IN (SELECT meeting_id FROM meeting_attendance "
                                       "WHERE partner_id = ?)", (partner_id,),
                         order="held_on DESC, id DESC")


def _replace_followups(con: sqlite3.Connection, meeting_id: int, followups: list[FollowUp]) -> None:
    kept = [f.id for f in followups if f.id is not None]
    con.execute(f"DELETE FROM meeting_followup WHERE meeting_id = ? AND id NOT IN "
                f"({', '.join('?' * len(kept))})", (meeting_id, *kept))
    for item in followups:
        item.meeting_id = meeting_id
        if item.id is None:
            mapper.insert(con, item)
        else:
            mapper.update(con, item)


def followups_of(con: sqlite3.Connection, meeting_id: int) -> list[FollowUp]:
    return mapper.select(con, FollowUp, "meeting_id = ?", (meeting_id,), order="id")


def all_meetings(con: sqlite3.Connection) -> list[Meeting]:
    return mapper.select(con, Meeting, order="held_on DESC, id DESC")


def delete(con: sqlite3.Connection, meeting_id: int) -> None:
    mapper.delete(con, Meeting, meeting_id)
