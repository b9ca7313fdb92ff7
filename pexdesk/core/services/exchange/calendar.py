"""CCAPEX meetings as an iCalendar file (RFC 5545), for Outlook, Thunderbird or a phone.

Written with ``icalendar`` (RFC 5545 escaping, line folding, value types). Each meeting
is one event whose ``UID`` is its stable UUID followed by ``@pexdesk``: exporting again
updates the events a calendar already holds instead of adding copies. ``SEQUENCE`` (the
seconds between the meeting's creation and its last change) and ``LAST-MODIFIED`` /
``DTSTAMP`` (its last change) grow with each change, so calendar clients take the newer
version. A meeting whose start is entered is an event at its hours, in floating local time
(RFC 5545 §3.3.5: the clock of the calendar reading it, as the hours were typed), ending at
its end when entered, at its start otherwise (§3.6.1); without a start, the event lasts
the whole day (``DTSTART;VALUE=DATE``, ``DTEND`` the day after) and leaves the day free.

The same base exported twice gives the same bytes: nothing depends on the time of export.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event

from pexdesk import __version__
from pexdesk.core.domain.kinds import (COMMISSION_KINDS, MEETING_KIND_LABELS, MEETING_MODE_LABELS,
                                       MeetingKind)
from pexdesk.core.domain.models import Meeting
from pexdesk.core.formatting import plural
from pexdesk.core.reference.departments import department_label
from pexdesk.core.repositories import meetings
from pexdesk.core.services.exchange.cells import clean
from pexdesk.core.services.exchange.tables import Options, attendee_names

UID_DOMAIN = "pexdesk"
PRODID = f"-//ADIL//pexdesk {__version__}//FR"

SUMMARIES = {
    **MEETING_KIND_LABELS,
    MeetingKind.PLENIERE: "CCAPEX – plénière",
    MeetingKind.TECHNIQUE: "CCAPEX – commission technique",
    MeetingKind.SOUS_CCAPEX: "Sous-CCAPEX",
}


@dataclass(frozen=True)
class CalendarMeeting:
    meeting: Meeting
    attendees: int
    attendee_names: str


def meeting_uid(meeting_uuid: str) -> str:
    return f"{meeting_uuid}@{UID_DOMAIN}"


def summary(meeting: Meeting) -> str:
    """« CCAPEX – commission technique », « Sous-CCAPEX Nord – Montbrézac »; a territory
    other than a sous-CCAPEX's is added after a dash."""
    title = SUMMARIES.get(meeting.kind, MEETING_KIND_LABELS[MeetingKind.AUTRE])
    territory = meeting.territory.strip()
    if meeting.kind == MeetingKind.SOUS_CCAPEX:
        return f"{title} {territory}".strip()
    return f"{title} – {territory}" if territory else title


def description(item: CalendarMeeting) -> str:
    meeting = item.meeting
    lines = [f"Modalité : {MEETING_MODE_LABELS.get(meeting.mode, meeting.mode).lower()}"]
    if meeting.dossiers_examined or meeting.opinions_issued:
        lines.append(f"Dossiers examinés : {meeting.dossiers_examined}")
        lines.append(f"Avis et recommandations émis : {meeting.opinions_issued}")
    if item.attendees:
        lines.append(f"{plural(item.attendees, 'partenaire présent', 'partenaires présents')} : "
                     f"{item.attendee_names}")
    if meeting.notes.strip():
        lines += ["", meeting.notes.strip()]
    return "\n".join(lines)


def calendar_meetings(con: sqlite3.Connection,
                      options: Options | None = None) -> list[CalendarMeeting]:
    """The meetings of the period (only those of :attr:`Options.only` when it names some:
    one meeting, or the meetings a filtered list shows), oldest first."""
    options = options or Options()
    names = attendee_names(con)
    counts = dict(con.execute("SELECT meeting_id, count(*) FROM meeting_attendance "
                              "GROUP BY meeting_id"))
    found = [m for m in reversed(meetings.all_meetings(con))
             if options.keeps(m.id) and options.in_period(m.held_on)]
    return [CalendarMeeting(m, counts.get(m.id, 0), names.get(m.id, "")) for m in found]


def _utc(stamp: str) -> datetime:
    """A stored timestamp (ISO 8601, UTC) to the second: iCalendar has no milliseconds."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def sequence(meeting: Meeting) -> int:
    """A revision number that grows with each change of the meeting: the whole seconds
    from its creation to its last change (0 for a meeting never changed)."""
    try:
        return max(0, int((_utc(meeting.updated_at) - _utc(meeting.created_at)).total_seconds()))
    except ValueError:
        return 0


def event(item: CalendarMeeting) -> Event:
    meeting = item.meeting
    entry = Event()
    entry.add("uid", meeting_uid(meeting.uuid))
    modified = _utc(meeting.updated_at)
    entry.add("dtstamp", modified)
    entry.add("last-modified", modified)
    entry.add("created", _utc(meeting.created_at))
    entry.add("sequence", sequence(meeting))
    if meeting.start_time is not None:
        entry.add("dtstart", datetime.combine(meeting.held_on, meeting.start_time))
        if meeting.end_time is not None:
            entry.add("dtend", datetime.combine(meeting.held_on, meeting.end_time))
    else:
        entry.add("dtstart", meeting.held_on)
        entry.add("dtend", meeting.held_on + timedelta(days=1))
    # RFC 5545 TEXT allows no control character but the tab (line breaks are escaped).
    entry.add("summary", clean(summary(meeting)))
    if meeting.place.strip():
        entry.add("location", clean(meeting.place.strip()))
    entry.add("description", clean(description(item)))
    entry.add("categories", ["CCAPEX"] if meeting.kind in COMMISSION_KINDS else ["PEX"])
    entry.add("status", "CONFIRMED")
    # A meeting at its hours takes them in the agenda; a whole-day event must not block it.
    entry.add("transp", "OPAQUE" if meeting.start_time is not None else "TRANSPARENT")
    return entry


def calendar_bytes(items: list[CalendarMeeting], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for item in items:
        calendar.add_component(event(item))
    return calendar.to_ical()


def calendar_name(con: sqlite3.Connection) -> str:
    row = con.execute("SELECT department_code FROM profile WHERE id = 1").fetchone()
    where = f" – {department_label(row[0])}" if row else ""
    return f"Réunions CCAPEX et PEX{where}"


def meeting_file_stem(meeting: Meeting) -> str:
    """A file name (without extension) for one meeting's event, from user text: made safe
    by the caller with :func:`pexdesk.core.safety.files.safe_file_name`."""
    return f"{meeting.held_on.isoformat()} {summary(meeting)}"

