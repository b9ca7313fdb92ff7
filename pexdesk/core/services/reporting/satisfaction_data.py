"""What the satisfaction bilan shows, read from the base at once into a frozen snapshot.

Which responses count (documented in the method note of the bilan itself):

* ``--campaign NAME`` alone: the whole campaign, every département (a regional survey
  file is part of the survey, as in ANIL's national note);
* ``--campaign NAME`` with ``--from``/``--to``: that campaign's responses dated in the
  period;
* no campaign: every campaign's responses dated in the period (by default the mission's
  last twelve months), every département. A response imported without a date takes
  its campaign's collection end (or start), as on the dashboard.

Every figure comes from ``core.services.statistics`` (``statistics`` and ``comments``
over one :class:`~pexdesk.core.services.statistics.Scope`); this module only adds the
campaigns' metadata for the method note (collection dates, partners consulted) and
the responses' origin (typed in or imported).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from pexdesk.core.domain.profile import Profile
from pexdesk.core.formatting import format_date, format_period
from pexdesk.core.repositories import mapper
from pexdesk.core.services.reporting.data import Mission, check_campaign
from pexdesk.core.services.reporting.periods import Period
from pexdesk.core.services.statistics import (Comment, Scope, SurveyStatistics, comments,
                                              statistics)


@dataclass(frozen=True)
class CampaignInfo:
    """A campaign with responses in the scope, for the method note."""

    name: str
    period_start: date | None
    period_end: date | None
    consulted: int | None
    """Partners solicited, when recorded."""
    responses: int
    """Its responses in the scope."""
    total_responses: int
    """All its responses (the response rate is only given when the scope holds them all)."""
    first_response: date | None
    last_response: date | None
    notes: str

    @property
    def collection_text(self) -> str:
        """« du 3 mars 2025 au 14 avril 2025 », from the campaign's dates or else from its
        responses' dates; « dates de collecte non renseignées »."""
        first = self.period_start or self.first_response
        last = self.period_end or self.last_response
        if first and last:
            return format_period(first, last)
        if first:
            return f"à partir du {format_date(first)}"
        if last:
            return f"jusqu'au {format_date(last)}"
        return "dates de collecte non renseignées"

    @property
    def whole(self) -> bool:
        return self.responses == self.total_responses

    @property
    def more_responses_than_consulted(self) -> bool:
        """More responses recorded than partners solicited (0 solicited included): one of
        the two figures is wrong, so no response rate can be given (never « 300 % »)."""
        return self.consulted is not None and self.total_responses > self.consulted

    @property
    def response_rate(self) -> float | None:
        """Responses over partners solicited, in 0..1; None when the number solicited is
        unknown or 0, incoherent, or when the scope holds only part of the campaign."""
        if not self.consulted or not self.whole or self.more_responses_than_consulted:
            return None
        return self.responses / self.consulted


@dataclass(frozen=True)
class SatisfactionData:
    generated_on: date
    mission: Mission
    period: Period | None
    """The response dates kept; None: a whole campaign."""
    campaign: str | None
    """The campaign asked for (its stored spelling); None: every campaign of the period."""
    campaigns: tuple[CampaignInfo, ...]
    """Campaigns with responses in the scope, most recent first."""
    known_campaigns: tuple[str, ...]
    """Every campaign of the base (for the « no response » message)."""
    survey: SurveyStatistics
    comments: tuple[Comment, ...]
    typed: int
    """Responses of the scope typed in pexdesk."""
    imported: int
    """Responses of the scope imported from a file."""

    @property
    def responses(self) -> int:
        return self.survey.responses

    @property
    def coverage(self) -> str:
        """What the bilan covers, for the cover, the metadata and the method note."""
        if self.campaign and self.period is None:
            return f"campagne « {self.campaign} »"
        if self.campaign:
            return f"campagne « {self.campaign} », réponses {self.period.dated}"
        return f"réponses {self.period.dated}"

    @property
    def coverage_short(self) -> str:
        """For the running header."""
        if self.period is None:
            return f"campagne « {self.campaign} »"
        return self.period.short


def gather_satisfaction(con: sqlite3.Connection, period: Period | None, today: date,
                        campaign: str | None = None) -> SatisfactionData:
    """The snapshot of the satisfaction bilan (reads only). ``period`` None: the whole of
    ``campaign``; NotFoundError (French) for an unknown campaign."""
    mission = Mission.of(mapper.get(con, Profile, 1))
    campaign_id = None
    name = None
    if campaign is not None:
        name = check_campaign(con, campaign)
        campaign_id = con.execute("SELECT id FROM campaign WHERE name = ?", (name,)).fetchone()[0]
    scope = Scope(campaign_id, campaign_name=name or "",
                  first=period.first if period else None, last=period.last if period else None)
    survey = statistics(con, scope)
    where, params = scope.response_filter("r")
    # One campaign: its index. A date range: no index holds it, a plain scan is cheapest.
    hint = "NOT INDEXED" if scope.dated and campaign_id is None else ""
    per_campaign = {row[0]: row[1:] for row in con.execute(
        f"""SELECT r.campaign_id, count(*), min(r.responded_on), max(r.responded_on),
                   sum(r.origin = 'FICHIER')
            FROM response r {hint} WHERE {where} GROUP BY r.campaign_id""", params)}
    totals = dict(con.execute("SELECT campaign_id, count(*) FROM response GROUP BY campaign_id"))
    infos = []
    for cid, cname, start, end, consulted, notes in con.execute(
            "SELECT id, name, period_start, period_end, consulted_count, notes FROM campaign "
            "ORDER BY coalesce(period_end, period_start) DESC, id DESC"):
        if cid not in per_campaign:
            continue
        count, first, last, _ = per_campaign[cid]
        infos.append(CampaignInfo(
            cname, _day(start), _day(end), consulted, count, totals.get(cid, 0), _day(first),
            _day(last), notes or ""))
    imported = sum(row[3] or 0 for row in per_campaign.values())
    known = tuple(n for n, in con.execute("SELECT name FROM campaign "
                                          "ORDER BY coalesce(period_end, period_start) DESC, "
                                          "id DESC"))
    return SatisfactionData(
        generated_on=today, mission=mission, period=period, campaign=name,
        campaigns=tuple(infos), known_campaigns=known, survey=survey,
        comments=comments(con, scope), typed=survey.responses - imported, imported=imported)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
