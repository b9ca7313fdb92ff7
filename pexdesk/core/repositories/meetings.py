"""CCAPEX meetings: counts of dossiers and avis and their breakdowns, attendees and the
voice each had, follow-up items, the roadmap actions they dealt with."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from pexdesk.core.db.connection import transaction
from pexdesk.core.db.migrate import schema_version
from pexdesk.core.domain.breakdown import breakdown_problems
from pexdesk.core.domain.kinds import COMMISSION_KINDS
from pexdesk.core.domain.models import FollowUp, Meeting
from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.reference.breakdowns import Breakdown
from pexdesk.core.reference.membership import Voice
from pexdesk.core.repositories import mapper, territories
from pexdesk.core.repositories.roadmap import ROADMAP_ORDER
from pexdesk.core.text import fold


Voices = Mapping[int, str | None]
"""The :class:`Voice` of attendees by partner id; None: not stated."""


def save(con: sqlite3.Connection, meeting: Meeting, attendee_ids: Iterable[int] | None = None,
         followups: list[FollowUp] | None = None, breakdown: Breakdown | None = None,
         action_ids: list[int] | None = None, voices: Voices | None = None) -> Meeting:
    """Insert or update a meeting; attendees, follow-ups, breakdown and the actions it dealt
    with, when given, replace the stored ones. A breakdown left out stays as stored, so it
    is checked against the meeting's new totals all the same. ``voices`` gives attendees
    their voice; an attendee it leaves out keeps the one stored (none, for a newcomer), an
    organisation it names that did not attend is passed over. A territory another record
    spells otherwise is stored as the base spells it (:func:`territories.usual_territory`):
    the meeting returned says how."""
    meeting.territory = territories.usual_territory(con, meeting.territory, "meeting",
                                                    meeting.id)
    problems = meeting.problems() + voice_problems(voices or {})
    for index, item in enumerate(followups or []):
        problems += [FieldError(f"followups[{index}].{e.field}", e.message) for e in item.problems()]
    if not problems:
        kept = breakdown if breakdown is not None or meeting.id is None else \
            breakdown_of(con, meeting.id)
        problems += breakdown_problems(meeting, kept or {})
    if problems:
        raise ValidationError(problems)
    with transaction(con):
        if meeting.id is None:
            mapper.insert(con, meeting)
        else:
            mapper.update(con, meeting)
        if attendee_ids is not None or voices:
            set_attendees(con, meeting.id,
                          attendees_of(con, meeting.id) if attendee_ids is None else attendee_ids,
                          voices)
        if followups is not None:
            mapper.replace_children(con, FollowUp, "meeting_id", meeting.id, followups)
        if breakdown is not None:
            _set_breakdown(con, meeting.id, breakdown)
        if action_ids is not None:
            _set_actions(con, meeting.id, action_ids)
    return meeting


def _set_breakdown(con: sqlite3.Connection, meeting_id: int, breakdown: Breakdown) -> None:
    """Rows are rewritten only where a count changed: the journal then names the breakdown
    only when it did change."""
    wanted = {(dimension, category): count for dimension, counts in breakdown.items()
              for category, count in counts.items() if count}
    stored = {(dimension, category): count for dimension, counts in
              breakdown_of(con, meeting_id).items() for category, count in counts.items()}
    con.executemany("DELETE FROM meeting_breakdown WHERE meeting_id = ? AND dimension = ? "
                    "AND category = ?", [(meeting_id, *key) for key in stored.keys() - wanted])
    con.executemany("INSERT INTO meeting_breakdown(meeting_id, dimension, category, count) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET count = excluded.count",
                    [(meeting_id, *key, count) for key, count in wanted.items()
                     if stored.get(key) != count])


BREAKDOWN_SINCE = 8
"""The schema step that added ``meeting_breakdown``."""
ACTIONS_SINCE = 9
"""The schema step that added ``meeting_action`` and the counts of the agenda."""
VOICES_SINCE = 10
"""The schema step that added the attendees' voices (and the meeting's hours, chair and
secretariat, which the mapper leaves out of an older base by themselves)."""


def breakdowns_stored(con: sqlite3.Connection) -> bool:
    """Whether the base can hold breakdowns: a base of an earlier version opened read-only
    (another pexdesk, older, holds it; a bilan from the command line) is read as it is."""
    return schema_version(con) >= BREAKDOWN_SINCE


def actions_stored(con: sqlite3.Connection) -> bool:
    """Whether the base can hold the actions meetings dealt with, and their agenda's counts
    (see :func:`breakdowns_stored`)."""
    return schema_version(con) >= ACTIONS_SINCE


def voices_stored(con: sqlite3.Connection) -> bool:
    """Whether the base can hold the attendees' voices (see :func:`breakdowns_stored`)."""
    return schema_version(con) >= VOICES_SINCE


