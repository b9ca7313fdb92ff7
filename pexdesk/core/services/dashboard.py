"""The figures of the « Tableau de bord », for a period the user chooses; no Qt here.

Each figure is one SQL statement, served by an index where a table grows large
(meetings by date, responses by département and date), so the screen can recompute
them whenever the period or the base changes, even on a base of many years
(``tests/bench/bench_large_base.py`` measures them on 10,000 partners, 1,000
meetings and 100,000 responses). Periods are inclusive: ``first`` and ``last``
both count.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import NamedTuple

from pexdesk.core.domain.kinds import ActionStatus, MeetingKind


class MeetingActivity(NamedTuple):
    """Meetings held in the period, and the CCAPEX cases they handled (counts only)."""

    total: int
    by_kind: dict[str, int]
    """Every meeting kind, with 0 for those not held."""
    dossiers_examined: int
    opinions_issued: int


def meeting_activity(con: sqlite3.Connection, first: date, last: date) -> MeetingActivity:
    rows = con.execute(
        """SELECT kind, count(*), sum(dossiers_examined), sum(opinions_issued)
           FROM meeting WHERE held_on BETWEEN ? AND ? GROUP BY kind""",
        (first.isoformat(), last.isoformat())).fetchall()
    held = {kind: count for kind, count, _, _ in rows}
    return MeetingActivity(total=sum(held.values()),
                           by_kind={kind: held.get(kind, 0) for kind in MeetingKind},
                           dossiers_examined=sum(row[2] for row in rows),
                           opinions_issued=sum(row[3] for row in rows))


class RoadmapProgress(NamedTuple):
    """The roadmap as it stands on a given day: an action has no single date that
    would place it in a period, so the dashboard shows its current state."""

    by_status: dict[str, int]
    """Every status, with 0 for those no action has."""
    mean_progress: float | None
    """Mean « avancement » of the actions not abandoned; None when there is none."""
    late: int
    """Actions past their due date and still « à lancer » or « en cours » (``Action.is_late``)."""

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def roadmap_progress(con: sqlite3.Connection, today: date) -> RoadmapProgress:
    rows = con.execute(
        """SELECT status, count(*), sum(progress), sum(due_on < ? AND status IN (?, ?))
           FROM action GROUP BY status""",
        (today.isoformat(), ActionStatus.A_LANCER, ActionStatus.EN_COURS)).fetchall()
    counts = {status: count for status, count, _, _ in rows}
    pursued = [row for row in rows if row[0] != ActionStatus.ABANDONNEE]
    pursued_count = sum(row[1] for row in pursued)
    mean = sum(row[2] for row in pursued) / pursued_count if pursued_count else None
    return RoadmapProgress(by_status={status: counts.get(status, 0) for status in ActionStatus},
                           mean_progress=mean, late=sum(row[3] for row in rows))


class OpenFollowUps(NamedTuple):
    """The meetings' follow-ups not done yet, as they stand on a given day: like the
    roadmap, what is still to chase up, whatever the period."""

    open: int
    late: int
    """Those past their due date."""


def open_followups(con: sqlite3.Connection, today: date) -> OpenFollowUps:
    open_count, late = con.execute(
        "SELECT count(*), coalesce(sum(due_on < ?), 0) FROM meeting_followup WHERE done = 0",
        (today.isoformat(),)).fetchone()
    return OpenFollowUps(open_count, late)


class IndicatorTrend(NamedTuple):
    """An indicator's latest known value in the period, beside the month before it."""

    code: str
    label: str
    unit: str
    month: date | None
    """The latest month of the period with a known value; None when the period has none."""
    value: float | None
    previous: float | None
    """The value of the month before ``month``; None when unknown (not available or not entered)."""

    @property
    def change(self) -> float | None:
        """Latest minus previous value (percentage points for a rate)."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def indicator_trends(con: sqlite3.Connection, first: date, last: date) -> list[IndicatorTrend]:
    """Every active indicator, in catalogue order, for the base's own département.

    A month counts when it overlaps the period. A value marked « non disponible »
    (NULL) is skipped: the latest *known* value is shown, and its month says how old
    it is.
    """
    rows = con.execute(
        """WITH place(code) AS (SELECT department_code FROM profile),
                latest(indicator_id, month) AS (
                    SELECT indicator_id, max(month) FROM indicator_value
                    WHERE department_code = (SELECT code FROM place)
                      AND month BETWEEN ? AND ? AND value IS NOT NULL
                    GROUP BY indicator_id)
           SELECT i.code, i.label, i.unit, l.month, current.value, previous.value
           FROM indicator i
           LEFT JOIN latest l ON l.indicator_id = i.id
           LEFT JOIN indicator_value current
                  ON current.indicator_id = i.id AND current.month = l.month
                 AND current.department_code = (SELECT code FROM place)
           LEFT JOIN indicator_value previous
                  ON previous.indicator_id = i.id AND previous.month = date(l.month, '-1 month')
                 AND previous.department_code = (SELECT code FROM place)
           WHERE i.active = 1
           ORDER BY i.sort_order, i.id""",
        (first.replace(day=1).isoformat(), last.isoformat())).fetchall()
    return [IndicatorTrend(code, label, unit, date.fromisoformat(month) if month else None,
                           value, previous)
            for code, label, unit, month, value, previous in rows]


class Satisfaction(NamedTuple):
    """How partners rate the mission overall (the ANIL survey's headline figure)."""

    responses: int
    """Responses of the period, with or without an overall score."""
    scored: int
    """n: the responses that give an overall score (1 to 5)."""
    positive: int
    """Those giving 4 or 5."""

    @property
    def share(self) -> float | None:
        """positive / n; None when n is 0. Whether n is large enough to show a percentage
        (shared/survey.md §4.4: not under 5) is for the screen to decide."""
        return self.positive / self.scored if self.scored else None


def satisfaction(con: sqlite3.Connection, first: date, last: date) -> Satisfaction:
    """Responses of the base's département dated in the period, whatever their campaign.

    Counting by response date rather than by campaign keeps the dashboard consistent
    (everything on it belongs to the period) and pools the campaigns of a long period.
    A response without a date takes its campaign's collection end (or start), and in a
    campaign without dates the day it was recorded, as in the statistics and the bilans.

    Dated and undated responses are two branches so that the dated ones, nearly all,
    are counted from the index on (département, date, score) alone: a single
    ``coalesce`` over both would read every response of the département.
    """
    period = {"first": first.isoformat(), "last": last.isoformat()}
    responses, scored, positive = con.execute(
        """WITH home(code) AS (SELECT department_code FROM profile)
           SELECT count(*), count(score), coalesce(sum(score >= 4), 0) FROM (
               SELECT overall_score AS score FROM response
               WHERE department_code = (SELECT code FROM home)
                 AND responded_on BETWEEN :first AND :last
               UNION ALL
               SELECT r.overall_score FROM response r JOIN campaign c ON c.id = r.campaign_id
               WHERE r.department_code = (SELECT code FROM home) AND r.responded_on IS NULL
                 AND coalesce(c.period_end, c.period_start,
                              substr(r.created_at, 1, 10)) BETWEEN :first AND :last)""",
        period).fetchone()
    return Satisfaction(responses, scored, positive)


class Dashboard(NamedTuple):
    """Everything the screen shows for one period."""

    first: date
    last: date
    meetings: MeetingActivity
    followups: OpenFollowUps
    roadmap: RoadmapProgress
    indicators: list[IndicatorTrend]
    satisfaction: Satisfaction
    empty_base: bool = False
    """Nothing entered yet (a base just created): the screen shows where to start."""


_ENTERED = ("partner", "meeting", "action", "indicator_value", "campaign")


def empty_base(con: sqlite3.Connection) -> bool:
    """True while the user has entered nothing: no partner, meeting, action, indicator value
    or campaign (the reference lists a new base comes with do not count)."""
    return not any(con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
                   for table in _ENTERED)


def dashboard(con: sqlite3.Connection, first: date, last: date,
              today: date | None = None) -> Dashboard:
    """Everything the screen shows for the period; late actions and follow-ups are judged
    on ``today``."""
    today = today or date.today()
    return Dashboard(first, last, meeting_activity(con, first, last),
                     open_followups(con, today), roadmap_progress(con, today),
                     indicator_trends(con, first, last), satisfaction(con, first, last),
                     empty_base(con))
