"""The « Charte départementale » block of the activity bilan's Partenariat section: the
charte in force, its signatories, each year's objectives evaluated, the months entered
said; a sentence when there is none; nothing when the section is left out."""

from __future__ import annotations

from datetime import date

import pytest
from reporting_helpers import normalise, page_texts, pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import (Charter, CharterObjective, Direction, IndicatorValue,
                                        Partner)
from pexdesk.core.repositories import charters, indicators, partners
from pexdesk.core.services.reporting.build import build_report
from tests.core.older_bases import base_at_version
from tests.core.test_charter import CHARTER_STEP

TODAY = date(2026, 3, 2)
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))


def code_id(con, code: str) -> int:
    return next(i.id for i in indicators.catalogue(con) if i.code == code)


def enter(con, code: str, monthly: dict[int, float]) -> None:
    indicators.set_values(con, [IndicatorValue(
        indicator_id=code_id(con, code), department_code="35", month=date(2025, month, 1),
        value=value) for month, value in monthly.items()])


@pytest.fixture
def with_charter(con):
    partners.save(con, Partner(name="CAF d'Ille-et-Vilaine", category_code="CAF",
                               charter_signatory=True, charter_signed_on=date(2024, 2, 1)))
    enter(con, "CFP_EXEC", {month: 4 for month in range(1, 13)})
    enter(con, "CFP_STOCK", {1: 140, 6: 126, 9: 121})
    charters.save_charter(con, Charter(
        label_text="Charte 2024-2029", approved_on=date(2023, 11, 20),
        signed_on=date(2024, 1, 15), valid_from=date(2024, 1, 1),
        valid_to=date(2029, 12, 31)), [
        CharterObjective(label_text="Moins d'expulsions effectives", year=2025,
                         indicator_id=code_id(con, "CFP_EXEC"), baseline=60, target=50),
        CharterObjective(label_text="Résorber le stock", year=2025,
                         indicator_id=code_id(con, "CFP_STOCK"), baseline=140, target=120),
        CharterObjective(label_text="Liste des maires à jour", year=2025),
        CharterObjective(label_text="Hors période", year=2027,
                         indicator_id=code_id(con, "CFP_EXEC"), baseline=50, target=45,
                         direction=Direction.BAISSE)])
    return con


def partnership(con, tmp_path, first=YEAR_2025[0], last=YEAR_2025[1]) -> str:
    return pdf_text(build_report(con, "activite", first, last, ("partenariat",),
                                 tmp_path / "bilan.pdf", today=TODAY))


def block(text: str) -> str:
    """From the block's title in the body (the contents name it first) to the end."""
    return text[text.rindex("Charte départementale"):]


def test_the_block_gives_the_charte_its_signatories_and_each_objective_evaluated(
        with_charter, tmp_path):
    text = block(partnership(with_charter, tmp_path))
    assert text.startswith(
        "Charte départementale Charte 2024-2029, en vigueur du 1er janvier 2024 au 31 décembre "
        "2029, approuvée par le comité responsable du PDALHPD le 20 novembre 2023 et signée le "
        "15 janvier 2024. 1 partenaire signataire à la fin de la période. Objectifs 2025 "
        "Objectif Référence Cible Réalisé 2025 Écart à la cible Évaluation")
    assert ("Moins d'expulsions effectives Indicateur : Interventions effectives de la force "
            "publique 60 ≤ 50 baisse 48 12 mois sur 12 saisis −2 atteint") in text
    assert ("Résorber le stock Indicateur : Stock de CFP accordés non exécutés 140 ≤ 120 "
            "baisse 121 3 mois sur 12 saisis ; valeur de septembre 2025 +1 non atteint sur les "
            "3 mois saisis") in text
    assert "Liste des maires à jour – – – – non évaluable (objectif qualitatif)" in text
    assert ("Année 2025 incomplète pour 1 indicateur : le réalisé porte sur les mois saisis"
            in text)
    assert "Hors période" not in text and "Objectifs 2027" not in text