def voice_problems(voices: Voices) -> list[FieldError]:
    unknown = sorted({voice for voice in voices.values()
                      if voice is not None and voice not in tuple(Voice)})
    return [FieldError("attendees", f"« Voix » : valeur inconnue « {voice} ».")
            for voice in unknown]


def _set_actions(con: sqlite3.Connection, meeting_id: int, action_ids: list[int]) -> None:
    """Only the links that changed are written: the journal then names the actions only
    when they did change."""
    wanted, stored = set(action_ids), set(action_ids_of(con, meeting_id))
    with mapper.integrity_as_validation(None):
        con.executemany("DELETE FROM meeting_action WHERE meeting_id = ? AND action_id = ?",
                        [(meeting_id, action_id) for action_id in sorted(stored - wanted)])
        con.executemany("INSERT INTO meeting_action(meeting_id, action_id) VALUES (?, ?)",
                        [(meeting_id, action_id) for action_id in sorted(wanted - stored)])


def action_ids_of(con: sqlite3.Connection, meeting_id: int) -> list[int]:
    """The roadmap actions ``meeting_id`` dealt with."""
    if not actions_stored(con):
        return []
    return [row[0] for row in con.execute(
        "SELECT action_id FROM meeting_action WHERE meeting_id = ? ORDER BY action_id",
        (meeting_id,))]


def actions_dealt_with(con: sqlite3.Connection, meeting_id: int) -> list[tuple[str, str]]:
    """(axis code, title) of each action ``meeting_id`` dealt with, in the roadmap's order."""
    if not actions_stored(con):
        return []
    return [tuple(row) for row in con.execute(
        f"""SELECT x.code, a.title FROM meeting_action l JOIN action a ON a.id = l.action_id
           JOIN roadmap_axis x ON x.id = a.axis_id WHERE l.meeting_id = ?
           ORDER BY {ROADMAP_ORDER}""", (meeting_id,))]


def meetings_dealing_with(con: sqlite3.Connection, action_id: int) -> list[Meeting]:
    """The meetings that dealt with ``action_id``, the latest first."""
    if not actions_stored(con):
        return []
    return _meetings_linked(con, "meeting_action", "action_id", action_id)


def _meetings_linked(con: sqlite3.Connection, table: str, column: str,
                     linked_id: int) -> list[Meeting]:
    """The meetings ``table`` links to ``linked_id`` (by its ``column``), the latest first."""
    return mapper.select(con, Meeting, f"id IN (SELECT meeting_id FROM {table} "
                                       f"WHERE {column} = ?)", (linked_id,),
                         order="held_on DESC, id DESC")


def breakdown_of(con: sqlite3.Connection, meeting_id: int) -> Breakdown:
    """The meeting's stored breakdown; a dimension or category with no count is absent."""
    breakdown: Breakdown = {}
    if not breakdowns_stored(con):
        return breakdown
    for dimension, category, count in con.execute(
            "SELECT dimension, category, count FROM meeting_breakdown WHERE meeting_id = ?",
            (meeting_id,)):
        breakdown.setdefault(dimension, {})[category] = count
    return breakdown


def breakdowns(con: sqlite3.Connection) -> dict[int, Breakdown]:
    """Every meeting's stored breakdown by meeting id, read at once for an export of the
    meetings; a meeting without one is absent."""
    found: dict[int, Breakdown] = {}
    if not breakdowns_stored(con):
        return found
    for meeting_id, dimension, category, count in con.execute(
            "SELECT meeting_id, dimension, category, count FROM meeting_breakdown"):
        found.setdefault(meeting_id, {}).setdefault(dimension, {})[category] = count
    return found


