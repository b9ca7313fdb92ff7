"""The charte départementale: its rules, its storage, the yearly evaluation of its
objectives, and a base from before the schema step that added it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from contextlib import closing
from datetime import date

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.db.migrate import SCHEMA_VERSION, bundled_steps, schema_version
from pexdesk.core.domain.models import (Charter, CharterObjective, Direction, IndicatorValue,
                                        years_after)
from pexdesk.core.errors import ValidationError
from pexdesk.core.repositories import charters, indicators, mapper
from pexdesk.core.safety import journal
from pexdesk.core.services.charter import Verdict, evaluate_all
from tests.core.older_bases import as_before, base_at_version, tables_of

TODAY = date(2026, 6, 15)


def charter(**changes) -> Charter:
    values = dict(label_text="Charte 2024-2029", approved_on=date(2023, 11, 20),
                  signed_on=date(2023, 12, 12), valid_from=date(2024, 1, 1),
                  valid_to=date(2029, 12, 31))
    return Charter(**{**values, **changes})


def indicator_id(con, code: str) -> int:
    return next(i.id for i in indicators.catalogue(con) if i.code == code)


def objective(con, code: str | None, year: int = 2025, **changes) -> CharterObjective:
    values = dict(label_text=f"Objectif {code or 'qualitatif'}", year=year,
                  indicator_id=indicator_id(con, code) if code else None,
                  direction=Direction.BAISSE, baseline=100, target=90)
    return CharterObjective(**{**values, **changes})


def enter(con, code: str, year: int, monthly: dict[int, float | None]) -> None:
    """Values of ``code`` for the months (1–12) of ``year`` given; None is « nd »."""
    indicators.set_values(con, [IndicatorValue(
        indicator_id=indicator_id(con, code), department_code="35", month=date(year, month, 1),
        value=value) for month, value in monthly.items()])


def messages(error: ValidationError) -> dict[str, str]:
    return {e.field: e.message for e in error.errors}


# --- rules ----------------------------------------------------------------------------------

def test_a_charte_lasts_six_years_at_most_counted_from_its_first_day():
    assert charter(valid_to=date(2030, 1, 1)).problems(TODAY) == []
    [problem] = charter(valid_to=date(2030, 1, 2)).problems(TODAY)
    assert problem.field == "valid_to"
    assert problem.message == ("« En vigueur jusqu'au » : une charte vaut au plus 6 ans "
                               "(jusqu'au 1er janvier 2030 pour une charte en vigueur du "
                               "1er janvier 2024).")
    assert years_after(date(2024, 2, 29), 6) == date(2030, 3, 1)  # as SQLite's date() says


def test_a_charte_has_its_dates_in_order_and_its_period_required():
    problems = {p.field: p.message for p in charter(
        label_text=" ", signed_on=date(2023, 11, 1), valid_from=None,
        valid_to=date(2023, 1, 1)).problems(TODAY)}
    assert problems == {
        "label_text": "« Intitulé de la charte » est obligatoire.",
        "signed_on": "« Signée le » (1er novembre 2023) précède « Approuvée le » (20 novembre "
                     "2023).",
        "valid_from": "« En vigueur du » est obligatoire."}
    [ordered] = charter(valid_to=date(2023, 6, 30)).problems(TODAY)
    assert ordered.message == ("« En vigueur jusqu'au » (30 juin 2023) précède « En vigueur "
                               "du » (1er janvier 2024).")
    [signed_later] = charter(signed_on=date(2026, 7, 1)).problems(TODAY)
    assert signed_later.message == "« Signée le » : la date 1er juillet 2026 est dans le futur."


def test_a_quantitative_objective_needs_its_target_and_a_direction_matching_it(con):
    [target] = objective(con, "CFP_EXEC", target=None).problems()
    assert (target.field, target.message) == (
        "target", "« Cible » est obligatoire pour un objectif chiffré (lié à un indicateur) : "
                  "sans elle, il ne peut pas être évalué.")
    assert objective(con, None, target=None, baseline=None).problems() == []
    [direction] = objective(con, "CFP_EXEC", direction=Direction.HAUSSE).problems()
    assert direction.message == ("« Sens » : une hausse vise une cible supérieure ou égale à "
                                 "la référence (90 pour 100).")
    assert objective(con, "CFP_EXEC", direction=Direction.MAINTIEN).problems() == []
    [negative] = objective(con, "CFP_EXEC", baseline=-3, direction=Direction.MAINTIEN).problems()
    assert negative.message == "« Référence » ne peut pas être négative."


def test_a_qualitative_objective_has_no_direction_and_a_quantitative_one_always_has_one(con):
    """A direction says which side of its target the indicator's figure is to end on: a
    qualitative objective kept the « baisse » every objective started with."""
    saved = charters.save_charter(con, charter(), [
        objective(con, None, label_text="Liste des maires", direction=Direction.HAUSSE),
        objective(con, "DSF_PRESENCE", direction=Direction.HAUSSE, baseline=40, target=45),
        CharterObjective(label_text="Moins d'expulsions", year=2025, target=50,
                         indicator_id=indicator_id(con, "CFP_EXEC"))])
    assert [tuple(row) for row in con.execute(
        "SELECT label, direction FROM charter_objective ORDER BY id")] == [("Liste des maires", None), ("Objectif DSF_PRESENCE", "HAUSSE"),
            ("Moins d'expulsions", "BAISSE")]
    qualitative, rate, count = charters.objectives_of(con, saved.id)
    assert (qualitative.direction, rate.direction, count.direction) == (
        None, Direction.HAUSSE, Direction.BAISSE)
    # Its indicator taken away, an objective loses its direction; given one, it starts
    # « à la baisse » until another is chosen.
    assert replace(rate, indicator_id=None).direction is None
    assert replace(qualitative, indicator_id=rate.indicator_id).direction == Direction.BAISSE


def test_objectives_keep_to_the_charte_years_one_per_indicator_and_year(con):
    with pytest.raises(ValidationError) as refused:
        charters.save_charter(con, charter(), [
            objective(con, "CFP_EXEC", 2025), objective(con, "CFP_EXEC", 2031),
            objective(con, "CFP_EXEC", 2025, label_text="Le même"),
            objective(con, "DSF_PRESENCE", direction=Direction.HAUSSE, baseline=60,
                      target=120)])
    assert messages(refused.value) == {
        "objectives[1].year": "« Année » : la charte est en vigueur de 2024 à 2029 (2031 n'en "
                              "fait pas partie).",
        "objectives[2].indicator_id": "« Indicateur » : l'objectif n° 1 porte déjà sur "
                                      "« Interventions effectives de la force publique » pour "
                                      "2025 ; un indicateur a un objectif par année.",
        "objectives[3].target": "« Cible » : un pourcentage ne dépasse pas 100 (120 refusé)."}
    assert charters.charters(con) == []  # nothing saved


# --- repository and journal -----------------------------------------------------------------

def test_a_charte_and_its_objectives_are_saved_read_back_and_replaced(con):
    saved = charters.save_charter(con, charter(notes="Révision prévue en 2027."), [
        objective(con, "CFP_EXEC"), objective(con, None, label_text="Liste des maires")])
    [read] = charters.charters(con)
    assert read == saved and read.notes == "Révision prévue en 2027."
    first, second = charters.objectives_of(con, saved.id)
    assert (first.label_text, first.target, second.indicator_id) == (
        "Objectif CFP_EXEC", 90, None)
    first.target = 85
    charters.save_charter(con, read, [first])
    [kept] = charters.objectives_of(con, saved.id)
    assert (kept.uuid, kept.target) == (first.uuid, 85)
    tables = {entry.table_label for entry in journal.entries(con)}
    assert {"charte", "objectif de la charte"} <= tables
    charters.delete_charter(con, saved.id)
    assert charters.charters(con) == [] and con.execute(
        "SELECT count(*) FROM charter_objective").fetchone()[0] == 0


def test_the_charte_in_force_is_the_latest_begun_over_the_days_asked(con):
    old = charters.save_charter(con, charter(label_text="Charte 2018-2023",
                                             approved_on=None, signed_on=None,
                                             valid_from=date(2018, 1, 1),
                                             valid_to=date(2023, 12, 31)), [])
    new = charters.save_charter(con, charter(), [])
    assert charters.in_force(con, date(2023, 7, 1), date(2024, 6, 30)).id == new.id
    assert charters.in_force(con, date(2020, 1, 1), date(2020, 12, 31)).id == old.id
    assert charters.in_force(con, date(2030, 1, 1), date(2030, 12, 31)) is None


def test_the_schema_refuses_what_the_core_refuses(con):
    """The CHECKs are a last line of defence: a charte of more than six years, a figure
    without a target."""
    saved = mapper.insert(con, charter())
    with pytest.raises(sqlite3.IntegrityError, match="6 years"):
        con.execute("UPDATE charter SET valid_to = '2030-01-02' WHERE id = ?", (saved.id,))
    with pytest.raises(sqlite3.IntegrityError, match="target IS NOT NULL"):
        con.execute("INSERT INTO charter_objective(uuid, charter_id, indicator_id, label, "
                    "year, direction, created_at, updated_at) "
                    "VALUES ('u', ?, ?, 'x', 2025, 'BAISSE', '', '')",
                    (saved.id, indicator_id(con, "CFP_EXEC")))
    with pytest.raises(sqlite3.IntegrityError, match="direction IS NOT NULL"):
        con.execute("INSERT INTO charter_objective(uuid, charter_id, indicator_id, label, "
                    "year, target, created_at, updated_at) "
                    "VALUES ('u', ?, ?, 'x', 2025, 50, '', '')",
                    (saved.id, indicator_id(con, "CFP_EXEC")))


def test_two_objectives_exchanging_their_indicators_are_saved_in_one_go(con):
    saved = charters.save_charter(con, charter(), [objective(con, "CFP_EXEC"),
                                                   objective(con, "CFP_STOCK")])
    first, second = charters.objectives_of(con, saved.id)
    first.indicator_id, second.indicator_id = second.indicator_id, first.indicator_id
    charters.save_charter(con, saved, [first, second])
    assert [(o.uuid, o.indicator_id) for o in charters.objectives_of(con, saved.id)] == [
        (first.uuid, indicator_id(con, "CFP_STOCK")), (second.uuid, indicator_id(con, "CFP_EXEC"))]


# --- evaluation -----------------------------------------------------------------------------

def evaluate(con, *objectives: CharterObjective, today: date = date(2025, 11, 15)):
    """Evaluated during 2025 unless ``today`` says otherwise."""
    saved = charters.save_charter(con, charter(), list(objectives))
    return evaluate_all(con, charters.objectives_of(con, saved.id), today)


def test_a_monthly_count_is_summed_over_its_year(con):
    enter(con, "CFP_EXEC", 2025, {month: 4 for month in range(1, 13)})
    enter(con, "CFP_EXEC", 2024, {12: 50})  # another year: not counted
    [met] = evaluate(con, objective(con, "CFP_EXEC", baseline=60, target=50))
    assert (met.achieved, met.gap, met.months_text, met.figure_text) == (
        48, -2, "12 mois sur 12 saisis", "cumul de l'année")
    assert (met.verdict, met.verdict_text) == (Verdict.ATTEINT, "atteint")


def test_a_stock_takes_its_last_month_known_and_a_partial_year_says_so(con):
    enter(con, "CFP_STOCK", 2025, {1: 140, 2: 138, 5: 131, 9: 118, 10: None})
    [stock] = evaluate(con, objective(con, "CFP_STOCK", baseline=140, target=120))
    assert (stock.achieved, stock.last_month, stock.months_text) == (
        118, date(2025, 9, 1), "4 mois sur 12 saisis")
    assert (stock.verdict, stock.settled, stock.verdict_text) == (
        Verdict.ATTEINT, False, "atteint à ce jour")


def test_a_year_over_but_not_wholly_entered_says_on_how_many_months_its_verdict_stands(con):
    enter(con, "CFP_STOCK", 2025, {month: 130 - month for month in range(1, 12)})
    [stock] = evaluate(con, objective(con, "CFP_STOCK", baseline=140, target=120),
                       today=date(2026, 2, 3))
    assert (stock.verdict, stock.settled, stock.verdict_text) == (
        Verdict.ATTEINT, False, "atteint sur les 11 mois saisis")


def test_a_rate_is_averaged_never_summed(con):
    enter(con, "DSF_PRESENCE", 2025, {1: 40, 2: 50, 3: 45})
    [rate] = evaluate(con, objective(con, "DSF_PRESENCE", direction=Direction.HAUSSE,
                                     baseline=40, target=50))
    assert (rate.achieved, rate.gap, rate.figure_text, rate.months_text) == (
        45, -5, "moyenne des mois saisis", "3 mois sur 12 saisis")
    assert rate.verdict_text == "non atteint à ce jour"


def test_a_partial_sum_past_its_ceiling_is_not_met_whatever_the_months_to_come(con):
    enter(con, "CFP_EXEC", 2025, {month: 10 for month in range(1, 7)})
    over, under = evaluate(con, objective(con, "CFP_EXEC", target=50),
                           objective(con, "CFP_EXEC", 2026, target=50))
    assert (over.achieved, over.verdict_text) == (60, "non atteint")
    assert (under.months_text, under.verdict_text) == (
        "aucun mois saisi", "non évaluable (aucune valeur saisie pour 2026)")
    enter(con, "CP_SIGNAL", 2025, {1: 30})
    [floor] = evaluate(con, objective(con, "CP_SIGNAL", direction=Direction.HAUSSE,
                                      baseline=20, target=25))
    assert (floor.months_text, floor.verdict_text) == ("1 mois sur 12 saisi", "atteint")


def test_a_qualitative_objective_is_not_evaluated_on_figures(con):
    [qualitative] = evaluate(con, objective(con, None, target=None, baseline=None))
    assert (qualitative.achieved, qualitative.months_text, qualitative.verdict_text) == (
        None, "", "non évaluable (objectif qualitatif)")


def test_values_of_another_departement_are_not_counted(con):
    indicators.set_values(con, [IndicatorValue(
        indicator_id=indicator_id(con, "CFP_EXEC"), department_code="56",
        month=date(2025, 3, 1), value=9)])
    [none] = evaluate(con, objective(con, "CFP_EXEC"))
    assert none.months_entered == 0 and none.verdict == Verdict.NON_EVALUABLE


# --- older bases ----------------------------------------------------------------------------

CHARTER_STEP = next(step.version for step in bundled_steps() if step.name.endswith("_charter.sql"))


def test_a_base_from_before_the_charte_upgrades_keeping_its_data(tmp_path, fill_data):
    path = tmp_path / "before.db"
    before = base_at_version(path, fill_data, CHARTER_STEP - 1)
    with Base.open(path) as opened:
        con = opened.con
        assert schema_version(con) == SCHEMA_VERSION
        assert as_before(con, before) == before
        assert tables_of(con)["charter"] == []
        charters.save_charter(con, charter(), [objective(con, "CFP_EXEC")])
        assert len(charters.objectives_of(con, charters.charters(con)[0].id)) == 1


def test_a_base_from_before_the_charte_read_as_it_is_has_none(tmp_path, fill_data):
    path = tmp_path / "before.db"
    base_at_version(path, fill_data, CHARTER_STEP - 1)
    with Base.open(path, read_only=True) as opened:
        con = opened.con
        assert schema_version(con) == CHARTER_STEP - 1 and not charters.charters_stored(con)
        assert charters.charters(con) == []
        assert charters.in_force(con, date(2024, 1, 1), date(2024, 12, 31)) is None


DIRECTION_STEP = next(step.version for step in bundled_steps()
                      if step.name.endswith("_charter_objective_direction.sql"))


def base_with_objectives_before_the_direction_step(tmp_path, fill_data):
    """A base of the step before, whose qualitative objective holds a direction (every
    objective had one) and whose latest objective was deleted."""
    path = tmp_path / "before.db"
    base_at_version(path, fill_data, DIRECTION_STEP - 1)
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("INSERT INTO charter(uuid, label, valid_from, valid_to, created_at, "
                    "updated_at) VALUES ('c', 'Charte 2024-2029', '2024-01-01', '2029-12-31', "
                    "'', '')")
        [(exec_id,)] = con.execute("SELECT id FROM indicator WHERE code = 'CFP_EXEC'")
        for uuid, indicator, label, target, direction in (
                ("q", None, "Liste des maires", None, "HAUSSE"),
                ("n", exec_id, "Moins d'expulsions", 50, "MAINTIEN"),
                ("d", None, "Supprimé", None, "BAISSE")):
            con.execute("INSERT INTO charter_objective(uuid, charter_id, indicator_id, label, "
                        "year, target, direction, created_at, updated_at) "
                        "VALUES (?, 1, ?, ?, 2025, ?, ?, '', '')",
                        (uuid, indicator, label, target, direction))
        con.execute("DELETE FROM charter_objective WHERE uuid = 'd'")
    return path


def test_a_base_from_before_the_direction_step_drops_its_qualitative_directions(
        tmp_path, fill_data):
    path = base_with_objectives_before_the_direction_step(tmp_path, fill_data)
    with closing(sqlite3.connect(path)) as raw:
        [(journaled,)] = raw.execute("SELECT max(id) FROM change_log")
    with Base.open(path) as opened:
        con = opened.con
        assert schema_version(con) == SCHEMA_VERSION
        assert con.execute("SELECT max(id) FROM change_log").fetchone()[0] == journaled
        assert [tuple(row) for row in con.execute(
            "SELECT id, uuid, direction FROM charter_objective ORDER BY id")] == [
            (1, "q", None), (2, "n", "MAINTIEN")]
        [saved] = charters.charters(con)
        objectives = charters.objectives_of(con, saved.id)
        charters.save_charter(con, saved, [*objectives, objective(con, "CFP_STOCK")])
        # The id of the objective deleted before the step is not given again.
        assert con.execute("SELECT max(id) FROM charter_objective").fetchone()[0] == 4
        [added] = [e for e in journal.entries(con) if e.id > journaled]
        assert (added.action, added.table_name, added.record_id) == (
            "INSERT", "charter_objective", "4")  # journaled as before the step


def test_a_base_from_before_the_direction_step_read_as_it_is_shows_no_direction(
        tmp_path, fill_data):
    path = base_with_objectives_before_the_direction_step(tmp_path, fill_data)
    with Base.open(path, read_only=True) as opened:
        assert schema_version(opened.con) == DIRECTION_STEP - 1
        qualitative, quantitative = charters.objectives_of(opened.con, 1)
        assert (qualitative.direction, quantitative.direction) == (None, Direction.MAINTIEN)
