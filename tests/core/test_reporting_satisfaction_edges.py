"""The « Bilan de satisfaction » on edge data: tiny campaigns, incoherent campaign records,
ties and rounding, read back from the PDF as the DDETS reads it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from reporting_helpers import pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.models import Campaign, Profile
from pexdesk.core.repositories import feedback
from pexdesk.core.services.reporting import build_report
from tests.survey_data import add

TODAY = date.today()
ITEMS = (("Q1", "Mission une"), ("Q2", "Mission deux"))
Respondent = tuple[str, int | None, Sequence[int | None], str]
"""Category, overall score, item scores, comment."""


def bilan(tmp_path: Path, respondents: Sequence[Respondent], consulted: int | None = None,
          adil: str = "ADIL de test") -> str:
    """The text of the satisfaction bilan of one campaign holding ``respondents``."""
    path = tmp_path / "enquete.db"
    with Base.create(path, Profile(department_code="35", adil_name=adil,
                                   officer_name="Camille Martin",
                                   mission_start=TODAY - timedelta(days=900))) as base:
        campaign = feedback.create_campaign(
            base.con, Campaign(name="Enquête", period_start=TODAY - timedelta(days=40),
                               period_end=TODAY - timedelta(days=10),
                               consulted_count=consulted), list(ITEMS))
        items = feedback.items_of(base.con, campaign.id)
        with transaction(base.con):
            for category, overall, scores, comment in respondents:
                add(base.con, campaign, items, category=category, overall=overall,
                    scores=scores, comment=comment)
    return pdf_text(build_report(path, "satisfaction", None, None, None,
                                 tmp_path / "enquete.pdf", campaign="Enquête", today=TODAY))


THREE = [("CAF", 5, (5, 4), "Très bien"), ("CAF", 4, (4, 4), ""), ("JUSTICE", 1, (1, 1), "Bof")]


# --- 1. response rate ---------------------------------------------------------------------------

def test_more_responses_than_partners_solicited_gives_no_rate(tmp_path):
    text = bilan(tmp_path, THREE, consulted=1)
    assert "300 %" not in text
    assert ("– taux de réponse non calculable : plus de réponses (3) que de partenaires "
            "sollicités (1)") in text
    assert "Enquête" in text and " 1 3 non calculable" in text  # the method table
    assert ("Taux de réponse non calculable pour la campagne « Enquête » : plus de réponses "
            "(3) que de partenaires sollicités (1).") in text


def test_zero_partners_solicited_is_not_unknown(tmp_path):
    text = bilan(tmp_path, THREE, consulted=0)
    assert "non connu" not in text and " 0 3 non calculable" in text
    assert "plus de réponses (3) que de partenaires sollicités (0)" in text
    assert "n'est pas renseigné" not in text


def test_one_partner_solicited_is_singular(tmp_path):
    text = bilan(tmp_path, THREE[:1], consulted=1)
    assert "100 % taux de réponse 1 sur 1 partenaire sollicité" in text