def set_attendees(con: sqlite3.Connection, meeting_id: int, partner_ids: Iterable[int],
                  voices: Voices | None = None) -> None:
    """The attendees ``partner_ids``, each with its voice in ``voices`` or, left out there,
    the one stored. Only the rows that changed are written: the journal then names the
    participants only when they did change."""
    stored = attendee_voices(con, meeting_id)
    wanted = {pid: (voices or {}).get(pid, stored.get(pid)) for pid in set(partner_ids)}
    written = sorted((pid, voice) for pid, voice in wanted.items()
                     if pid not in stored or stored[pid] != voice)
    with transaction(con), mapper.integrity_as_validation(None):
        con.executemany("DELETE FROM meeting_attendance WHERE meeting_id = ? AND partner_id = ?",
                        [(meeting_id, pid) for pid in sorted(stored.keys() - wanted.keys())])
        if voices_stored(con):
            con.executemany("INSERT INTO meeting_attendance(meeting_id, partner_id, voice) "
                            "VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET voice = excluded.voice",
                            [(meeting_id, pid, voice) for pid, voice in written])
        else:
            con.executemany("INSERT INTO meeting_attendance(meeting_id, partner_id) "
                            "VALUES (?, ?)", [(meeting_id, pid) for pid, _ in written])


def attendees_of(con: sqlite3.Connection, meeting_id: int) -> list[int]:
    return [row[0] for row in con.execute(
        "SELECT partner_id FROM meeting_attendance WHERE meeting_id = ? ORDER BY partner_id",
        (meeting_id,))]


def attendee_voices(con: sqlite3.Connection, meeting_id: int) -> dict[int, str | None]:
    """Each attendee's voice by partner id (None: not stated, and always so in a base read
    before the step that added them)."""
    voice = "voice" if voices_stored(con) else "NULL"
    return dict(con.execute(
        f"SELECT partner_id, {voice} FROM meeting_attendance WHERE meeting_id = ?",
        (meeting_id,)))


@dataclass(frozen=True)
class Attendee:
    """An organisation present at a meeting, as a relevé names it: never a person."""

    name: str
    category: str
    """Its category's label."""
    voice: str | None
    """Its :class:`Voice` that day; None: not stated."""


def attendees(con: sqlite3.Connection, meeting_id: int) -> list[Attendee]:
    """The organisations that attended ``meeting_id``, in the order of their folded names
    (« État » among the E)."""
    voice = "a.voice" if voices_stored(con) else "NULL"
    rows = con.execute(
        f"SELECT p.name, c.label, {voice} FROM meeting_attendance a "
        "JOIN partner p ON p.id = a.partner_id "
        "JOIN partner_category c ON c.code = p.category_code WHERE a.meeting_id = ?",
        (meeting_id,))
    return sorted((Attendee(*row) for row in rows), key=lambda attendee: fold(attendee.name))


def partner_name(con: sqlite3.Connection, partner_id: int | None) -> str:
    """The name of ``partner_id``; "" for none."""
    row = con.execute("SELECT name FROM partner WHERE id = ?", (partner_id,)).fetchone()
    return row[0] if row else ""


def held_on(con: sqlite3.Connection, day: date, kind: str | None = None) -> list[Meeting]:
    """The meetings held on ``day`` (of ``kind`` only, when given), as entered."""
    where, params = "held_on = ?", (day.isoformat(),)
    if kind is not None:
        where, params = where + " AND kind = ?", (*params, kind)
    return mapper.select(con, Meeting, where, params)


def nearest_days(con: sqlite3.Connection, day: date,
                 kind: str | None = None) -> tuple[date | None, date | None]:
    """The last day before ``day`` and the first after it with a meeting (of ``kind``
    only, when given); None where there is none."""
    of_kind, params = ("AND kind = ?", (kind,)) if kind is not None else ("", ())
    before, after = con.execute(
        f"""SELECT (SELECT max(held_on) FROM meeting WHERE held_on < ? {of_kind}),
                   (SELECT min(held_on) FROM meeting WHERE held_on > ? {of_kind})""",
        (day.isoformat(), *params, day.isoformat(), *params)).fetchone()
    return (date.fromisoformat(before) if before else None,
            date.fromisoformat(after) if after else None)


