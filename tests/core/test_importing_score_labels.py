"""Score labels pexdesk does not know (« Très bien … Insuffisant », « Oui tout à fait », a
column on the … / Bon / Très bon / Excellent scale): never guessed, translated by the user
(shared/survey.md §3). The plan lists them; ``ResponseImportOptions.score_labels`` holds the
user's translations, matched after the known labels' normalisation, for every score column."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import ImportRefusedError
from pexdesk.core.repositories import feedback
from pexdesk.core.services.importing import (ResponseImportOptions, Role, RowStatus, Sheet,
                                             commit_responses, plan_responses, read_bytes,
                                             read_file)
from pexdesk.core.services.importing.values import (LABEL_SCORES, NO_ANSWER, Invalid,
                                                    parse_label_score, parse_score,
                                                    translatable_key)
from tests.survey_data import (SCHOOL_ANIM, SCHOOL_DIAG, SCHOOL_GLOBAL, SCHOOL_SCALE,
                               SCHOOL_SCALE_CSV, SCHOOL_SCALE_SCORES, write_school_scale_export)

NC = NOT_CONCERNED


def translated(mapping: dict) -> ResponseImportOptions:
    options = ResponseImportOptions(campaign="Enquête 2024")
    for label, score in mapping.items():
        options = options.with_label_score(label, score)
    return options


def school_plan(con, mapping: dict | None = None):
    return plan_responses(con, read_bytes(SCHOOL_SCALE_CSV.encode(), "echelle_scolaire.csv"),
                          translated(mapping or {}))


def scores_stored(con, campaign_name: str = "Enquête 2024") -> list[tuple]:
    """(file row, overall, {item label: score}) of the campaign's responses."""
    campaign = feedback.find_campaign(con, campaign_name)
    labels = {item.id: item.label_text for item in feedback.items_of(con, campaign.id)}
    return [(r.origin_row, r.overall_score,
             {labels[item]: score for item, score in r.answers.items()})
            for r in feedback.responses_of(con, campaign.id)]


# --- the school scale: refused as it is, imported once translated ------------------------------

def test_a_file_on_an_unknown_scale_is_refused_without_translation(con, row_counts):
    before = row_counts(con)
    plan = school_plan(con)
    assert (plan.rows_read, plan.valid_count, plan.invalid_count) == (5, 0, 5)
    assert plan.errors[0].text() == ("ligne 2, colonne « Appréciation globale de la mission » : "
                                     "« Très bien » n'est pas une note de 1 à 5 reconnue.")
    assert len(plan.errors) == 12  # every cell of the scale, each located
    assert plan.refusal() == ("Import impossible : aucune ligne valide dans "
                              "echelle_scolaire.csv (5 lignes lues).")
    assert [label.label for label in plan.untranslated] == list(SCHOOL_SCALE)  # asked
    with pytest.raises(ImportRefusedError):
        commit_responses(con, plan)
    assert row_counts(con) == before


def test_the_plan_lists_each_unknown_label_once_with_its_cells_and_columns(con):
    plan = school_plan(con)
    assert [(label.label, label.cells, label.columns, label.score, label.usual)
            for label in plan.score_labels] == [
        ("Très bien", 4, (SCHOOL_GLOBAL, SCHOOL_DIAG, SCHOOL_ANIM), None, None),
        ("Bien", 3, (SCHOOL_GLOBAL, SCHOOL_DIAG, SCHOOL_ANIM), None, None),
        ("Assez bien", 2, (SCHOOL_GLOBAL, SCHOOL_DIAG), None, None),
        ("Passable", 2, (SCHOOL_GLOBAL, SCHOOL_DIAG), None, None),
        ("Insuffisant", 1, (SCHOOL_DIAG,), None, None)]
    assert plan.untranslated == plan.score_labels
    lines = plan.preview_lines()
    at = lines.index("Libellés à traduire en notes :")
    assert lines[at + 1] == ("  « Très bien » (4 cellules ; colonnes « Appréciation globale de "
                             "la mission », « Diagnostic de la mise en œuvre de la PEX », "
                             "« Animation des partenariats ») → à choisir")
    assert lines[at + 5] == ("  « Insuffisant » (1 cellule ; colonne « Diagnostic de la mise "
                             "en œuvre de la PEX ») → à choisir")
    # Known labels, numbers, « non concerné » and blanks are not asked about.
    assert "Non concerné" not in {label.label for label in plan.score_labels}


