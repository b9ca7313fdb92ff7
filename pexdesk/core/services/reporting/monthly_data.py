"""What the « Point mensuel » shows, read from the base at once into a frozen snapshot.

One calendar month, set beside the month before and the same month a year earlier, for
the monthly follow-up of the action plan and of the indicators the chargé(e) de mission
owes the DDETS (roadmap axis FR1). The figures come from the queries the dashboard and
the activity bilan use (``dashboard.meeting_activity``, ``meetings.followup_rows``,
``roadmap.action_rows``, ``indicators.values_between``), so that the three agree.

What the base cannot tell, the note says rather than guesses:

* an action keeps only its current status and progress; a change of either is traced by
  the journal of changes (``change_log``), dated the day it was typed in pexdesk, without
  its values. The actions that moved in the month are those with a step of their journal
  dated in it, or a change of status or progress typed in it;
* a follow-up's completion is not dated: those « still open at the month's end » are
  those open on the note's day, judged late on the month's last day (or today, for the
  month in progress), as actions are;
* a month before the mission's start, or one the base holds nothing for, has no figures:
  « — », never 0.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from pexdesk.core.domain.kinds import ActionStatus
from pexdesk.core.domain.profile import Profile
from pexdesk.core.formatting import format_month
from pexdesk.core.repositories import indicators, mapper, roadmap
from pexdesk.core.repositories.meetings import (Agenda, FollowUpRow, MeetingRow, agenda,
                                                followup_rows, meeting_rows)
from pexdesk.core.safety import journal
from pexdesk.core.services.dashboard import MeetingActivity, meeting_activity
from pexdesk.core.services.reporting.data import ActionItem, JournalItem, Mission
from pexdesk.core.services.reporting.periods import Period, month_after, month_before

PURSUED = (ActionStatus.A_LANCER, ActionStatus.EN_COURS)
STATUS_COLUMN, PROGRESS_COLUMN = "status", "progress"


@dataclass(frozen=True)
class MonthFigures:
    """One column of « Le mois en chiffres »."""

    month: Period
    recorded: bool
    """False for a month wholly before the mission's start, or one the base holds nothing
    dated in: its figures are unknown, not nought."""
    meetings: MeetingActivity
    agenda: Agenda
    """The dossiers inscrits and ajournés, over the meetings whose relevé gives them."""
    followups_decided: int
    """Follow-ups decided at the month's meetings."""
    followups_done: int
    """Of those, the ones done on the note's day (the base does not date completion)."""
    journal_entries: int
    """Steps of the actions' journal dated in the month."""
    indicator_values: int
    """Indicator values of the month entered for the mission's département (a value
    entered as « non disponible » is not one)."""


@dataclass(frozen=True)
class ActionChange:
    """An action that moved in the month, in the roadmap's order."""

    action: ActionItem
    """Its journal: the steps dated in the month; status, progress and lateness as for
    :attr:`RoadmapMonth.late`."""
    status_changed: tuple[date, ...]
    """The days of the month its status was changed in pexdesk."""
    progress_changed: tuple[date, ...]


@dataclass(frozen=True)
class RoadmapMonth:
    statuses_on: date
    """The day statuses and progress are read on: the note's day, the base keeping none
    earlier."""
    as_of: date
    """The day lateness is judged: the month's last day, or today if it is later."""
    changes_traced: bool
    """Whether the base keeps a journal of changes (a base older than it, read as it is,
    does not): without it only the actions' journal tells what moved."""
    changed: tuple[ActionChange, ...]
    late: tuple[ActionItem, ...]
    """Actions late on :attr:`as_of`: due before it, still « à lancer » or « en cours »; the
    most late first (the roadmap's order among those due the same day)."""
    due_next: tuple[ActionItem, ...]
    """Actions due in the next month and still « à lancer » or « en cours »."""


@dataclass(frozen=True)
class IndicatorMonth:
    """An indicator of the note: monthly ones always, others when entered for the month."""

    label: str
    unit: str
    source: str
    """The source entered with the month's value, else the indicator's usual one."""
    monthly: bool
    entered: tuple[bool, bool, bool]
    """Whether a value is entered for the month, the month before, the same month a year
    earlier (``None`` in :attr:`values` for one entered as « non disponible »)."""
    values: tuple[float | None, float | None, float | None]

    @property
    def known(self) -> list[float]:
        return [v for v in self.values if v is not None]


@dataclass(frozen=True)
class MonthlyData:
    generated_on: date
    month: Period
    previous: Period
    """The month before."""
    year_before: Period
    """The same month a year earlier."""
    next_month: Period
    mission: Mission
    figures: tuple[MonthFigures, MonthFigures, MonthFigures]
    """The month's, the month before's, the same month a year earlier's."""
    roadmap: RoadmapMonth
    indicators: tuple[IndicatorMonth, ...]
    """In the catalogue's order."""
    meetings: tuple[MeetingRow, ...]
    """The month's meetings, in date order."""
    open_followups: tuple[FollowUpRow, ...]
    """Follow-ups of meetings held by the month's end and still open on the note's day,
    late on :attr:`RoadmapMonth.as_of`, the soonest due first."""
    followups_due_next: tuple[FollowUpRow, ...]
    """Open follow-ups due in the next month."""

    @property
    def in_progress(self) -> bool:
        """Whether the month is not over on the note's day: its figures are partial."""
        return self.generated_on < self.month.last

    @property
    def precedes_mission(self) -> bool:
        """Whether the month ends before the mission's start: the note can then hold little
        more than « Aucune donnée »."""
        return _before_mission(self.month, self.mission)

    @property
    def coverage(self) -> str:
        """« novembre 2026 » (the journal, the metadata)."""
        return format_month(self.month.first)

    @property
    def coverage_short(self) -> str:
        return self.coverage


