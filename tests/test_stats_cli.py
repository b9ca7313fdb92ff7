"""``pexdesk stats``: the JSON object is a public contract (exact keys at every level),
the table is French, and errors exit 2 without a traceback. The base is never written."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.profile import Profile
from pexdesk.core.services.statistics import POOLED_CODE, POOLED_LABEL, wilson_interval
from tests.survey_data import NC, add, anil_like_survey, new_campaign
from tests.cli_helpers import run, run_process

TOP_KEYS = {"responses", "departments", "by_department", "overall", "items", "by_category"}
OVERALL_KEYS = {"n", "mean", "median", "top2_share", "top2_ci", "distribution"}
ITEM_KEYS = {"label", "code", "campaign", "n", "not_concerned", "mean", "median", "top2_share",
             "top2_ci", "distribution", "low_n"}
CATEGORY_KEYS = {"n", "mean", "top2_share"}
DISTRIBUTION_KEYS = {"1", "2", "3", "4", "5"}

ITEMS = (("A", "Animation des partenariats"), ("B", "Déploiement de sous-CCAPEX"),
         ("C", "Réécriture de la charte"))


@pytest.fixture
def survey_path(base_path: Path) -> Path:
    """A closed base for the 35 holding two campaigns; the 2023 one has responses from
    the 35 and the 56 (a regional file)."""
    with Base.create(base_path, Profile(department_code="35", adil_name="ADIL 35")) as base:
        con = base.con
        campaign, items = new_campaign(con, "Enquête 2023", ITEMS)
        plan = [  # département, category, overall, (A, B, C)
            ("35", "CAF", 5, (5, NC, None)), ("35", "CAF", 4, (4, NC, None)),
            ("35", "CAF", 4, (3, 4, None)), ("35", "CD", 2, (2, NC, None)),
            ("35", "CD", None, (4, NC, None)), ("56", "BAILSOC", 5, (5, NC, None)),
            ("56", "JUSTICE", 3, (NC, 2, None))]
        with transaction(con):
            for department, category, overall, scores in plan:
                add(con, campaign, items, department=department, category=category,
                    overall=overall, scores=scores, comment="Merci")
        other, other_items = new_campaign(con, "Enquête 2021", ITEMS)
        add(con, other, other_items, category="CAF", overall=1, scores=(1, 1, 1))
    return base_path


def stats_json(capsys, *argv) -> dict:
    code, out, err = run(["stats", *argv, "--json"], capsys)
    assert (code, err) == (0, "")
    return json.loads(out)


def test_json_keys_are_exactly_the_contract(survey_path, capsys):
    data = stats_json(capsys, "--db", survey_path)

    assert set(data) == TOP_KEYS
    assert set(data["overall"]) == OVERALL_KEYS
    assert set(data["overall"]["distribution"]) == DISTRIBUTION_KEYS
    assert len(data["items"]) == 3
    for item in data["items"]:
        assert set(item) == ITEM_KEYS
        assert set(item["distribution"]) == DISTRIBUTION_KEYS
    assert data["by_category"]
    for figures in data["by_category"].values():
        assert set(figures) == CATEGORY_KEYS
    assert all(isinstance(v, int) for v in data["by_department"].values())


def test_json_figures_of_one_campaign(survey_path, capsys):
    data = stats_json(capsys, "--db", survey_path, "--campaign", "enquête 2023")

    assert data["responses"] == 7
    assert data["departments"] == 2
    assert data["by_department"] == {"35": 5, "56": 2}
    overall = data["overall"]
    assert overall["distribution"] == {"1": 0, "2": 1, "3": 1, "4": 2, "5": 2}
    assert overall["n"] == 6
    assert overall["mean"] == pytest.approx(23 / 6)
    assert overall["median"] == 4
    assert overall["top2_share"] == pytest.approx(4 / 6)
    assert overall["top2_ci"] == pytest.approx(list(wilson_interval(4, 6)))
    a, b, c = data["items"]
    assert a == {"label": "Animation des partenariats", "code": "A", "campaign": "Enquête 2023",
                 "n": 6, "not_concerned": 1,
                 "mean": pytest.approx(23 / 6), "median": 4.0,
                 "top2_share": pytest.approx(4 / 6),
                 "top2_ci": pytest.approx(list(wilson_interval(4, 6))),
                 "distribution": {"1": 0, "2": 1, "3": 1, "4": 2, "5": 2}, "low_n": True}
    assert (b["n"], b["not_concerned"], b["mean"], b["median"], b["top2_share"]) == (
        2, 5, 3.0, 3.0, 0.5)
    assert b["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0}
    assert c == {"label": "Réécriture de la charte", "code": "C", "campaign": "Enquête 2023",
                 "n": 0, "not_concerned": 0,
                 "mean": None, "median": None, "top2_share": None, "top2_ci": None,
                 "distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}, "low_n": True}
    # CD (2 respondents), BAILSOC and JUSTICE (1 each) are never shown alone (§4.6).
    assert data["by_category"] == {
        "CAF": {"n": 3, "mean": pytest.approx(13 / 3), "top2_share": 1.0},
        POOLED_CODE: {"n": 3, "mean": pytest.approx(10 / 3), "top2_share": pytest.approx(1 / 3)}}


def test_json_pools_every_campaign_and_departement_by_default(survey_path, capsys):
    data = stats_json(capsys, "--db", survey_path)

    assert data["responses"] == 8
    assert data["by_department"] == {"35": 6, "56": 2}
    assert data["overall"]["distribution"] == {"1": 1, "2": 1, "3": 1, "4": 2, "5": 2}
    assert [item["n"] for item in data["items"]] == [7, 3, 1]


def test_json_departement_filter(survey_path, capsys):
    data = stats_json(capsys, "--db", survey_path, "--campaign", "Enquête 2023",
                      "--department", "56")

    assert (data["responses"], data["departments"], data["by_department"]) == (2, 1, {"56": 2})
    assert data["overall"]["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}
    assert [(i["n"], i["not_concerned"]) for i in data["items"]] == [(1, 1), (1, 1), (0, 0)]
    assert data["by_category"] == {POOLED_CODE: {"n": 2, "mean": 4.0, "top2_share": 0.5}}


def test_json_category_filter(survey_path, capsys):
    data = stats_json(capsys, "--db", survey_path, "--category", "CAF")

    assert data["responses"] == 4
    assert data["by_category"] == {"CAF": {"n": 4, "mean": 3.5, "top2_share": 0.75}}


def test_json_when_nothing_matches(survey_path, capsys):
    data = stats_json(capsys, "--db", survey_path, "--department", "2A")

    assert (data["responses"], data["departments"], data["by_department"]) == (0, 0, {})
    assert data["overall"] == {"n": 0, "mean": None, "median": None, "top2_share": None,
                               "top2_ci": None,
                               "distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}}
    assert data["by_category"] == {}


def test_json_reproduces_the_anil_headline(base_path, capsys):
    with Base.create(base_path, Profile(department_code="32", adil_name="ADIL 32")) as base:
        anil_like_survey(base.con)
    data = stats_json(capsys, "--db", base_path)

    assert data["responses"] == 163
    assert data["departments"] == 20
    assert data["overall"]["top2_share"] == pytest.approx(0.699, abs=0.0005)
    assert [item["n"] for item in data["items"]][4:] == [2, 163, 28]


def test_text_table_is_french_and_applies_the_small_n_rules(survey_path, capsys):
    code, out, err = run(["stats", "--db", survey_path, "--campaign", "Enquête 2023"], capsys)

    assert (code, err) == (0, "")
    assert "Enquête partenaires — campagne « Enquête 2023 », tous départements" in out
    assert "7 réponses, 2 départements" in out
    assert "Appréciation globale : n = 6 (sans réponse : 1)" in out
    assert ("67\u202f% donnent 4 ou 5 (4/6), IC 95 % : 30\u202f% à 90\u202f% — moyenne 3,8 — "
            "médiane 4 — à interpréter avec prudence (n < 10)") in out
    lines = out.splitlines()
    animation = next(line for line in lines if line.startswith("Animation des partenariats"))
    assert re.split(" {2,}", animation)[:8] == [
        "Animation des partenariats", "6", "1", "0", "3,8", "4", "67\u202f%", "30–90\u202f%"]
    assert "⚠ à interpréter avec prudence (n < 10)" in animation
    sous_ccapex = next(line for line in lines if line.startswith("Déploiement de sous-CCAPEX"))
    assert "effectif trop faible pour un pourcentage : 1×2, 1×4" in sous_ccapex
    assert "%" not in sous_ccapex and "3,0" not in sous_ccapex
    charte = next(line for line in lines if line.startswith("Réécriture de la charte"))
    assert charte.endswith("aucune réponse")
    categories = lines[lines.index("Par catégorie de partenaire (appréciation globale)") + 1:]
    assert categories[1].startswith("CAF ")
    assert categories[2].startswith(f"{POOLED_LABEL} ")  # CD (2), BAILSOC (1), JUSTICE (1)
    assert f"regroupées en « {POOLED_LABEL} »" in out
    assert "Par département (appréciation globale)" in out
    assert "Ille-et-Vilaine (35)" in out and "Morbihan (56)" in out


def test_questions_of_several_campaigns_name_their_campaign(base_path, capsys):
    """Two campaigns coding the same question differently: two questions, told apart."""
    with Base.create(base_path, Profile(department_code="35", adil_name="ADIL 35")) as base:
        for name, code, count in (("Enquête 2024", "DIAG", 9), ("Enquête 2025", "M_DIAG", 35)):
            campaign, items = new_campaign(base.con, name, ((code, "Diagnostic"),))
            with transaction(base.con):
                for _ in range(count):
                    add(base.con, campaign, items, category="CAF", overall=4, scores=(4,))
    data = stats_json(capsys, "--db", base_path)

    assert [(i["label"], i["code"], i["campaign"], i["n"]) for i in data["items"]] == [
        ("Diagnostic", "M_DIAG", "Enquête 2025", 35), ("Diagnostic", "DIAG", "Enquête 2024", 9)]
    code, out, _ = run(["stats", "--db", base_path], capsys)
    assert code == 0
    listing = out[out.index("Campagne de chaque question :"):].splitlines()
    assert listing[1:3] == ["  Diagnostic — Enquête 2025", "  Diagnostic — Enquête 2024"]


def test_one_campaign_needs_no_campaign_listing(survey_path, capsys):
    _, out, _ = run(["stats", "--db", survey_path, "--campaign", "Enquête 2023"], capsys)
    assert "Campagne de chaque question" not in out


@pytest.mark.parametrize("argv, french", [
    (["--campaign", "Enquête 1999"], "Aucune campagne nommée « Enquête 1999 »"),
    (["--department", "999"], "Département inconnu : « 999 »"),
    (["--category", "MAGISTRAT"], "Catégorie de partenaire inconnue : « MAGISTRAT »"),
], ids=["campaign", "department", "category"])
def test_unknown_names_exit_2_in_french(survey_path, capsys, argv, french):
    code, out, err = run(["stats", "--db", survey_path, *argv], capsys)

    assert code == 2
    assert out == ""
    assert err.startswith("Erreur : ") and french in err
    assert "Traceback" not in err


def test_missing_or_foreign_base_exits_2(tmp_path, capsys):
    code, out, err = run(["stats", "--db", tmp_path / "absent.db"], capsys)
    assert (code, out) == (2, "") and "n'existe pas" in err

    foreign = tmp_path / "autre.db"
    with sqlite3.connect(foreign) as other:
        other.execute("CREATE TABLE t(x)")
    other.close()
    code, out, err = run(["stats", "--db", foreign, "--json"], capsys)
    assert (code, out) == (2, "") and "n'est pas une base pexdesk" in err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_stats_never_writes(survey_path, capsys):
    before = (_digest(survey_path), survey_path.stat().st_mtime_ns)

    for argv in (["--json"], [], ["--campaign", "Enquête 2023", "--department", "35"],
                 ["--campaign", "Enquête 1999"]):
        run(["stats", "--db", survey_path, *argv], capsys)

    assert (_digest(survey_path), survey_path.stat().st_mtime_ns) == before


def test_help_lists_stats_and_its_options(capsys):
    code, out, err = run(["--help"], capsys)
    assert (code, err) == (0, "")
    assert "stats" in out and "% de 4 ou 5" in out

    code, out, err = run(["stats", "--help"], capsys)
    assert (code, err) == (0, "")
    for option in ("--db", "--campaign", "--department", "--category", "--json"):
        assert option in out


def test_process_json_is_one_parsable_object(survey_path):
    done = run_process("stats", "--db", survey_path, "--json")

    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)) == TOP_KEYS
    assert done.stdout.isascii()  # safe in any console encoding