def meetings_attended(con: sqlite3.Connection, partner_id: int) -> list[Meeting]:
    return _meetings_linked(con, "meeting_attendance", "partner_id", partner_id)


def followups_of(con: sqlite3.Connection, meeting_id: int) -> list[FollowUp]:
    return mapper.select(con, FollowUp, "meeting_id = ?", (meeting_id,), order="id")


def owner_names(con: sqlite3.Connection, meeting_id: int) -> dict[int, str]:
    """The name of the partner in charge of each of ``meeting_id``'s follow-ups that has
    one, by follow-up id."""
    return dict(con.execute(
        "SELECT f.id, p.name FROM meeting_followup f JOIN partner p ON p.id = f.owner_partner_id "
        "WHERE f.meeting_id = ?", (meeting_id,)))


def set_followup_done(con: sqlite3.Connection, followup_id: int, done: bool) -> FollowUp:
    """Tick one follow-up done, or open it again, as partners report between two meetings:
    its meeting and the other follow-ups are left as they are."""
    with transaction(con):
        followup = mapper.get(con, FollowUp, followup_id)
        followup.done = done
        return mapper.update(con, followup)


def all_meetings(con: sqlite3.Connection) -> list[Meeting]:
    return mapper.select(con, Meeting, order="held_on DESC, id DESC")


def delete(con: sqlite3.Connection, meeting_id: int) -> None:
    mapper.delete(con, Meeting, meeting_id)


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as the list shows it."""

    id: int
    held_on: date
    kind: str
    territory: str
    mode: str
    place: str
    dossiers_examined: int
    opinions_issued: int
    attendees: int
    open_followups: int
    notes: str


def meeting_rows(con: sqlite3.Connection, only: int | None = None) -> list[MeetingRow]:
    """Every meeting's row in :func:`meeting_row_order`; with ``only``, that meeting's row
    alone (none if it is gone), for a list updating one row after a save."""
    rows = con.execute(
        f"""SELECT m.id, m.held_on, m.kind, m.territory, m.mode, m.place, m.dossiers_examined,
                  m.opinions_issued,
                  (SELECT count(*) FROM meeting_attendance WHERE meeting_id = m.id),
                  (SELECT count(*) FROM meeting_followup WHERE meeting_id = m.id AND done = 0),
                  m.notes
           FROM meeting m {"WHERE m.id = ?" if only is not None else ""}
           ORDER BY m.held_on DESC, m.id DESC""", () if only is None else (only,))
    return [MeetingRow(r[0], date.fromisoformat(r[1]), *r[2:]) for r in rows]


def meeting_row_order(row: MeetingRow) -> tuple[int, int]:
    """The order of :func:`meeting_rows` as a sort key: the latest first."""
    return -row.held_on.toordinal(), -row.id


@dataclass(frozen=True)
class FollowUpRow:
    """A follow-up as the list of every meeting's follow-ups shows it."""

    id: int
    description: str
    due_on: date | None
    done: bool
    late: bool
    """Due before the day the rows were read for, and not done."""
    owner: str
    """The partner in charge; "" when none was named, or it was deleted since."""
    meeting_id: int
    held_on: date
    kind: str
    territory: str


def followup_rows(con: sqlite3.Connection, today: date) -> list[FollowUpRow]:
    """Every meeting's follow-ups, late as of ``today``, the soonest due first (those without
    a due date last), then by the date of their meeting: what to chase up first."""
    rows = con.execute(
        """SELECT f.id, f.description, f.due_on, f.done, coalesce(p.name, ''), m.id, m.held_on,
                  m.kind, m.territory
           FROM meeting_followup f JOIN meeting m ON m.id = f.meeting_id
           LEFT JOIN partner p ON p.id = f.owner_partner_id
           ORDER BY f.due_on IS NULL, f.due_on, m.held_on, f.id""")
    result = []
    for id_, description, due, done, owner, meeting_id, held_on, kind, territory in rows:
        due_on = date.fromisoformat(due) if due else None
        result.append(FollowUpRow(id_, description, due_on, bool(done),
                                  not done and due_on is not None and due_on < today, owner,
                                  meeting_id, date.fromisoformat(held_on), kind, territory))
    return result


