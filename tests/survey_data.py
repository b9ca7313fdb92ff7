"""Survey bases with known responses, for the statistics and ``pexdesk stats`` tests.

Responses go through the repositories (``feedback.create_campaign``, ``add_response``),
so every row passes the same validation as one typed in the application.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Sequence

from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.models import NOT_CONCERNED, Campaign, CampaignItem, Response
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback

NC = NOT_CONCERNED


def new_campaign(con: sqlite3.Connection, name: str = "Enquête 2023",
                 items: Sequence[tuple[str, str]] = tuple(ANIL_ITEMS)
                 ) -> tuple[Campaign, list[CampaignItem]]:
    campaign = feedback.create_campaign(con, Campaign(name=name), [tuple(i) for i in items])
    return campaign, feedback.items_of(con, campaign.id)


def add(con: sqlite3.Connection, campaign: Campaign, items: Sequence[CampaignItem], *,
        category: str = "CAF", department: str = "35", overall: int | None = None,
        scores: Sequence[int | str | None] = (), comment: str = "") -> Response:
    """One response; ``scores`` follow the items: 1..5, NC, or None (no answer row)."""
    answers = {item.id: score for item, score in zip(items, scores) if score is not None}
    return feedback.add_response(con, Response(
        campaign_id=campaign.id, category_code=category, department_code=department,
        overall_score=overall, answers=answers, comment=comment))


# The ANIL note (June 2023): 163 responses from 20 départements, 70 % give 4 or 5 overall;
# Gers 20, Morbihan 29, La Réunion 32 responses; items rated by 2 to 28 respondents.
ANIL_DEPARTMENTS = {"32": 20, "56": 29, "974": 32,
                    **{code: 5 for code in ("06", "13", "31", "33", "35", "44", "59", "62",
                                            "67", "69", "75", "76", "83", "93")},
                    **{code: 4 for code in ("2A", "971", "972")}}
ANIL_OVERALL = [1] * 5 + [2] * 10 + [3] * 34 + [4] * 60 + [5] * 54  # 114 of 163 give 4 or 5
SOUS_CCAPEX_RESPONDENTS = 2  # only the Alpes-Maritimes (06) deployed sous-CCAPEX
CHARTE_RESPONDENTS = 28


def anil_like_survey(con: sqlite3.Connection) -> Campaign:
    """A synthetic survey with the ANIL note's published figures."""
    assert sum(ANIL_DEPARTMENTS.values()) == len(ANIL_OVERALL) == 163
    rng = random.Random(2023)
    overall = ANIL_OVERALL.copy()
    rng.shuffle(overall)
    departments = [code for code, count in ANIL_DEPARTMENTS.items() for _ in range(count)]
    categories = ["DDETS", "CD", "CAF", "BAILSOC", "ASSO_INS", "COMMUNE", "DDT"]
    campaign, items = new_campaign(con, "ANIL 2022-2023")
    sous_ccapex = charte = 0
    with transaction(con):
        for index, (department, score) in enumerate(zip(departments, overall)):
            scores: list[int | str | None] = [rng.randint(2, 5) for _ in items]
            scores[4] = NC  # M_SOUSCCAPEX
            if department == "06" and sous_ccapex < SOUS_CCAPEX_RESPONDENTS:
                scores[4] = 4 + sous_ccapex
                sous_ccapex += 1
            scores[6] = None  # M_CHARTE: no answer…
            if charte < CHARTE_RESPONDENTS:  # …except for the first 28
                scores[6] = rng.randint(1, 5)
                charte += 1
            add(con, campaign, items, category="JUSTICE" if index == 0 else rng.choice(categories),
                department=department, overall=score, scores=scores)
    return campaign