def _before_mission(month: Period, mission: Mission) -> bool:
    return mission.mission_start is not None and month.last < mission.mission_start


def gather_monthly(con: sqlite3.Connection, month: Period,
                   today: date | None = None) -> MonthlyData:
    """Read the snapshot of ``month`` (a calendar month) from the base (read only)."""
    today = today or date.today()
    mission = Mission.of(mapper.get(con, Profile, 1))
    previous, year_before, next_month = month_before(month), month.previous(), month_after(month)
    as_of = min(today, month.last)
    followups = followup_rows(con, as_of)
    columns = (month, previous, year_before)
    return MonthlyData(
        generated_on=today, month=month, previous=previous, year_before=year_before,
        next_month=next_month, mission=mission,
        figures=tuple(_figures(con, m, followups, mission) for m in columns),
        roadmap=_roadmap(con, month, next_month, today),
        indicators=_indicators(con, columns, mission.department_code),
        meetings=tuple(sorted((row for row in meeting_rows(con) if row.held_on in month),
                              key=lambda row: (row.held_on, row.id))),
        open_followups=tuple(row for row in followups
                             if not row.done and row.held_on <= month.last),
        followups_due_next=tuple(row for row in followups
                                 if not row.done and row.due_on in next_month))


def _figures(con: sqlite3.Connection, month: Period, followups: list[FollowUpRow],
             mission: Mission) -> MonthFigures:
    span = (month.first.isoformat(), month.last.isoformat())
    decided = [row for row in followups if row.held_on in month]
    entries = con.execute("SELECT count(*) FROM action_journal WHERE entry_on BETWEEN ? AND ?",
                          span).fetchone()[0]
    values = con.execute("SELECT count(*) FROM indicator_value WHERE department_code = ? "
                         "AND month = ? AND value IS NOT NULL",
                         (mission.department_code, span[0])).fetchone()[0]
    meetings = meeting_activity(con, month.first, month.last)
    anything = meetings.total or decided or entries or values
    return MonthFigures(month, bool(anything) and not _before_mission(month, mission), meetings,
                        agenda(con, month.first, month.last), len(decided),
                        sum(row.done for row in decided), entries, values)


# --- Roadmap --------------------------------------------------------------------------------------

def _roadmap(con: sqlite3.Connection, month: Period, next_month: Period,
             today: date) -> RoadmapMonth:
    as_of = min(today, month.last)
    steps: dict[int, list[JournalItem]] = defaultdict(list)
    for action_id, entry_on, text in con.execute(
            "SELECT action_id, entry_on, text FROM action_journal "
            "WHERE entry_on BETWEEN ? AND ? ORDER BY entry_on, id",
            (month.first.isoformat(), month.last.isoformat())):
        steps[action_id].append(JournalItem(date.fromisoformat(entry_on), text))
    status_days, progress_days = _changes(con, month)
    changed, late, due_next = [], [], []
    for row in roadmap.action_rows(con, as_of):
        item = ActionItem(row.id, row.title, row.status, row.progress, row.start_on, row.due_on,
                          row.leads, row.late, tuple(steps.get(row.id, ())), (), ())
        if item.journal or row.id in status_days or row.id in progress_days:
            changed.append(ActionChange(item, tuple(status_days.get(row.id, ())),
                                        tuple(progress_days.get(row.id, ()))))
        if row.late:
            late.append(item)
        if row.status in PURSUED and row.due_on in next_month:
            due_next.append(item)
    return RoadmapMonth(statuses_on=today, as_of=as_of, changes_traced=journal.has_journal(con),
                        changed=tuple(changed), late=tuple(sorted(late, key=lambda a: a.due_on)),
                        due_next=tuple(due_next))


def _changes(con: sqlite3.Connection, month: Period
             ) -> tuple[dict[int, list[date]], dict[int, list[date]]]:
    """The local days of the month each action's status, and its progress, were changed
    in pexdesk, from the journal of changes (which names the columns, not the values)."""
    status: dict[int, list[date]] = defaultdict(list)
    progress: dict[int, list[date]] = defaultdict(list)
    for entry in journal.entries(con, table="action", since=_local_midnight(month.first),
                                 until=_local_midnight(month_after(month).first)):
        if entry.action != "UPDATE":
            continue
        columns = entry.summary.split(", ")
        day = entry.local_time.date()
        for column, days in ((STATUS_COLUMN, status), (PROGRESS_COLUMN, progress)):
            if column in columns and day not in days[int(entry.record_id)]:
                days[int(entry.record_id)].append(day)
    return status, progress


def _local_midnight(day: date) -> datetime:
    """The start of ``day`` on this computer's clock: a change typed at 00:30 on
    1 December belongs to December, though it is still 30 November in UTC."""
    return datetime.combine(day, time()).astimezone()


# --- Indicators -----------------------------------------------------------------------------------

def _indicators(con: sqlite3.Connection, columns: tuple[Period, Period, Period],
                department: str) -> tuple[IndicatorMonth, ...]:
    months = [column.first for column in columns]
    entered = {(value.indicator_id, value.month): value
               for value in indicators.values_between(con, department, min(months), max(months))
               if value.month in months}
    listed = []
    for indicator in indicators.catalogue(con):
        found = [entered.get((indicator.id, month)) for month in months]
        monthly = indicator.periodicity == "M"
        if not monthly and found[0] is None:
            continue
        source = found[0].source if found[0] is not None and found[0].source else indicator.source
        listed.append(IndicatorMonth(
            indicator.label_text, indicator.unit, source, monthly,
            tuple(value is not None for value in found),
            tuple(value.value if value is not None else None for value in found)))
    return tuple(listed)