def test_once_translated_the_file_is_imported_with_the_right_scores(con):
    plan = school_plan(con, SCHOOL_SCALE)
    assert plan.untranslated == [] and plan.errors == []
    assert (plan.valid_count, plan.invalid_count) == (5, 0)
    assert plan.label_lines()[1] == (
        "  « Très bien » (4 cellules ; colonnes « Appréciation globale de la mission », "
        "« Diagnostic de la mise en œuvre de la PEX », « Animation des partenariats ») → 5")
    result = commit_responses(con, plan)
    assert result.imported == 5
    assert scores_stored(con) == SCHOOL_SCALE_SCORES
    assert ("Libellés traduits en notes : « Très bien » → 5, « Bien » → 4, « Assez bien » → 3, "
            "« Passable » → 2, « Insuffisant » → 1.") in result.lines()


def test_an_untranslated_label_still_blocks_its_rows(con):
    plan = school_plan(con, {k: v for k, v in SCHOOL_SCALE.items() if k != "Passable"})
    assert [label.label for label in plan.untranslated] == ["Passable"]
    assert [p.text() for p in plan.errors] == [
        "ligne 4, colonne « Diagnostic de la mise en œuvre de la PEX » : « Passable » n'est pas "
        "une note de 1 à 5 reconnue.",
        "ligne 5, colonne « Appréciation globale de la mission » : « Passable » n'est pas une "
        "note de 1 à 5 reconnue."]
    assert plan.row_status == [RowStatus.VALID, RowStatus.VALID, RowStatus.INVALID,
                               RowStatus.INVALID, RowStatus.VALID]


# --- matching, « non concerné », « sans réponse » -------------------------------------------------

@pytest.mark.parametrize("written", ["très bien", "TRES BIEN", "Très  bien", " Très bien ",
                                     "Tres-bien", "Très bien."])
def test_a_translation_matches_the_label_written_otherwise(con, written):
    plan = school_plan(con, {**{k: v for k, v in SCHOOL_SCALE.items() if k != "Très bien"},
                             written: 5})
    assert plan.untranslated == []
    assert plan.score_labels[0].score == 5 and plan.score_labels[0].cells == 4
    assert plan.valid_count == 5


def test_feminine_and_plural_forms_match_as_for_known_labels(con, tmp_path):
    path = tmp_path / "feminin.csv"
    path.write_text("Vous représentez;Animation des partenariats\nCAF;Très contente\n"
                    "CCAS;très contents\nUDAF;Plutôt mécontente\n", encoding="utf-8")
    plan = plan_responses(con, read_file(path), translated({"Très content": 5}))
    assert [(label.label, label.cells, label.score) for label in plan.score_labels] == [
        ("Très contente", 2, 5), ("Plutôt mécontente", 1, None)]
    assert [p.text() for p in plan.errors] == [
        "ligne 4, colonne « Animation des partenariats » : « Plutôt mécontente » n'est pas une "
        "note de 1 à 5 reconnue."]


def test_with_label_score_replaces_the_same_label_written_otherwise_and_none_forgets_it():
    options = ResponseImportOptions(roles={"A": Role.ITEM})
    options = options.with_label_score("Très bien", 4).with_label_score("TRÈS BIEN", 5)
    assert options.score_labels == {"TRÈS BIEN": 5}
    options = options.with_label_score("Bien", NC).with_label_score("tres bien", None)
    assert options.score_labels == {"Bien": NC}
    assert options.roles == {"A": Role.ITEM}  # the other choices are kept


def test_labels_translated_as_not_concerned_or_no_answer(con):
    plan = school_plan(con, {**SCHOOL_SCALE, "Très bien": NC, "Passable": NO_ANSWER})
    commit_responses(con, plan)
    stored = {row: (overall, answers) for row, overall, answers in scores_stored(con)}
    # Row 2: overall and Animation said « Très bien » (now non concerné), Diagnostic « Bien ».
    assert stored[2] == (None, {SCHOOL_DIAG: 4, SCHOOL_ANIM: NC})
    # Row 4: Diagnostic said « Passable » (now sans réponse): no answer at all, not a 2.
    assert stored[4] == (3, {SCHOOL_ANIM: 4})
    assert stored[5] == (None, {SCHOOL_DIAG: 1})
    assert stored[6] == (None, {SCHOOL_DIAG: NC, SCHOOL_ANIM: NC})
    answers = con.execute("SELECT count(*), sum(not_concerned), count(score) FROM answer")
    assert tuple(answers.fetchone()) == (8, 4, 4)