@dataclass(frozen=True)
class MonthCount:
    month: str
    """YYYY-MM"""
    kind: str
    meetings: int
    dossiers: int
    opinions: int


def monthly_overview(con: sqlite3.Connection, year: int) -> list[MonthCount]:
    """Meetings, dossiers and avis per month and kind for one year."""
    rows = con.execute(
        """SELECT substr(held_on, 1, 7), kind, count(*), sum(dossiers_examined),
                  sum(opinions_issued)
           FROM meeting WHERE held_on BETWEEN ? AND ?
           GROUP BY 1, 2 ORDER BY 1, 2""", (f"{year}-01-01", f"{year}-12-31"))
    return [MonthCount(*row) for row in rows]


@dataclass(frozen=True)
class Agenda:
    """The dossiers inscrits à l'ordre du jour and ajournés at a period's meetings, as far as
    their relevés give them (NULL is « non saisi », not 0). Each sum says over which
    meetings it runs, so that a bilan never sets it beside a figure of every meeting as if
    it were one: the inscrits are compared with the dossiers examined and ajournés at the
    same meetings only."""

    meetings: int
    """Meetings that examined dossiers or gave a figure of their agenda: those whose
    relevé could give one."""
    registered_meetings: int
    """Of those, the ones giving their dossiers inscrits."""
    registered: int
    examined: int
    """Dossiers examined at the meetings giving their inscrits."""
    adjourned: int
    """Dossiers ajournés at the meetings giving their inscrits, as far as given."""
    adjourned_missing: int
    """Meetings giving their inscrits but not their ajournés."""
    adjourned_elsewhere: int
    """Dossiers ajournés at meetings that do not give their inscrits."""
    adjourned_elsewhere_meetings: int

    @property
    def all_adjourned(self) -> int:
        return self.adjourned + self.adjourned_elsewhere

    @property
    def adjourned_meetings(self) -> int:
        """Meetings giving their ajournés."""
        return (self.registered_meetings - self.adjourned_missing
                + self.adjourned_elsewhere_meetings)


def agenda(con: sqlite3.Connection, first: date, last: date) -> Agenda:
    """The :class:`Agenda` of the meetings held from ``first`` to ``last``; none given in a
    base read before the step that added it."""
    span = (first.isoformat(), last.isoformat())
    if not actions_stored(con):
        examining = con.execute("SELECT count(*) FROM meeting WHERE held_on BETWEEN ? AND ? "
                                "AND dossiers_examined > 0", span).fetchone()[0]
        return Agenda(examining, 0, 0, 0, 0, 0, 0, 0)
    given = "dossiers_registered IS NOT NULL"
    return Agenda(*con.execute(
        f"""SELECT count(*), count(dossiers_registered), coalesce(sum(dossiers_registered), 0),
                   coalesce(sum(CASE WHEN {given} THEN dossiers_examined END), 0),
                   coalesce(sum(CASE WHEN {given} THEN dossiers_adjourned END), 0),
                   count(CASE WHEN {given} AND dossiers_adjourned IS NULL THEN 1 END),
                   coalesce(sum(CASE WHEN NOT {given} THEN dossiers_adjourned END), 0),
                   count(CASE WHEN NOT {given} THEN dossiers_adjourned END)
            FROM meeting WHERE held_on BETWEEN ? AND ?
              AND (dossiers_examined > 0 OR {given} OR dossiers_adjourned IS NOT NULL)""",
        span).fetchone())


@dataclass(frozen=True)
class KindPresence:
    """Those present at a period's commission meetings of one kind."""

    kind: str
    meetings: int
    """Meetings of that kind whose attendance is entered."""
    voiced: int
    """Of those, the meetings whose every organisation present has its voice stated."""
    by_voice: dict[str, int]
    """At those voiced meetings, the organisations present with each :class:`Voice`."""


