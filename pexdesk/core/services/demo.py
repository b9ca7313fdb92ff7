"""« Base de démonstration »: a fictional département with two years of activity.

The demo is written through the repositories, so every record passes the checks a
user's entry passes, but inside one transaction: it costs one disk sync, and a demo
that fails half-way leaves no file behind. Its content (``demo_data``) is fiction.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple

from pexdesk.core.db.base import Base, remove_base_files
from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.kinds import COMMISSION_KINDS, NOT_CONCERNED, MeetingKind, MeetingMode
from pexdesk.core.domain.models import (Action, Campaign, Charter, CharterObjective, Contact,
                                        Deliverable, FollowUp, IndicatorValue, JournalEntry,
                                        Meeting, Partner, Response, Score)
from pexdesk.core.domain.profile import Profile
from pexdesk.core.reference.breakdowns import Breakdown
from pexdesk.core.reference.departments import department_label
from pexdesk.core.reference.membership import Presence, usual_voice
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import (charters, feedback, indicators, meetings, partners,
                                       roadmap)
from pexdesk.core.services import demo_data as data
from pexdesk.core.text import fold

HISTORY_MONTHS = 24


@dataclass(frozen=True)
class DemoSummary:
    """What the demo base holds, for the message shown once it is written."""

    department_code: str
    partners: int
    contacts: int
    meetings: int
    actions: int
    indicator_values: int
    campaigns: int
    responses: int

    def text(self) -> str:
        return "\n".join((
            f"Données fictives, département {department_label(self.department_code)}",
            f"{_count(self.partners, 'partenaire')}, {_count(self.contacts, 'contact')}",
            f"{_count(self.meetings, 'réunion')} (CCAPEX, sous-CCAPEX, comités et groupes "
            "de travail)",
            f"{_count(self.actions, 'action')} de la feuille de route",
            f"{_count(self.indicator_values, 'valeur')} d'indicateurs mensuels",
            f"{_count(self.campaigns, 'campagne')} de retours des partenaires, "
            f"{_count(self.responses, 'réponse')}",
        ))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number > 1 else ''}"


def write_demo_base(path: Path | str, seed: int = 2026, today: date | None = None) -> DemoSummary:
    """Create ``path`` holding the demo base and return what it holds.

    An existing file is refused (:class:`ValidationError`) and left untouched. The same
    ``seed`` and ``today`` give the same content (UUIDs and timestamps aside). ``today``
    is the day the demo pretends to be written; it must not be after the real date,
    since records dated in the future are refused like a user's typing mistake.
    """
    path = Path(path)
    today = today or date.today()
    base = Base.create(path, Profile(department_code=data.DEPARTMENT, adil_name=data.ADIL_NAME,
                                     officer_name=data.OFFICER_NAME,
                                     mission_start=_month(today, 1 - HISTORY_MONTHS)))
    try:
        with transaction(base.con):
            _DemoWriter(base.con, random.Random(seed), today,
                        random.Random(f"séances {seed}")).write()
        summary = _summary(base.con)
    except BaseException:
        base.close()
        remove_base_files(path)
        raise
    base.close()
    return summary


def _summary(con: sqlite3.Connection) -> DemoSummary:
    row = con.execute(
        """SELECT (SELECT department_code FROM profile), (SELECT count(*) FROM partner),
                  (SELECT count(*) FROM contact), (SELECT count(*) FROM meeting),
                  (SELECT count(*) FROM action), (SELECT count(*) FROM indicator_value),
                  (SELECT count(*) FROM campaign), (SELECT count(*) FROM response)""").fetchone()
    return DemoSummary(*row)


def _month(today: date, offset: int) -> date:
    """The first day of the month ``offset`` months away from ``today``'s month."""
    index = today.year * 12 + today.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


def _working_day(day: date) -> date:
    """``day``, or the Monday after it when it falls on a week-end."""
    if day.weekday() >= 5:
        return day + timedelta(days=7 - day.weekday())
    return day


def _mid_month(today: date, offset: int) -> date:
    return _working_day(_month(today, offset).replace(day=15))