@pytest.mark.parametrize("text, score", [
    ("1", 1), (" 5 ", 5), ("NC", NC), ("nc", NC), ("Non concerné", NC), ("", NO_ANSWER),
    ("vide", NO_ANSWER), ("VIDE", NO_ANSWER), ("Sans réponse", NO_ANSWER)])
def test_a_translation_typed_as_text(text, score):
    assert parse_label_score(text) == score


@pytest.mark.parametrize("text", ["0", "6", "4.5", "quatre", "oui"])
def test_a_translation_typed_as_text_that_means_nothing(text):
    assert parse_label_score(text) == Invalid(
        f"« {text} » n'est ni une note de 1 à 5, ni NC (non concerné), ni vide (sans réponse).")


# --- known labels and the other scale ----------------------------------------------------------

def test_a_known_label_keeps_its_meaning_unless_translated(con, tmp_path):
    path = tmp_path / "connus.csv"
    path.write_text("Vous représentez;Animation des partenariats\nCAF;Satisfait\nCCAS;Bien\n",
                    encoding="utf-8")
    plan = plan_responses(con, read_file(path), translated({"Bien": 4}))
    assert [r.answers for r in plan.responses] == [{0: 4}, {0: 4}]
    assert [label.label for label in plan.score_labels] == ["Bien"]
    plan = plan_responses(con, read_file(path), translated({"Bien": 4, "satisfaite": 3}))
    assert [r.answers for r in plan.responses] == [{0: 3}, {0: 4}]
    assert [(label.label, label.score, label.usual) for label in plan.score_labels] == [
        ("Satisfait", 3, 4), ("Bien", 4, None)]


OTHER_SCALE = ("Vous représentez;Qualité de l'animation\nCAF;Très bon\nCCAS;Excellent\n"
               "UDAF;Bon\nDDETS;Passable\nCAF;Très bonne\n")


def test_a_column_on_another_scale_asks_for_its_known_labels_too(con):
    plan = plan_responses(con, read_bytes(OTHER_SCALE.encode(), "echelle.csv"))
    assert [(label.label, label.cells, label.usual) for label in plan.score_labels] == [
        ("Très bon", 2, 5), ("Excellent", 1, 5), ("Bon", 1, 4), ("Passable", 1, None)]
    assert [p.text() for p in plan.fatal] == [  # unchanged when nothing is translated
        "colonne « Qualité de l'animation » : la colonne emploie à la fois « Très bon » et "
        "« Excellent » : ce n'est pas l'échelle « Très insatisfait … Très satisfait ». "
        "Remplacez ses libellés par des notes de 1 à 5 avant l'import."]


def test_translating_only_the_top_of_another_scale_is_not_enough(con):
    options = translated({"Très bon": 4, "Excellent": 5, "Passable": 2})
    plan = plan_responses(con, read_bytes(OTHER_SCALE.encode(), "echelle.csv"), options)
    assert [p.text() for p in plan.fatal] == [
        "colonne « Qualité de l'animation » : la colonne emploie à la fois « Très bon » et "
        "« Excellent », une autre échelle que « Très insatisfait … Très satisfait » : "
        "traduisez aussi « Bon » en note."]
    assert not plan.importable()


def test_a_column_on_another_scale_is_imported_once_its_labels_are_translated(con):
    options = translated({"Très bon": 4, "Excellent": 5, "Bon": 3, "Passable": 2})
    plan = plan_responses(con, read_bytes(OTHER_SCALE.encode(), "echelle.csv"), options)
    assert plan.fatal == [] and plan.importable()
    commit_responses(con, plan)
    assert [answers for _, _, answers in scores_stored(con)] == [
        {"Qualité de l'animation": score} for score in (4, 5, 3, 2, 4)]


# --- what cannot be honoured ---------------------------------------------------------------------

