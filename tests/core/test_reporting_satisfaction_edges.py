"""The « Bilan de satisfaction » on edge data: tiny campaigns, incoherent campaign records,
ties and rounding, read back from the PDF as the DDETS reads it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reporting_helpers import pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.models import Campaign
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import feedback
from pexdesk.core.services.reporting.build import build_report
from pexdesk.core.services.reporting.blocks import Context
from pexdesk.core.services.reporting.data import Mission
from pexdesk.core.services.reporting.styles import FRAME_WIDTH
from pexdesk.core.services.reporting.survey_blocks import quote
from tests.survey_data import add

TODAY = date.today()
ITEMS = (("Q1", "Mission une"), ("Q2", "Mission deux"))
Respondent = tuple[str, int | None, Sequence[int | None], str]
"""Category, overall score, item scores, comment."""


def survey_base(tmp_path: Path, respondents: Sequence[Respondent],
                consulted: int | None = None, adil: str = "ADIL de test",
                items: Sequence[tuple[str, str]] = ITEMS,
                departments: Sequence[str] = ()) -> Path:
    """A base holding one campaign « Enquête » of ``respondents`` (from ``departments``,
    by default all from the 35), collected last month."""
    path = tmp_path / "enquete.db"
    with Base.create(path, Profile(department_code="35", adil_name=adil,
                                   officer_name="Camille Martin",
                                   mission_start=TODAY - timedelta(days=900))) as base:
        campaign = feedback.create_campaign(
            base.con, Campaign(name="Enquête", period_start=TODAY - timedelta(days=40),
                               period_end=TODAY - timedelta(days=10),
                               consulted_count=consulted), list(items))
        items = feedback.items_of(base.con, campaign.id)
        with transaction(base.con):
            for index, (category, overall, scores, comment) in enumerate(respondents):
                add(base.con, campaign, items, category=category, overall=overall,
                    scores=scores, comment=comment,
                    department=departments[index] if departments else "35")
    return path


def bilan(tmp_path: Path, respondents: Sequence[Respondent], **survey) -> str:
    """The text of the satisfaction bilan of :func:`survey_base`'s campaign."""
    path = survey_base(tmp_path, respondents, **survey)
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


# --- 2. plurals: 0, 1 and 2+ --------------------------------------------------------------------

def test_one_response_is_singular_everywhere(tmp_path):
    text = bilan(tmp_path, [("CAF", 5, (5, None), "")])
    assert ("Une réponse de partenaire est parvenue, d'un seul département. 1 réponse de "
            "partenaire 1 département 1 sur 1 donne 4 ou 5/5 à la mission") in text
    assert "Aucun commentaire libre" in text and "cités en annexe" not in text
    assert "La réponse vient du département" in text and "Toutes les réponses" not in text
    assert "1 réponses" not in text and "partenaires est" not in text


def test_one_comment_is_singular_everywhere(tmp_path):
    text = bilan(tmp_path, [("CAF", 5, (5, 4), "Très bien"), ("CAF", 2, (2, 1), "")])
    assert "2 réponses de partenaires sont parvenues" in text
    assert "1 sur 2 donne 4 ou 5/5" in text
    assert "1 commentaire libre cité en annexe A" in text
    assert ("Les partenaires ont laissé un seul commentaire libre, cité ci-dessous et "
            "reproduit en annexe A. Il est cité tel quel") in text
    assert "Cité ici : 1 sur 1." in text and "Cités ici : 1" not in text


def test_one_question_or_none_beside_the_overall_appreciation(tmp_path):
    one = bilan(tmp_path, THREE, items=ITEMS[:1])
    assert ("porte sur l'appréciation globale de la mission et sur l'une de ses missions "
            "(1 question), avec un commentaire libre") in one
    (tmp_path / "sans").mkdir()
    none = bilan(tmp_path / "sans", THREE, items=())
    assert ("porte sur l'appréciation globale de la mission, avec un commentaire libre"
            in none)


def test_several_comments_are_plural(tmp_path):
    text = bilan(tmp_path, THREE)
    assert "2 sur 3 donnent 4 ou 5/5" in text
    assert "2 commentaires libres cités en annexe A, par catégorie" in text
    assert "Les partenaires ont laissé 2 commentaires libres. Une sélection" in text
    assert "et sur chacune de ses missions (2 questions)" in text


# --- 3. headline shares under 10 answers carry the caution ---------------------------------------

SIX = [("CAF", 5, (5, 5), "")] * 4 + [("CD", 4, (4, 4), ""), ("CD", 2, (2, 2), "")]


def test_the_headline_tile_under_ten_answers_carries_the_caution(tmp_path):
    text = bilan(tmp_path, SIX)
    assert ("83 % donnent 4 ou 5/5 à la mission n = 6 · IC 95 % : 44 % à 97 % à interpréter "
            "avec prudence (n < 10)") in text