def test_a_period_over_two_years_shows_each_year_s_objectives(with_charter, tmp_path):
    text = block(partnership(with_charter, tmp_path, date(2025, 7, 1), date(2026, 2, 28)))
    assert "Objectifs 2025" in text and "Objectifs 2026" not in text  # none set for 2026


def test_without_a_charte_the_block_says_so(con, tmp_path):
    assert block(partnership(con, tmp_path)).startswith(
        "Charte départementale Aucune charte saisie.")


def test_a_charte_out_of_force_over_the_period_is_not_reported(with_charter, tmp_path):
    text = block(partnership(with_charter, tmp_path, date(2020, 1, 1), date(2020, 12, 31)))
    assert text.startswith("Charte départementale Aucune charte en vigueur sur la période.")


def test_the_block_goes_with_its_section(with_charter, tmp_path):
    text = pdf_text(build_report(with_charter, "activite", *YEAR_2025, ("ccapex",),
                                 tmp_path / "bilan.pdf", today=TODAY))
    assert "Charte départementale" not in text


def test_a_base_from_before_the_charte_read_as_it_is_has_none_to_report(tmp_path, fill_data):
    path = tmp_path / "before.db"
    base_at_version(path, fill_data, CHARTER_STEP - 1)
    with Base.open(path, read_only=True) as opened:
        text = partnership(opened.con, tmp_path)
    assert block(text).startswith("Charte départementale Aucune charte saisie.")


def test_the_target_says_on_which_side_of_it_the_objective_is_met(con, tmp_path):
    """The table gave the target alone: what « atteint » meant for a maintien could not be
    read. A qualitative objective's figures, which nothing evaluates, are said under it,
    out of the evaluated columns."""
    enter(con, "CFP_EXEC", {month: 4 for month in range(1, 13)})
    enter(con, "DSF_PRESENCE", {month: 40 for month in range(1, 13)})
    enter(con, "CP_SIGNAL", {month: 70 for month in range(1, 13)})
    charters.save_charter(con, Charter(
        label_text="Charte 2024-2029", valid_from=date(2024, 1, 1),
        valid_to=date(2029, 12, 31)), [
        CharterObjective(label_text="Moins d'expulsions effectives", year=2025,
                         indicator_id=code_id(con, "CFP_EXEC"), baseline=60, target=50),
        CharterObjective(label_text="Rencontrer le locataire", year=2025,
                         indicator_id=code_id(con, "DSF_PRESENCE"), baseline=36, target=45,
                         direction=Direction.HAUSSE),
        CharterObjective(label_text="Garder les signalements", year=2025,
                         indicator_id=code_id(con, "CP_SIGNAL"), baseline=800, target=800,
                         direction=Direction.MAINTIEN),
        CharterObjective(label_text="Réunir le groupe de travail", year=2025,
                         baseline=3, target=4)])
    path = build_report(con, "activite", *YEAR_2025, ("partenariat",), tmp_path / "bilan.pdf",
                        today=TODAY)
    text = block(pdf_text(path))
    assert ("Moins d'expulsions effectives Indicateur : Interventions effectives de la force "
            "publique 60 ≤ 50 baisse 48 12 mois sur 12 saisis −2 atteint") in text
    assert ("Rencontrer le locataire Indicateur : DSF réalisés en présence du locataire "
            "36,0 % ≥ 45,0 % hausse 40,0 % 12 mois sur 12 saisis −5,0 pts non atteint") in text
    assert ("Garder les signalements Indicateur : Commandements de payer signalés à la "
            "CCAPEX 800 ≥ 800 maintien 840 12 mois sur 12 saisis +40 atteint") in text
    assert ("Réunir le groupe de travail Sans indicateur : référence 3, cible 4 – – – – "
            "non évaluable (objectif qualitatif)") in text
    lines = {normalise(line) for page in page_texts(path) for line in page.splitlines()}
    assert {"≤ 50", "≥ 45,0 %", "≥ 800"} <= lines  # each target on one line of its cell