@pytest.mark.parametrize("mapping, message", [
    ({"4e": 4}, "« 4e » ne peut pas être traduit en note : seuls les libellés écrits en lettres "
                "se traduisent (un nombre est lu comme une note, une cellule vide est sans "
                "réponse)."),
    ({"  ": 4}, "«  » ne peut pas être traduit en note : seuls les libellés écrits en lettres "
                "se traduisent (un nombre est lu comme une note, une cellule vide est sans "
                "réponse)."),
    ({"Bien": 6}, "Traduction de « Bien » : « 6 » n'est ni une note de 1 à 5, ni « non "
                  "concerné », ni « sans réponse »."),
    ({"Bien": 4, "BIEN": 3}, "« Bien » et « BIEN » sont le même libellé, traduit deux fois (4 "
                             "et 3) : gardez une seule traduction."),
])
def test_translations_that_cannot_be_honoured_are_refused(con, mapping, message):
    with pytest.raises(ImportRefusedError) as refused:
        plan_responses(con, read_bytes(SCHOOL_SCALE_CSV.encode(), "e.csv"),
                       ResponseImportOptions(score_labels=mapping))
    assert str(refused.value) == message


def test_a_translation_of_a_label_no_score_column_holds_is_said(con):
    plan = school_plan(con, {**SCHOOL_SCALE, "Trés bein": 5})
    assert [p.text() for p in plan.warnings if "traduit" in p.message] == [
        "le libellé « Trés bein », traduit en note, n'apparaît dans aucune colonne notée : "
        "traduction sans effet."]
    assert plan.importable()


def test_translated_labels_make_a_column_a_scored_question(con, tmp_path):
    """Under a header pexdesk does not know, a column of unknown labels is free text; once
    its labels are translated, it is read as a question like any column of scores."""
    path = tmp_path / "oui.csv"
    path.write_text("Vous représentez;Les réunions vous semblent-elles utiles ?\n"
                    "CAF;Oui tout à fait\nCCAS;Oui plutôt\nUDAF;Non pas vraiment\n",
                    encoding="utf-8")
    column = "Les réunions vous semblent-elles utiles ?"
    plan = plan_responses(con, read_file(path))
    assert next(c for c in plan.columns if c.name == column).role == Role.IGNORED
    plan = plan_responses(con, read_file(path), translated(
        {"Oui tout à fait": 5, "Oui plutôt": 4, "Non pas vraiment": 2}))
    assert next(c for c in plan.columns if c.name == column).role == Role.ITEM
    commit_responses(con, plan)
    assert [answers for _, _, answers in scores_stored(con)] == [
        {column: 5}, {column: 4}, {column: 2}]


# --- re-import ------------------------------------------------------------------------------------

def test_the_same_file_imported_again_is_recognised_whatever_the_translation(con, tmp_path):
    """Digests are of the file's cells, not of what they were read as: the same export, or
    the same export grown, translated the same way or not, adds no response twice."""
    path = write_school_scale_export(tmp_path)
    commit_responses(con, plan_responses(con, read_file(path), translated(SCHOOL_SCALE)))
    for mapping in (SCHOOL_SCALE, {**SCHOOL_SCALE, "Bien": 3}):
        again = plan_responses(con, read_file(path), translated(mapping))
        assert again.previous is not None
        assert commit_responses(con, again).imported == 0
    grown = tmp_path / "echelle_scolaire (1).csv"
    grown.write_text(SCHOOL_SCALE_CSV + "2024/03/21 09:00:00;CAF;35;Bien;Bien;Bien;\n",
                     encoding="utf-8")
    plan = plan_responses(con, read_file(grown), translated({**SCHOOL_SCALE, "Bien": 3}))
    assert (plan.already_count, plan.valid_count) == (5, 1)
    commit_responses(con, plan)
    assert scores_stored(con) == [*SCHOOL_SCALE_SCORES, (7, 3, {SCHOOL_DIAG: 3, SCHOOL_ANIM: 3})]


