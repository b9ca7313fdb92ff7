"""Everything a bilan shows, read from the base at once into a frozen snapshot.

:func:`gather` runs a fixed number of queries (none per row, so a base of 10,000
partners and 100,000 responses costs well under a second) and returns a
:class:`ReportData`; the PDF is then laid out from the snapshot only, without the
connection, so the application can build it on a worker thread while the user goes
on working in the base.

Periods (``periods.Period``) are inclusive, like the dashboard's. The roadmap has no
history: its statuses and progress are the ones stored now (``RoadmapData.statuses_on``),
which a bilan of a past period must say; what is dated is read as of the period's end: an action starting after a past
period is not followed, a deliverable handed over after it is still expected, and an action is
judged late on the period's last day (or today if the period ends in the future).
Meetings' follow-ups have no history either (``FollowUpsData``): they are read on the
roadmap's ``statuses_on`` day, done or open and late as they are then.
A partner counts as a charte signatory from the day of signature on (always, when
that day is not recorded).
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from pexdesk.core.domain.kinds import ActionStatus, MeetingKind
from pexdesk.core.domain.models import Charter
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import NotFoundError
from pexdesk.core.reference.breakdowns import DIMENSIONS, Dimension
from pexdesk.core.reference.departments import department_in_text, departments
from pexdesk.core.repositories import charters, feedback, mapper, partners, roadmap
from pexdesk.core.repositories.meetings import (Agenda, FollowUpRow, Participation,
                                                actions_stored, agenda, breakdowns_stored,
                                                followup_rows, participation)
from pexdesk.core.repositories.territories import territory_spellings
from pexdesk.core.services import dashboard
from pexdesk.core.services.charter import Evaluation, evaluate_all
from pexdesk.core.services.dashboard import MeetingActivity, Satisfaction
from pexdesk.core.services.indicator_series import IndicatorSeries
from pexdesk.core.services.reporting.periods import Period
from pexdesk.core.services.statistics import Scope, SurveyStatistics, statistics
from pexdesk.core.spellings import spelling_key
from pexdesk.core.text import fold_label

_NAMES_AN_ADIL = re.compile(r"(adil|agence departementale d information sur le logement)"
                            r"(?![a-z])")
"""A folded name that already says « ADIL » (« adil 35 », « adil du gers »)."""


@dataclass(frozen=True)
class Mission:
    adil_name: str
    officer_name: str
    department_code: str
    department_name: str
    mission_start: date | None
    mission_end: date | None
    logo: bytes | None = field(default=None, repr=False)
    """The ADIL's logo for the cover (the image file's bytes); None: none."""

    @classmethod
    def of(cls, profile: Profile) -> Mission:
        return cls(profile.adil_name, profile.officer_name, profile.department_code,
                   departments().get(profile.department_code, profile.department_code),
                   profile.mission_start, profile.mission_end, profile.logo)

    @property
    def department_label(self) -> str:
        return f"{self.department_name} ({self.department_code})"

    @property
    def department_in_text(self) -> str:
        return department_in_text(self.department_code)

    @property
    def adil_in_text(self) -> str:
        """The ADIL with its article, for running text (« portée par l'ADIL du Gers »),
        whether its name is stored whole (« ADIL du Gers », or spelled out « Agence
        départementale d'information sur le logement… ») or as the complement the
        « ADIL : » field invites (« du Gers »)."""
        if _NAMES_AN_ADIL.match(fold_label(self.adil_name)):
            return f"l'{self.adil_name}"
        return f"l'ADIL {self.adil_name}"


@dataclass(frozen=True)
class MonthActivity:
    month: date
    by_kind: dict[str, int]
    dossiers: int
    opinions: int

    @property
    def meetings(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class MeetingItem:
    held_on: date
    kind: str
    territory: str
    mode: str
    place: str
    dossiers: int
    opinions: int
    attendees: int
    notes: str
    id: int


@dataclass(frozen=True)
class LocalCommission:
    """One sous-CCAPEX (territory) over the period."""

    territory: str
    meetings: int
    dossiers: int
    opinions: int
    first_held: date
    last_held: date
    meeting_ids: frozenset[int]
    """Its meetings, among ``CcapexData.meetings``: its figures are their sums."""


@dataclass(frozen=True)
class FollowUpsData:
    """The follow-ups decided at the meetings of the period (and of the previous one), as
    they stand on the bilan's date, the roadmap's ``statuses_on``.

    The base keeps no date of completion: ``done`` is a follow-up's current state, and its
    ``updated_at`` moves with any edit (a corrected description, a new owner), so it cannot
    tell when the follow-up was done. Rather than guess a state at the period's end, the
    bilan reads the follow-ups as the roadmap's statuses are read, on the same day, and
    says so when that day is after the period. Lateness is judged on that day too (due
    date passed, still open), so that « encore ouvertes, dont en retard » describe one
    moment; it is the lateness the « Suites à donner » tab shows on that day."""

    decided: int
    done: int
    open: tuple[FollowUpRow, ...]
    """Still open, in the tab's order: the soonest due first, those without a due date last."""
    decided_previous: int
    done_previous: int
    """Of the previous period's follow-ups, those done on the same day as ``done``."""

    @property
    def late(self) -> int:
        return sum(row.late for row in self.open)


@dataclass(frozen=True)
class BreakdownData:
    """One breakdown over the period: the meetings' counts summed by category, beside the
    period's total they divide. A meeting whose relevé leaves some of its dossiers or avis
    out of a breakdown, or gives none, leaves them « non ventilés »; the repository keeps
    a meeting's breakdown within its own total, so the rest is never negative."""

    dimension: Dimension
    counts: tuple[int, ...]
    """One per category of ``dimension``, in its order, 0 included."""
    total: int
    """The period's dossiers examined or avis issued: the section's own figure."""

    @property
    def broken(self) -> int:
        return sum(self.counts)

    @property
    def unbroken(self) -> int:
        return self.total - self.broken


@dataclass(frozen=True)
class BreakdownsData:
    dimensions: tuple[BreakdownData, ...]
    """One per dimension of the reference, in its order."""
    meetings: int
    """Meetings of the period with dossiers or avis."""
    broken_meetings: int
    """Of those, the ones whose relevé gives some breakdown."""


@dataclass(frozen=True)
class CcapexData:
    current: MeetingActivity
    previous: MeetingActivity
    months: tuple[MonthActivity, ...]
    meetings: tuple[MeetingItem, ...]
    """Every meeting of the period, in date order."""
    local: tuple[LocalCommission, ...]
    local_previous: int
    """Sous-CCAPEX meetings of the previous period."""
    followups: FollowUpsData
    breakdowns: BreakdownsData
    agenda: Agenda
    """The dossiers inscrits and ajournés, over the meetings whose relevé gives them."""
    participation: Participation
    """Who sat at the commission's own meetings, with which voice."""


@dataclass(frozen=True)
class JournalItem:
    entry_on: date
    text: str


@dataclass(frozen=True)
class DeliverableItem:
    label: str
    delivered_on: date | None


@dataclass(frozen=True)
class MeetingMention:
    """A meeting that dealt with an action, as a bilan names it."""

    held_on: date
    kind: str
    territory: str


@dataclass(frozen=True)
class ActionItem:
    """An action followed over the period; its deliverables are read at the period's end."""

    id: int
    title: str
    status: str
    progress: int
    start_on: date | None
    due_on: date | None
    leads: str
    late: bool
    journal: tuple[JournalItem, ...]
    """Journal entries dated in the period, oldest first."""
    delivered: tuple[DeliverableItem, ...]
    """Deliverables handed over in the period."""
    pending: tuple[DeliverableItem, ...]
    """Deliverables not yet handed over at the period's end."""
    meetings: tuple[MeetingMention, ...] = ()
    """The meetings of the period that dealt with it, in date order."""


@dataclass(frozen=True)
class AxisData:
    code: str
    label: str
    description: str
    official: bool
    actions: tuple[ActionItem, ...]


@dataclass(frozen=True)
class RoadmapData:
    as_of: date
    """The day lateness is judged: the period's last day, or today if it is later."""
    statuses_on: date
    """The day statuses and progress are read on: today, the base keeping no history."""
    axes: tuple[AxisData, ...]
    """Every axis, official first, with the actions concerned by the period."""
    by_status: dict[str, int]
    """Actions concerned by the period, per status (every status, 0 included)."""
    late: int
    mean_progress: float | None
    """Mean progress of the actions concerned that are not abandoned."""
    closed_before: int
    """Actions done or abandoned before the period, without news in it: not detailed."""
    started_after: int
    """Actions starting after a past period, without news in it: not followed yet (a
    period reaching today shows the roadmap as planned, upcoming actions included)."""
    journal_entries: int
    journal_entries_previous: int
    deliverables: int
    """Deliverables handed over in the period (those of the actions listed)."""
    deliverables_previous: int

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class PartnerItem:
    name: str
    category_code: str
    category_label: str
    territory: str
    charter_signatory: bool
    """Signatory of the charte at the period's end."""
    charter_signed_on: date | None
    active: bool
    first_attended: date | None
    attended: bool
    """Attended at least one meeting of the period."""


@dataclass(frozen=True)
class CategoryCount:
    code: str
    label: str
    partners: int
    """Active partners of the directory."""
    mobilised: int
    """Partners (active or not) present at a meeting of the period."""
    signatories: int


@dataclass(frozen=True)
class CharterData:
    """The charte départementale as the bilan reports on it."""

    charter: Charter | None
    """The charte in force over some of the period (the latest begun); None: none."""
    saved: int
    """The chartes the base holds, in force or not."""
    evaluations: tuple[Evaluation, ...]
    """Its objectives of the calendar years the period touches, by year, each evaluated on
    its whole year."""


@dataclass(frozen=True)
class PartnershipData:
    partners: tuple[PartnerItem, ...]
    """Active partners, by category order then name."""
    categories: tuple[CategoryCount, ...]
    """Categories holding at least one active or mobilised partner, in reference order."""
    mobilised: int
    mobilised_previous: int
    newcomers: tuple[PartnerItem, ...]
    """Partners whose first meeting falls in the period, by date."""
    newcomers_previous: int
    signatories: tuple[PartnerItem, ...]
    """Active charte signatories at the period's end, by date of signature."""
    signatories_at_end: int
    signatories_at_previous_end: int
    charter: CharterData

    @property
    def active(self) -> int:
        return len(self.partners)


@dataclass(frozen=True)
class IndicatorsData:
    months: tuple[date, ...]
    series: tuple[IndicatorSeries, ...]
    """Every active indicator of the catalogue, in catalogue order."""
    previous_months: tuple[date, ...]
    """The months of ``IndicatorSeries.previous_mean``: as many as ``months``, just before."""

    @property
    def with_values(self) -> tuple[IndicatorSeries, ...]:
        return tuple(s for s in self.series if s.known)


@dataclass(frozen=True)
class FeedbackData:
    """The partners' opinion for the activity bilan: the responses of the mission's own
    département dated in the period (the dashboard's rule, so the bilan and the screen
    agree), or those of one campaign when ``--campaign`` is given."""

    current: Satisfaction
    previous: Satisfaction | None
    campaign: str | None
    """The campaign the figures are restricted to; None: responses dated in the period."""
    survey: SurveyStatistics | None = None
    """The same responses' statistics (overall and per question), from
    ``core.services.statistics``."""


@dataclass(frozen=True)
class ReportData:
    generated_on: date
    period: Period
    previous: Period
    mission: Mission
    ccapex: CcapexData
    roadmap: RoadmapData
    partnership: PartnershipData
    indicators: IndicatorsData
    feedback: FeedbackData

    @property
    def starts_before_mission(self) -> bool:
        """Whether some of the period precedes the mission's start (nothing was recorded
        then but what was typed in afterwards)."""
        start = self.mission.mission_start
        return start is not None and self.period.first < start

    @property
    def precedes_mission(self) -> bool:
        """Whether the whole period precedes the mission's start: the bilan can then hold
        little more than « Aucune donnée »."""
        start = self.mission.mission_start
        return start is not None and self.period.last < start

    @property
    def previous_within_mission(self) -> bool:
        """Whether the previous period lies wholly within the mission: only then is a
        change against it meaningful (a mission begun mid-period makes any rise huge)."""
        start = self.mission.mission_start
        return start is None or start <= self.previous.first

    @property
    def coverage(self) -> str:
        """What the bilan covers (cover, metadata): « du 1er mars 2025 au 28 février 2026 »."""
        return self.period.text

    @property
    def coverage_short(self) -> str:
        """For the running header: « 1er mars 2025 – 28 février 2026 »."""
        return self.period.short


def gather(con: sqlite3.Connection, period: Period, today: date | None = None,
           campaign: str | None = None) -> ReportData:
    """Read the snapshot of ``period`` from the base (read only: nothing is written)."""
    today = today or date.today()
    previous = period.previous(today)
    profile = mapper.get(con, Profile, 1)
    mission = Mission.of(profile)
    return ReportData(
        generated_on=today, period=period, previous=previous, mission=mission,
        ccapex=_ccapex(con, period, previous, today),
        roadmap=_roadmap(con, period, previous, today),
        partnership=_partnership(con, period, previous, today),
        indicators=_indicators(con, period, profile.department_code),
        feedback=_feedback(con, period, previous, campaign))


def campaign_names(con: sqlite3.Connection) -> list[str]:
    return [c.name for c in feedback.campaigns(con)]


def check_campaign(con: sqlite3.Connection, name: str) -> str:
    """The stored spelling of campaign ``name``; NotFoundError (French) if there is none."""
    found = feedback.find_campaign(con, name)
    if found is None:
        known = campaign_names(con)
        listing = (" Campagnes de la base : " + ", ".join(f"« {n} »" for n in known) + "."
                   if known else " La base ne contient aucune campagne.")
        raise NotFoundError(f"Campagne inconnue : « {name.strip()} ».{listing}")
    return found.name


def _iso(period: Period) -> tuple[str, str]:
    return period.first.isoformat(), period.last.isoformat()


# --- CCAPEX ---------------------------------------------------------------------------------------

def _ccapex(con: sqlite3.Connection, period: Period, previous: Period,
            today: date) -> CcapexData:
    per_month: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for month, kind, count, dossiers, opinions in con.execute(
            """SELECT substr(held_on, 1, 7), kind, count(*), sum(dossiers_examined),
                      sum(opinions_issued)
               FROM meeting WHERE held_on BETWEEN ? AND ? GROUP BY 1, 2""", _iso(period)):
        per_month[month][kind] = [count, dossiers, opinions]
    months = []
    for month in period.months:
        kinds = per_month.get(month.isoformat()[:7], {})
        months.append(MonthActivity(
            month, {kind: kinds.get(kind, [0])[0] for kind in MeetingKind},
            sum(v[1] for v in kinds.values()), sum(v[2] for v in kinds.values())))
    meetings = tuple(
        MeetingItem(date.fromisoformat(r[0]), *r[1:])
        for r in con.execute(
            """SELECT m.held_on, m.kind, m.territory, m.mode, m.place, m.dossiers_examined,
                      m.opinions_issued,
                      (SELECT count(*) FROM meeting_attendance WHERE meeting_id = m.id), m.notes,
                      m.id
               FROM meeting m WHERE m.held_on BETWEEN ? AND ? ORDER BY m.held_on, m.id""",
            _iso(period)))
    local = _local_commissions(con, meetings)
    current = dashboard.meeting_activity(con, period.first, period.last)
    previous_activity = dashboard.meeting_activity(con, previous.first, previous.last)
    return CcapexData(current=current, previous=previous_activity, months=tuple(months),
                      meetings=meetings, local=local,
                      local_previous=previous_activity.by_kind[MeetingKind.SOUS_CCAPEX],
                      followups=_followups(con, period, previous, today),
                      breakdowns=_breakdowns(con, period, current),
                      agenda=agenda(con, period.first, period.last),
                      participation=participation(con, period.first, period.last))


def _local_commissions(con: sqlite3.Connection,
                       meetings: tuple[MeetingItem, ...]) -> tuple[LocalCommission, ...]:
    """The period's sous-CCAPEX, one line per territory however its meetings spell it
    (« Nord - Montbrézac » twice and « nord – montbrezac » once: one line of three
    meetings), named as the base spells it most often, in the order of their names."""
    held: dict[str, list[MeetingItem]] = defaultdict(list)
    for meeting in meetings:
        if meeting.kind == MeetingKind.SOUS_CCAPEX:
            held[spelling_key(meeting.territory)].append(meeting)
    spellings = territory_spellings(con) if held else {}
    return tuple(
        LocalCommission(spellings.get(key, ""), len(its), sum(m.dossiers for m in its),
                        sum(m.opinions for m in its), min(m.held_on for m in its),
                        max(m.held_on for m in its), frozenset(m.id for m in its))
        for key, its in sorted(held.items()))


def _breakdowns(con: sqlite3.Connection, period: Period,
                current: MeetingActivity) -> BreakdownsData:
    """The breakdowns of the meetings held in ``period``, against the totals the section
    shows (``current``), so that a table's total row is the section's figure; none from a
    base read before the step that added them."""
    sums: dict[tuple[str, str], int] = {}
    meetings = broken = 0
    if breakdowns_stored(con):
        sums = {(dimension, category): count for dimension, category, count in con.execute(
            """SELECT b.dimension, b.category, sum(b.count) FROM meeting_breakdown b
               JOIN meeting m ON m.id = b.meeting_id WHERE m.held_on BETWEEN ? AND ?
               GROUP BY 1, 2""", _iso(period))}
        meetings, broken = con.execute(
            """SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM meeting_breakdown
                                                   WHERE meeting_id = m.id)), 0)
               FROM meeting m WHERE m.held_on BETWEEN ? AND ?
                 AND (m.dossiers_examined > 0 OR m.opinions_issued > 0)""",
            _iso(period)).fetchone()
    return BreakdownsData(tuple(
        BreakdownData(dimension, tuple(sums.get((dimension.code, code), 0)
                                       for code, _ in dimension.categories),
                      getattr(current, dimension.total))
        for dimension in DIMENSIONS), meetings, broken)


def _followups(con: sqlite3.Connection, period: Period, previous: Period,
               today: date) -> FollowUpsData:
    """The « Suites à donner » tab's rows as of ``today``, those of meetings held in either
    period: one query for both."""
    rows = followup_rows(con, today)
    current = [row for row in rows if row.held_on in period]
    before = [row for row in rows if row.held_on in previous]
    return FollowUpsData(decided=len(current), done=sum(row.done for row in current),
                         open=tuple(row for row in current if not row.done),
                         decided_previous=len(before),
                         done_previous=sum(row.done for row in before))


# --- Roadmap --------------------------------------------------------------------------------------

def _roadmap(con: sqlite3.Connection, period: Period, previous: Period,
             today: date) -> RoadmapData:
    as_of = min(today, period.last)
    journal: dict[int, list[JournalItem]] = defaultdict(list)
    for action_id, entry_on, text in con.execute(
            "SELECT action_id, entry_on, text FROM action_journal "
            "WHERE entry_on BETWEEN ? AND ? ORDER BY action_id, entry_on, id", _iso(period)):
        journal[action_id].append(JournalItem(date.fromisoformat(entry_on), text))
    deliverables: dict[int, list[DeliverableItem]] = defaultdict(list)
    for action_id, label, delivered_on in con.execute(
            "SELECT action_id, label, delivered_on FROM deliverable ORDER BY action_id, id"):
        deliverables[action_id].append(
            DeliverableItem(label, date.fromisoformat(delivered_on) if delivered_on else None))
    dealt_with = _meetings_dealing_with(con, period)

    closed = (ActionStatus.REALISEE, ActionStatus.ABANDONNEE)
    by_axis: dict[int, list[ActionItem]] = defaultdict(list)
    closed_before = started_after = 0
    for row in roadmap.action_rows(con, as_of):
        news = journal.get(row.id, [])
        own = deliverables.get(row.id, [])
        delivered = tuple(d for d in own if d.delivered_on in period)
        met = tuple(dealt_with.get(row.id, ()))
        if not news and not delivered and not met:
            if row.status in closed and row.due_on is not None and row.due_on < period.first:
                closed_before += 1
                continue
            if row.start_on is not None and period.last < row.start_on and period.last < today:
                started_after += 1
                continue
        pending = tuple(d for d in own if d.delivered_on is None or d.delivered_on > period.last)
        by_axis[row.axis_id].append(ActionItem(
            row.id, row.title, row.status, row.progress, row.start_on, row.due_on, row.leads,
            row.late, tuple(news), delivered, pending, met))

    axes = tuple(AxisData(axis.code, axis.label_text, axis.description, axis.official,
                          tuple(by_axis.get(axis.id, [])))
                 for axis in sorted(roadmap.axes(con), key=lambda a: (not a.official,
                                                                     a.sort_order, a.id)))
    listed = [action for axis in axes for action in axis.actions]
    by_status = {status: sum(a.status == status for a in listed) for status in ActionStatus}
    pursued = [a.progress for a in listed if a.status != ActionStatus.ABANDONNEE]

    def count(sql: str, window: Period) -> int:
        return con.execute(sql, _iso(window)).fetchone()[0]

    journal_sql = "SELECT count(*) FROM action_journal WHERE entry_on BETWEEN ? AND ?"
    delivered_sql = "SELECT count(*) FROM deliverable WHERE delivered_on BETWEEN ? AND ?"
    return RoadmapData(
        as_of=as_of, statuses_on=today, axes=axes, by_status=by_status,
        late=sum(a.late for a in listed),
        mean_progress=sum(pursued) / len(pursued) if pursued else None,
        closed_before=closed_before, started_after=started_after,
        journal_entries=sum(len(a.journal) for a in listed),
        journal_entries_previous=count(journal_sql, previous),
        deliverables=sum(len(a.delivered) for a in listed),
        deliverables_previous=count(delivered_sql, previous))


def _meetings_dealing_with(con: sqlite3.Connection,
                           period: Period) -> dict[int, list[MeetingMention]]:
    """The meetings held in ``period`` that dealt with each action, by action id; none from
    a base read before the step that added them."""
    found: dict[int, list[MeetingMention]] = defaultdict(list)
    if actions_stored(con):
        for action_id, held_on, kind, territory in con.execute(
                """SELECT l.action_id, m.held_on, m.kind, m.territory FROM meeting_action l
                   JOIN meeting m ON m.id = l.meeting_id WHERE m.held_on BETWEEN ? AND ?
                   ORDER BY m.held_on, m.id""", _iso(period)):
            found[action_id].append(MeetingMention(date.fromisoformat(held_on), kind,
                                                   territory))
    return found


# --- Partners -------------------------------------------------------------------------------------

def _partnership(con: sqlite3.Connection, period: Period, previous: Period,
                 today: date) -> PartnershipData:
    first_attended = {pid: date.fromisoformat(day) for pid, day in con.execute(
        "SELECT a.partner_id, min(m.held_on) FROM meeting_attendance a "
        "JOIN meeting m ON m.id = a.meeting_id GROUP BY a.partner_id")}

    def attendees(window: Period) -> set[int]:
        return {row[0] for row in con.execute(
            "SELECT DISTINCT a.partner_id FROM meeting_attendance a "
            "JOIN meeting m ON m.id = a.meeting_id WHERE m.held_on BETWEEN ? AND ?",
            _iso(window))}

    present, present_before = attendees(period), attendees(previous)
    signed_on = {pid: date.fromisoformat(day) for pid, day in con.execute(
        "SELECT id, charter_signed_on FROM partner WHERE charter_signed_on IS NOT NULL")}
    order = {code: rank for code, rank in con.execute(
        "SELECT code, sort_order FROM partner_category")}

    def signed_by(partner_id: int, signatory: bool, day: date) -> bool:
        signed = signed_on.get(partner_id)
        return signatory and (signed is None or signed <= day)

    items, signed_before = {}, 0
    for row in partners.partner_rows(con):
        items[row.id] = PartnerItem(row.name, row.category_code, row.category_label,
                                    row.territory,
                                    signed_by(row.id, row.charter_signatory, period.last),
                                    signed_on.get(row.id), row.active,
                                    first_attended.get(row.id), row.id in present)
        signed_before += row.active and signed_by(row.id, row.charter_signatory, previous.last)
    listed = sorted((p for p in items.values() if p.active),
                    key=lambda p: (order.get(p.category_code, 999), p.name.casefold()))

    counts: dict[str, list] = {}
    for item in items.values():
        if not item.active and not item.attended:
            continue
        entry = counts.setdefault(item.category_code, [item.category_label, 0, 0, 0])
        if item.active:
            entry[1] += 1
            entry[3] += item.charter_signatory
        entry[2] += item.attended
    categories = tuple(CategoryCount(code, *counts[code])
                       for code in sorted(counts, key=lambda c: order.get(c, 999)))

    newcomers = tuple(sorted((p for p in items.values() if p.first_attended in period),
                             key=lambda p: (p.first_attended, p.name.casefold())))
    signatories = tuple(sorted((p for p in listed if p.charter_signatory),
                               key=lambda p: (p.charter_signed_on or date.min,
                                              p.name.casefold())))

    return PartnershipData(
        partners=tuple(listed), categories=categories, mobilised=len(present),
        mobilised_previous=len(present_before), newcomers=newcomers,
        newcomers_previous=sum(day in previous for day in first_attended.values()),
        signatories=signatories, signatories_at_end=len(signatories),
        signatories_at_previous_end=signed_before, charter=_charter(con, period, today))


def _charter(con: sqlite3.Connection, period: Period, today: date) -> CharterData:
    charter = charters.in_force(con, period.first, period.last)
    if charter is None:
        return CharterData(None, len(charters.charters(con)), ())
    years = range(period.first.year, period.last.year + 1)
    objectives = [o for o in charters.objectives_of(con, charter.id) if o.year in years]
    return CharterData(charter, len(charters.charters(con)),
                       tuple(evaluate_all(con, objectives, today)))


# --- Indicators -----------------------------------------------------------------------------------

def _indicators(con: sqlite3.Connection, period: Period, department: str) -> IndicatorsData:
    """Monthly values over the months the period touches, beside the mean of as many
    months just before (a day-based previous period would share a month with a period
    cut mid-month: a single day's bilan would compare February with February)."""
    months = period.months
    previous = period.calendar_months.previous()
    slot = {month.isoformat(): index for index, month in enumerate(months)}
    values: dict[int, list[float | None]] = defaultdict(lambda: [None] * len(months))
    for indicator_id, month, value in con.execute(
            "SELECT indicator_id, month, value FROM indicator_value "
            "WHERE department_code = ? AND month BETWEEN ? AND ?",
            (department, months[0].isoformat(), period.last.isoformat())):
        if month in slot:
            values[indicator_id][slot[month]] = value
    previous_means = dict(con.execute(
        "SELECT indicator_id, avg(value) FROM indicator_value "
        "WHERE department_code = ? AND month BETWEEN ? AND ? AND value IS NOT NULL "
        "GROUP BY indicator_id",
        (department, previous.first.isoformat(), previous.last.isoformat())))
    series = tuple(
        IndicatorSeries(r[1], r[2], r[3], r[4], tuple(values[r[0]]) if r[0] in values
                        else (None,) * len(months), previous_means.get(r[0]))
        for r in con.execute("SELECT id, code, label, unit, source FROM indicator "
                             "WHERE active = 1 ORDER BY sort_order, id"))
    return IndicatorsData(months, series, previous.months)


# --- Feedback -------------------------------------------------------------------------------------

def _feedback(con: sqlite3.Connection, period: Period, previous: Period,
              campaign: str | None) -> FeedbackData:
    """Over the period: the base's département, responses dated in the period. Over a
    campaign: the base's département, the whole campaign. The shares come from
    ``statistics`` (the dashboard's ``satisfaction`` gives the same counts over the
    period, and the previous period's)."""
    home = con.execute("SELECT department_code FROM profile").fetchone()[0]
    if campaign is None:
        survey = statistics(con, Scope(department_code=home, first=period.first,
                                       last=period.last))
        return FeedbackData(_satisfaction(survey),
                            dashboard.satisfaction(con, previous.first, previous.last), None,
                            survey)
    name = check_campaign(con, campaign)
    campaign_id = con.execute("SELECT id FROM campaign WHERE name = ?", (name,)).fetchone()[0]
    survey = statistics(con, Scope(campaign_id, home, campaign_name=name))
    return FeedbackData(_satisfaction(survey), None, name, survey)


def _satisfaction(survey: SurveyStatistics) -> Satisfaction:
    return Satisfaction(survey.responses, survey.overall.n, survey.overall.top2)
