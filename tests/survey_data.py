"""Survey bases with known responses, for the statistics and ``pexdesk stats`` tests.

Responses go through the repositories (``feedback.create_campaign``, ``add_response``),
so every row passes the same validation as one typed in the application. At the end, a
survey export scored on a scale pexdesk does not know, for the label-translation tests,
and a Google Forms export downloaded twice, for the tests of responses it no longer holds.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.domain.models import Campaign, CampaignItem, Response
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


# A Google Forms export whose scores use the school scale « Très bien / Bien / Assez bien /
# Passable / Insuffisant », unknown to pexdesk (shared/survey.md §3: ask, never guess).
SCHOOL_SCALE = {"Très bien": 5, "Bien": 4, "Assez bien": 3, "Passable": 2, "Insuffisant": 1}
SCHOOL_GLOBAL = "Appréciation globale de la mission"
SCHOOL_DIAG = "Diagnostic de la mise en œuvre de la PEX"
SCHOOL_ANIM = "Animation des partenariats"
SCHOOL_SCALE_CSV = (
    f"Horodateur;Vous représentez;Département;{SCHOOL_GLOBAL};{SCHOOL_DIAG};{SCHOOL_ANIM};"
    "Commentaires\n"
    "2024/03/14 10:02:11;Bailleur social;35;Très bien;Bien;TRÈS BIEN;RAS\n"
    "2024/03/15 09:40:00;CAF;Finistère;Bien;Assez bien;Non concerné;\n"
    "2024/03/16 14:05:37;Conseil départemental;22;Assez bien;Passable;bien;\n"
    "2024/03/18 11:00:00;CCAS;35;Passable;Insuffisant;;Trop peu de réunions.\n"
    "2024/03/20 16:30:00;UDAF;35;Très bien;Très  bien;Sans avis;\n")
SCHOOL_SCALE_SCORES = [
    # (file row, overall, {item label: score}) once translated with SCHOOL_SCALE
    (2, 5, {SCHOOL_DIAG: 4, SCHOOL_ANIM: 5}),
    (3, 4, {SCHOOL_DIAG: 3, SCHOOL_ANIM: NC}),
    (4, 3, {SCHOOL_DIAG: 2, SCHOOL_ANIM: 4}),
    (5, 2, {SCHOOL_DIAG: 1}),
    (6, 5, {SCHOOL_DIAG: 5, SCHOOL_ANIM: NC}),
]


def write_school_scale_export(folder: Path) -> Path:
    """SCHOOL_SCALE_CSV as ``folder``/echelle_scolaire.csv (UTF-8, « ; »)."""
    path = Path(folder) / "echelle_scolaire.csv"
    path.write_text(SCHOOL_SCALE_CSV, encoding="utf-8")
    return path


# A Google Forms export downloaded again after a respondent edited row 2 and the officer
# deleted row 5 in the form, and a partner answered.
EXPORT = "Enquête PEX (réponses).csv"
EXPORT_HEADER = ("Horodateur,Adresse e-mail,Vous représentez,Département,"
                 "\"Globalement, êtes-vous satisfait ?\",Évaluez [Diagnostic],"
                 "Évaluez [Animation],Commentaires")
EXPORT_ROWS = [f"{day:02d}/03/2024 10:00:00,p{day}@exemple.fr,CAF,35,4,{day % 5 + 1},3,"
               f"Réponse {day}" for day in range(1, 7)]
EDITED_ROW = EXPORT_ROWS[1].replace(",Réponse 2", ",Réponse 2 corrigée")
ADDED_ROW = "20/03/2024 09:30:00,,Bailleur social,22,5,5,4,Nouvelle"
REDOWNLOADED_ROWS = [EXPORT_ROWS[0], EDITED_ROW, *EXPORT_ROWS[2:4], EXPORT_ROWS[5], ADDED_ROW]


def write_export(folder: Path, rows: Sequence[str], name: str = EXPORT) -> Path:
    """A download of the export holding ``rows``, in a new subfolder of ``folder`` (the
    browser's folder keeps the same name for every download)."""
    download = Path(folder) / f"téléchargement {len(list(Path(folder).iterdir())) + 1}"
    download.mkdir()
    path = download / name
    path.write_text("\n".join([EXPORT_HEADER, *rows]) + "\n", "utf-8")
    return path