def test_the_activity_key_figure_under_ten_answers_carries_the_caution(tmp_path):
    path = survey_base(tmp_path, SIX)
    text = pdf_text(build_report(path, "activite", None, None, ("synthese",),
                                 tmp_path / "activite.pdf", today=TODAY))
    assert ("Partenaires donnant 4 ou 5 sur 5 à la mission 83 % (5/6) à interpréter avec "
            "prudence (n < 10)") in text
    assert ("sans pourcentage sous cinq réponses et « à interpréter avec prudence (n < 10) » "
            "de cinq à neuf.") in text


# --- 5. the ADIL's article, one category ----------------------------------------------------------

@pytest.mark.parametrize("stored, shown", [
    ("ADIL d'Ille-et-Vilaine", "l'ADIL d'Ille-et-Vilaine"),
    ("d'Ille-et-Vilaine", "l'ADIL d'Ille-et-Vilaine"),
    ("Adil 35", "l'Adil 35"),
    ("Agence départementale d'information sur le logement du Gers",
     "l'Agence départementale d'information sur le logement du Gers"),
])
def test_the_adil_takes_its_article(stored, shown):
    mission = Mission(stored, "", "35", "Ille-et-Vilaine", None, None)
    assert mission.adil_in_text == shown


def test_the_summary_names_the_adil_with_its_article_and_one_category(tmp_path):
    text = bilan(tmp_path, [("CAF", 5, (5, 5), "")], adil="ADIL d'Ille-et-Vilaine")
    assert "prévention des expulsions locatives portée par l'ADIL d'Ille-et-Vilaine :" in text
    assert ("Le bilan compte 1 réponse, d'une seule catégorie de partenaires et d'un seul "
            "département.") in text
    reader = PdfReader(tmp_path / "enquete.pdf")
    assert "portée par l'ADIL d'Ille-et-Vilaine," in reader.metadata.subject


# --- 6. ties at the cut-off of « the most represented » -----------------------------------------

def test_no_category_or_departement_tied_at_the_cut_off_is_left_out(tmp_path):
    categories = ["CAF"] * 5 + ["CD"] * 4 + ["BAILSOC"] * 3 + ["COMMUNE"] * 3
    departments = ["35"] * 5 + ["56"] * 4 + ["29"] * 3 + ["22"] * 3
    text = bilan(tmp_path, [(c, 4, (4, 4), "") for c in categories], departments=departments)
    assert ("Les catégories de partenaires les plus représentées sont CAF avec 5 répondants, "
            "Conseil départemental avec 4 répondants, Commune / maire avec 3 répondants et "
            "Bailleur social avec 3 répondants.") in text  # ties in reference order
    assert ("Les départements qui comptent le plus de réponses sont Ille-et-Vilaine (35) avec "
            "5 réponses, Morbihan (56) avec 4 réponses, Côtes-d'Armor (22) avec 3 réponses et "
            "Finistère (29) avec 3 réponses.") in text


# --- 7. a grouped share and the rounded shares of its parts --------------------------------------

def test_the_share_of_1_or_2_shows_its_count_and_the_method_explains_rounding(tmp_path):
    scores = [1] * 1 + [2] * 3 + [3] * 7 + [4] * 17 + [5] * 11
    text = bilan(tmp_path, [("CAF", s, (s, s), "") for s in scores])
    # 2,6 + 7,7 + 17,9 + 43,6 + 28,2: each rounded, 3 + 8 + 18 + 44 + 28 made 101 %
    assert "Part des réponses valides 2 % 8 % 18 % 44 % 28 % 100 %" in text
    assert "; 10 % (4/39) des répondants donnent 1 ou 2." in text
    assert ("Arrondis : chaque part est calculée sur les effectifs, puis arrondie à l'unité ; "
            "dans un tableau dont le total affiche 100 %, les parts sont arrondies de sorte "
            "que leur somme fasse 100 % (méthode du plus fort reste). Une part regroupée "
            "(notes 4 ou 5, notes 1 ou 2), calculée sur ses propres effectifs, peut donc "
            "différer d'un point de la somme des parts de ses notes.") in text


# --- 8. quotes fill their lines -----------------------------------------------------------------

def test_a_quote_fills_its_line_and_its_attribution_stays_whole():
    text = ("La sous-CCAPEX permet enfin d'étudier les situations bloquées au plus près du "
            "terrain.")
    para = quote(Context(None), text, "Association d'insertion / logement")
    para.wrap(FRAME_WIDTH, 1000)
    lines = ["".join(word.text for word in line.words) for line in para.blPara.lines]
    assert lines[0].endswith("terrain.\u00a0»")  # not « … au plus près du »
    assert lines[1] == "—\u00a0Association\u00a0d'insertion\u00a0/\u00a0logement"


# --- 9. small categories: the answers given, from 3 answers on ------------------------------------

def test_a_small_category_shows_its_answers_from_three_on(tmp_path):
    text = bilan(tmp_path, [("CAF", s, (s, s), "") for s in (3, 4, 4, 4)]
                 + [("BAILSOC", s, (4, 4), "") for s in (5, None, None)])
    assert ("CAF 4 57 % 4 – – effectif trop faible pour un pourcentage : 1×3, 3×4 "
            "Bailleur social 3 43 % 1 – – effectif trop faible pour un pourcentage "
            "Ensemble") in text  # one answer: no « 1×5 », that partner's own score