@dataclass(frozen=True)
class CategoryPresence:
    """The commission meetings of a period one partner category attended."""

    code: str
    label: str
    meetings: int
    """Meetings where at least one organisation of the category was present."""
    by_voice: dict[str | None, int]
    """Of those, the meetings where one sat with each voice (None: not stated); a category
    present with two voices at one meeting (two organisations) counts in both."""


@dataclass(frozen=True)
class Participation:
    """Who sat at the CCAPEX's own meetings (``COMMISSION_KINDS``) of a period, and with
    which voice: organisations, never a person. The texts set no quorum: these describe
    attendance, not whether a meeting could deliberate."""

    meetings: int
    """Commission meetings held in the period, their attendance entered or not."""
    kinds: tuple[KindPresence, ...]
    """One per kind with an attendance entered, in ``COMMISSION_KINDS``' order."""
    categories: tuple[CategoryPresence, ...]
    """One per category present, in the categories' order."""

    @property
    def recorded(self) -> int:
        return sum(kind.meetings for kind in self.kinds)

    @property
    def voiced(self) -> int:
        return sum(kind.voiced for kind in self.kinds)


def participation(con: sqlite3.Connection, first: date, last: date) -> Participation:
    """The :class:`Participation` of the commission meetings held from ``first`` to
    ``last``; every voice unstated in a base read before the step that added them."""
    kinds = ", ".join("?" for _ in COMMISSION_KINDS)
    span = (first.isoformat(), last.isoformat(), *COMMISSION_KINDS)
    held = con.execute(f"SELECT count(*) FROM meeting WHERE held_on BETWEEN ? AND ? "
                       f"AND kind IN ({kinds})", span).fetchone()[0]
    voice = "a.voice" if voices_stored(con) else "NULL"
    present: dict[int, tuple[str, list[str | None]]] = {}
    categories: dict[str, tuple[str, set[int], dict[str | None, set[int]]]] = {}
    for meeting_id, kind, voiced, code, label in con.execute(
            f"""SELECT m.id, m.kind, {voice}, c.code, c.label FROM meeting m
               JOIN meeting_attendance a ON a.meeting_id = m.id
               JOIN partner p ON p.id = a.partner_id
               JOIN partner_category c ON c.code = p.category_code
               WHERE m.held_on BETWEEN ? AND ? AND m.kind IN ({kinds})
               ORDER BY c.sort_order, c.code""", span):
        present.setdefault(meeting_id, (kind, []))[1].append(voiced)
        _, met, by_voice = categories.setdefault(code, (label, set(), {}))
        met.add(meeting_id)
        by_voice.setdefault(voiced, set()).add(meeting_id)
    by_kind = []
    for kind in COMMISSION_KINDS:
        sittings = [voices for held_kind, voices in present.values() if held_kind == kind]
        voiced = [voices for voices in sittings if None not in voices]
        if sittings:
            by_kind.append(KindPresence(kind, len(sittings), len(voiced), {
                code: sum(voices.count(code) for voices in voiced) for code in Voice}))
    return Participation(held, tuple(by_kind), tuple(
        CategoryPresence(code, label, len(met), {v: len(ids) for v, ids in by_voice.items()})
        for code, (label, met, by_voice) in categories.items()))


def partner_choices(con: sqlite3.Connection) -> list[tuple[int, str, str, str]]:
    """(id, name, category code, category label) of every partner, active ones first, for
    the attendee, lead and response partner pickers."""
    return [tuple(row) for row in con.execute(
        "SELECT p.id, p.name, p.category_code, c.label FROM partner p "
        "JOIN partner_category c ON c.code = p.category_code "
        "ORDER BY p.active DESC, p.name COLLATE NOCASE")]


def attendance_counts(con: sqlite3.Connection) -> dict[int, int]:
    """How many meetings each partner attended, for partners who attended any."""
    return dict(con.execute(
        "SELECT partner_id, count(*) FROM meeting_attendance GROUP BY partner_id"))