def test_replace_imports_again_with_another_translation(con, tmp_path):
    path = write_school_scale_export(tmp_path)
    commit_responses(con, plan_responses(con, read_file(path), translated(SCHOOL_SCALE)))
    options = translated({**SCHOOL_SCALE, "Bien": 3}).with_replace(True)
    plan = plan_responses(con, read_file(path), options)
    assert len(plan.replaced) == 5
    commit_responses(con, plan)
    assert [(row, overall) for row, overall, _ in scores_stored(con)] == [
        (2, 5), (3, 3), (4, 3), (5, 2), (6, 5)]
    assert con.execute("SELECT count(*) FROM response").fetchone()[0] == 5


# --- property: every translated cell gets its score, nothing unknown slips in -------------------

EXAMPLES = int(os.environ.get("PEXDESK_FUZZ_EXAMPLES", "40"))
ITEM_HEADERS = (SCHOOL_DIAG, SCHOOL_ANIM, SCHOOL_GLOBAL)
KNOWN_AND_ODD = ["Bon", "Très bon", "Excellent", "Satisfaite", "Sans avis", "NA", "N/A",
                 "Oui tout à fait", "Très bien", "très  BIEN", "quatre", "Œuvre", "(e)", "x"]
label_text = st.one_of(
    st.sampled_from(KNOWN_AND_ODD),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
            max_size=30).map(str.strip),
).filter(lambda text: translatable_key(text) is not None)


@pytest.fixture(scope="module")
def empty_base(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("labels") / "modele.db"
    Base.create(path, Profile(department_code="35", adil_name="ADIL 35")).close()
    return path


def expected_score(cell: str, by_key: dict):
    key = translatable_key(cell)
    if key is not None and key in by_key:
        score = by_key[key]
        return None if score == NO_ANSWER else score
    return parse_score(cell)


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pick=st.data())
def test_every_translated_cell_gets_its_score_and_nothing_unknown_is_imported_silently(
        empty_base, pick):
    labels = pick.draw(st.lists(label_text, min_size=1, max_size=6, unique_by=translatable_key))
    mapping = {label: score for label in labels
               if (score := pick.draw(st.one_of(st.none(), st.sampled_from(LABEL_SCORES))))
               is not None}
    by_key = {translatable_key(label): score for label, score in mapping.items()}
    cells = st.sampled_from([*labels, "", "4", "Non concerné"])
    rows = pick.draw(st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=8))
    records = (("Vous représentez", *ITEM_HEADERS),
               *(("CAF", *row) for row in rows))
    sheet = Sheet("etiquettes.csv", "CSV", records, tuple(range(1, len(records) + 1)),
                  hashlib.sha256(repr(records).encode()).hexdigest())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "base.db"
        shutil.copyfile(empty_base, path)
        with Base.open(path) as base:
            plan = plan_responses(base.con, sheet, ResponseImportOptions(score_labels=mapping))
            scored = [c for c in plan.columns if c.item is not None or c.role == Role.OVERALL]
            unknown: dict[str, int] = {}
            for position, (response, problems) in enumerate(zip(plan.responses,
                                                                plan.row_problems)):
                for column in scored:
                    cell = rows[position][column.index - 1]
                    wanted = expected_score(cell, by_key)
                    got = (response.overall_score if column.role == Role.OVERALL
                           else response.answers.get(column.item))
                    if isinstance(wanted, Invalid):
                        unknown[translatable_key(cell)] = unknown.get(translatable_key(cell),
                                                                      0) + 1
                        assert got is None
                        assert any(p.is_error and p.column == column.name for p in problems)
                        assert plan.row_status[position] == RowStatus.INVALID
                    elif column.role == Role.OVERALL:
                        assert got == (None if wanted == NC else wanted)
                    else:
                        assert got == wanted
            listed = {label.key: label for label in plan.untranslated}
            assert {key: listed[key].cells for key in unknown} == unknown
            assert all(label.key not in by_key for label in plan.untranslated)
            assert all(label.score == by_key[label.key]
                       for label in plan.score_labels if label.key in by_key)
            if plan.importable(skip_invalid=True):
                result = commit_responses(base.con, plan, skip_invalid=True)
                stored = {r.origin_row: r for r in
                          feedback.responses_of(base.con, result.campaign.id)}
                assert set(stored) == {r.row for r in plan.valid_responses}
                for planned in plan.valid_responses:
                    assert stored[planned.row].overall_score == planned.overall_score
                    assert sorted(map(str, stored[planned.row].answers.values())) == \
                        sorted(map(str, planned.answers.values()))