def _spread(first: date, last: date, count: int) -> Iterator[date]:
    """``count`` dates evenly spaced after ``first``, the last one on ``last``."""
    for step in range(1, count + 1):
        yield first + (last - first) * step / count


class _MeetingPlan(NamedTuple):
    held_on: date
    kind: MeetingKind
    territory: str = ""
    group: data.WorkingGroup | None = None


class _DemoWriter:
    """Writes each part of the demo in order, drawing every choice from one seeded generator;
    the meetings' hours and chairs from another (``sittings``), so that the figures the
    first gave before these were kept stay as they were."""

    def __init__(self, con: sqlite3.Connection, rng: random.Random, today: date,
                 sittings: random.Random):
        self.con = con
        self.rng = rng
        self.sittings = sittings
        self.today = today
        self.partners: list[tuple[int, data.PartnerSpec]] = []
        self.partner_ids: dict[str, int] = {}
        self.categories: dict[int, str] = {}
        self.people: set[tuple[str, str]] = set()
        self.held: list[tuple[Meeting, _MeetingPlan]] = []
        self.actions: list[tuple[Action, data.ActionSpec]] = []

    def write(self) -> None:
        self.write_partners()
        self.write_meetings()
        self.write_roadmap()
        self.link_meetings_to_actions()
        self.write_indicators()
        self.write_feedback()
        self.write_charter()

    # Partners and contacts -------------------------------------------------------------------

    def write_partners(self) -> None:
        for spec in data.PARTNERS:
            signed_on = (None if spec.charter_month is None
                         else _mid_month(self.today, spec.charter_month))
            partner = Partner(name=spec.name, category_code=spec.category, territory=spec.territory,
                              charter_signatory=signed_on is not None, charter_signed_on=signed_on,
                              notes=spec.notes)
            contacts = [self.contact(spec) for _ in range(self.rng.choice((1, 2, 2, 2, 3)))]
            partners.save(self.con, partner, contacts, list(spec.tags))
            self.partners.append((partner.id, spec))
            self.partner_ids[spec.name] = partner.id
            self.categories[partner.id] = spec.category

    def contact(self, spec: data.PartnerSpec) -> Contact:
        feminine = self.rng.random() < 0.6
        first_names = data.FEMALE_FIRST_NAMES if feminine else data.MALE_FIRST_NAMES
        first, last = self.rng.choice(first_names), self.rng.choice(data.LAST_NAMES)
        while (first, last) in self.people:
            first, last = self.rng.choice(first_names), self.rng.choice(data.LAST_NAMES)
        self.people.add((first, last))
        role = self.rng.choice(data.ROLES[spec.category]).replace("(e)", "e" if feminine else "")
        local_part = fold(f"{first}.{last}").replace(" ", "-")
        phone = ""
        if self.rng.random() < 0.85:
            digits = " ".join(f"{self.rng.randint(0, 99):02d}" for _ in range(3))
            phone = f"{self.rng.choice(data.PHONE_PREFIXES)} {digits}"
        return Contact(full_name=f"{first} {last}", role=role, phone=phone,
                       email=f"{local_part}@{spec.domain}.{data.MAIL_DOMAIN}")

    # Meetings --------------------------------------------------------------------------------

    def write_meetings(self) -> None:
        plans = sorted(self.meeting_plans(), key=lambda plan: (plan.held_on, plan.kind))
        for plan in plans:
            if plan.held_on <= self.today:
                self.write_meeting(plan)

    def meeting_plans(self) -> Iterator[_MeetingPlan]:
        for offset in range(1 - HISTORY_MONTHS, 1):
            month = _month(self.today, offset)
            first_tuesday = month + timedelta(days=(1 - month.weekday()) % 7)
            yield _MeetingPlan(first_tuesday + timedelta(days=7), MeetingKind.TECHNIQUE)
        for kind, offsets in data.MEETING_MONTHS.items():
            for offset in offsets:
                yield _MeetingPlan(self.random_day(offset), MeetingKind(kind))
        for territory, first_offset in data.LOCAL_COMMISSIONS:
            for offset in range(first_offset, 1, 2):
                yield _MeetingPlan(self.random_day(offset), MeetingKind.SOUS_CCAPEX, territory)
        for group in data.WORKING_GROUPS:
            yield _MeetingPlan(self.random_day(group.month), MeetingKind.GROUPE_TRAVAIL,
                               group=group)

    def random_day(self, offset: int) -> date:
        return _working_day(_month(self.today, offset).replace(day=self.rng.randint(3, 24)))

    def write_meeting(self, plan: _MeetingPlan) -> None:
        rng = self.rng
        dossiers = adjourned = 0
        if plan.kind == MeetingKind.TECHNIQUE:
            dossiers, adjourned = rng.randint(14, 32), rng.randint(0, 3)
        elif plan.kind == MeetingKind.SOUS_CCAPEX:
            dossiers, adjourned = rng.randint(4, 12), rng.randint(0, 2)
        mode = rng.choices(tuple(MeetingMode), weights=(6, 2, 2))[0]
        place = ""
        if mode != MeetingMode.VISIO:
            place = (data.LOCAL_PLACES[plan.territory] if plan.territory
                     else rng.choice(data.PLACES[plan.kind]))
        if plan.group is not None:
            notes = f"Thème : {plan.group.theme}. {plan.group.notes}"
        else:
            notes = rng.choice(data.MEETING_NOTES[plan.kind])
        attendees = self.attendees(plan)
        descriptions = data.FOLLOWUPS[plan.kind]
        chosen = rng.sample(descriptions, rng.randint(0, min(2, len(descriptions))))
        due_on = plan.held_on + timedelta(days=30)
        followups = [FollowUp(description=text, owner_partner_id=rng.choice(attendees),
                              due_on=due_on,
                              done=due_on < self.today - timedelta(days=10) and rng.random() < 0.9)
                     for text in chosen]
        agenda = ({"dossiers_registered": dossiers + adjourned, "dossiers_adjourned": adjourned}
                  if dossiers else {})
        meeting = meetings.save(self.con, Meeting(
            held_on=plan.held_on, kind=plan.kind, territory=plan.territory, mode=mode,
            place=place, dossiers_examined=dossiers, opinions_issued=dossiers - adjourned,
            notes=notes, **agenda, **self.sitting(plan, attendees)), attendees, followups,
            _breakdown(plan, dossiers, dossiers - adjourned),
            voices={pid: usual_voice(self.categories[pid]) for pid in attendees}
            if plan.kind in COMMISSION_KINDS else None)
        self.held.append((meeting, plan))

    def sitting(self, plan: _MeetingPlan, attendees: list[int]) -> dict:
        """Its hours, who chaired it and who held its secretariat (among those present)."""
        starts, lengths = data.SITTING_HOURS[plan.kind]
        start = datetime.combine(plan.held_on, time(*self.sittings.choice(starts)))
        end = start + timedelta(minutes=self.sittings.choice(lengths))
        fields = {"start_time": start.time(), "end_time": end.time()}
        in_person = data.CHAIRED_IN_PERSON.get(plan.kind)
        if in_person is not None:
            fields["chair_state"], fields["chair_department"] = (
                Presence.PRESENT if self.sittings.random() < share else Presence.REPRESENTE
                for share in in_person)
        secretariat = self.partner_ids.get(data.LOCAL_PLACES[plan.territory] if plan.territory
                                           else data.SECRETARIATS.get(plan.kind, ""))
        if secretariat in attendees:
            fields["secretariat_partner_id"] = secretariat
        return fields

    def attendees(self, plan: _MeetingPlan) -> list[int]:
        """The partners invited to such a meeting, most of whom came; the ADIL always does."""
        if plan.kind == MeetingKind.PLENIERE:
            invited = [pid for pid, _ in self.partners]
        elif plan.kind == MeetingKind.SOUS_CCAPEX:
            usual = data.ATTENDING_CATEGORIES[plan.kind]
            invited = [pid for pid, spec in self.partners if spec.territory == plan.territory
                       or (not spec.territory and spec.category in usual)]
        else:
            categories = (plan.group.categories if plan.group is not None
                          else data.ATTENDING_CATEGORIES[plan.kind])
            invited = [pid for pid, spec in self.partners if spec.category in categories]
        came = {pid for pid in invited if self.rng.random() < 0.75}
        came.add(next(pid for pid, spec in self.partners if spec.category == "ADIL"))
        return sorted(came)

    # Roadmap ---------------------------------------------------------------------------------

    def write_roadmap(self) -> None:
        axis_ids = {axis.code: axis.id for axis in roadmap.axes(self.con)}
        first_seances = self.first_local_meetings()
        for spec in data.ACTIONS:
            start_on = _working_day(_month(self.today, spec.start))
            due_on = _mid_month(self.today, spec.due)
            action = roadmap.save_action(
                self.con, Action(axis_id=axis_ids[spec.axis], title=spec.title,
                                 description=spec.description, status=spec.status,
                                 progress=spec.progress, start_on=start_on, due_on=due_on),
                [self.partner_ids[name] for name in spec.leads])
            self.actions.append((action, spec))
            recently = self.today - timedelta(days=self.rng.randint(2, 20))
            last_news = (first_seances.get(spec.commission)
                         or min(due_on, max(start_on, recently)))
            entry_days = _spread(start_on, last_news, len(spec.journal))
            for entry_on, text in zip(entry_days, spec.journal):
                roadmap.add_journal_entry(self.con, JournalEntry(action_id=action.id,
                                                                 entry_on=entry_on, text=text))
            for label, delivered in spec.deliverables:
                roadmap.add_deliverable(self.con, Deliverable(
                    action_id=action.id, label_text=label,
                    delivered_on=last_news if delivered else None))

    def link_meetings_to_actions(self) -> None:
        """Each meeting deals with the actions under way on its day that its kind or theme
        concerns (``data.DEALT_WITH``), a sous-CCAPEX with the action setting it up: no
        random draw, so the rest of the demo stays as it was before these links."""
        for meeting, plan in self.held:
            concerned = (data.DEALT_WITH.get(plan.group.theme if plan.group else plan.kind, ())
                         if not plan.territory else ())
            action_ids = [action.id for action, spec in self.actions
                          if (spec.axis in concerned or spec.title in concerned
                              or (plan.territory and spec.commission == plan.territory))
                          and action.start_on <= meeting.held_on <= action.due_on]
            if action_ids:
                meetings.save(self.con, meeting, action_ids=action_ids)

    def first_local_meetings(self) -> dict[str, date]:
        """The day each sous-CCAPEX first met: the last step of the action setting it up."""
        return {territory: date.fromisoformat(day) for territory, day in self.con.execute(
            "SELECT territory, min(held_on) FROM meeting WHERE kind = ? GROUP BY territory",
            (MeetingKind.SOUS_CCAPEX,))}

    # Indicators ------------------------------------------------------------------------------

    def write_indicators(self) -> None:
        """Values for the 24 months before the current one, which is not yet known."""
        catalogue = {indicator.code: indicator for indicator in indicators.catalogue(self.con)}
        values = []
        for series in data.INDICATOR_SERIES:
            indicator = catalogue[series.code]
            for age in range(HISTORY_MONTHS):
                month = _month(self.today, age - HISTORY_MONTHS)
                value = self.indicator_value(series, indicator.unit, age, month)
                values.append(IndicatorValue(
                    indicator_id=indicator.id, department_code=data.DEPARTMENT, month=month,
                    value=value, source=indicator.source,
                    comment=data.NOT_AVAILABLE if value is None else ""))
        indicators.set_values(self.con, values)

    def indicator_value(self, series: data.Series, unit: str, age: int,
                        month: date) -> float | None:
        """A trend with noise; evictions nearly stop during the winter truce (November–March);
        now and then the source sent nothing (NULL, which is not zero)."""
        if self.rng.random() < 0.04:
            return None
        value = series.level * (1 + series.growth) ** age * (1 + self.rng.gauss(0, series.noise))
        if series.follows_truce and month.month in (11, 12, 1, 2, 3):
            value *= 0.1
        value = max(0.0, value)
        return min(100.0, round(value, 1)) if unit == "%" else float(round(value))

    # Charte ----------------------------------------------------------------------------------

    def write_charter(self) -> None:
        """The charte the partners signed (the day the first of them did), in force to the
        end of its sixth calendar year, with its objectives. Nothing is drawn: the figures
        the tests pin on the rest of the demo stay as they were."""
        signed_on = min(_mid_month(self.today, spec.charter_month) for spec in data.PARTNERS
                        if spec.charter_month is not None)
        last_year = signed_on.year + 5
        charter = Charter(label_text=f"Charte {signed_on.year}-{last_year}",
                          approved_on=signed_on - timedelta(weeks=5), signed_on=signed_on,
                          valid_from=signed_on, valid_to=date(last_year, 12, 31),
                          notes=data.CHARTER_NOTES)
        catalogue = {indicator.code: indicator.id for indicator in indicators.catalogue(self.con)}
        objectives = [CharterObjective(
            label_text=spec.label, year=self.today.year + spec.year,
            indicator_id=catalogue[spec.code] if spec.code else None, direction=spec.direction,
            baseline=spec.baseline, target=spec.target) for spec in data.CHARTER_OBJECTIVES]
        charters.save_charter(self.con, charter, objectives)

    # Partner feedback ------------------------------------------------------------------------

    def write_feedback(self) -> None:
        """The ANIL survey, sent to every partner but the ADIL, which runs the mission."""
        categories = [spec.category for spec in data.PARTNERS if spec.category != "ADIL"]
        period_start = _working_day(_month(self.today, -3))
        period_end = period_start + timedelta(weeks=6)
        campaign = feedback.create_campaign(
            self.con, Campaign(name=f"Enquête de satisfaction des partenaires {period_end.year}",
                               period_start=period_start, period_end=period_end,
                               consulted_count=len(categories), notes=data.CAMPAIGN_NOTES),
            [(item.code, item.label) for item in ANIL_ITEMS])
        item_ids = {item.code: item.id for item in feedback.items_of(self.con, campaign.id)}
        scores = list(data.OVERALL_SCORES)
        self.rng.shuffle(scores)
        praise = self.rng.sample(data.POSITIVE_COMMENTS, len(data.POSITIVE_COMMENTS))
        criticism = self.rng.sample(data.CRITICAL_COMMENTS, len(data.CRITICAL_COMMENTS))
        collection_days = (period_end - period_start).days
        for overall in scores:
            comments = criticism if overall is not None and overall <= 3 else praise
            comment = comments.pop() if comments and self.rng.random() < 0.6 else ""
            feedback.add_response(self.con, Response(
                campaign_id=campaign.id,
                responded_on=period_start + timedelta(days=self.rng.randint(0, collection_days)),
                category_code=self.rng.choice(categories), department_code=data.DEPARTMENT,
                overall_score=overall, comment=comment, answers=self.answers(overall, item_ids)))

    def answers(self, overall: int | None, item_ids: dict[str, int]) -> dict[int, Score]:
        """Item scores near the overall one; some « non concerné », some left blank."""
        answers: dict[int, Score] = {}
        for code, item_id in item_ids.items():
            not_concerned_share, offsets = data.ITEM_PROFILES[code]
            draw = self.rng.random()
            if draw < data.UNANSWERED_SHARE:
                continue
            if draw < data.UNANSWERED_SHARE + not_concerned_share:
                answers[item_id] = NOT_CONCERNED
            else:
                answers[item_id] = min(5, max(1, (overall or 4) + self.rng.choice(offsets)))
        return answers


def _breakdown(plan: _MeetingPlan, dossiers: int, opinions: int) -> Breakdown:
    """The meeting's dossiers by origin and stage and its avis by type, drawn from a
    generator of the meeting's own: the rest of the demo stays as it was before breakdowns."""
    rng = random.Random(f"{plan.held_on}{plan.kind}{plan.territory}")
    unbroken = rng.randint(1, 3) if dossiers and rng.random() < data.UNBROKEN_STAGE_SHARE else 0
    totals = {"ORIGIN": dossiers, "STAGE": dossiers - unbroken, "OPINION": opinions}
    breakdown: Breakdown = {}
    for dimension, weights in data.BREAKDOWN_WEIGHTS.items():
        for category in rng.choices(tuple(weights), tuple(weights.values()),
                                    k=totals[dimension]):
            counts = breakdown.setdefault(dimension, {})
            counts[category] = counts.get(category, 0) + 1
    return breakdown
