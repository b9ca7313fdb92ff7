"""``pexdesk import-responses --score-label "LIBELLÉ=NOTE"``: score labels pexdesk does not know
translated on the command line (exit 0), listed when they are not (exit 2), and a malformed
translation refused before anything is read or written (exit 2, French message)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import feedback
from tests.cli_helpers import run, run_process
from tests.survey_data import SCHOOL_SCALE_SCORES, write_school_scale_export

SCHOOL = ["--score-label", "Très bien=5", "--score-label", "bien=4", "--score-label",
          "ASSEZ BIEN=3", "--score-label", "Passable = 2", "--score-label", "Insuffisant=1"]


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "pexdesk.db"
    Base.create(path, Profile(department_code="35", adil_name="ADIL 35")).close()
    return path


@pytest.fixture
def export(tmp_path) -> Path:
    return write_school_scale_export(tmp_path)


def stored(db: Path, campaign_name: str = "Enquête 2024") -> list[tuple]:
    with Base.open(db, read_only=True) as base:
        campaign = feedback.find_campaign(base.con, campaign_name)
        labels = {item.id: item.label_text for item in feedback.items_of(base.con, campaign.id)}
        return [(r.origin_row, r.overall_score,
                 {labels[item]: score for item, score in r.answers.items()})
                for r in feedback.responses_of(base.con, campaign.id)]


def test_translated_labels_are_imported_with_their_scores(db, export, capsys):
    code, out, err = run(["import-responses", export, "--db", db, "--campaign", "Enquête 2024",
                          *SCHOOL], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        "5 lignes lues, 5 réponses importées, 0 rejetée.",
        "Campagne « Enquête 2024 » (créée, 2 questions) ; origine des réponses : "
        "echelle_scolaire.csv, numéro de ligne conservé.",
        "Libellés traduits en notes : « Très bien » → 5, « Bien » → 4, « Assez bien » → 3, "
        "« Passable » → 2, « Insuffisant » → 1."]
    assert stored(db) == SCHOOL_SCALE_SCORES


def test_untranslated_labels_exit_2_list_them_and_name_the_option(db, export, capsys):
    before = db.read_bytes()
    code, out, err = run(["import-responses", export, "--db", db], capsys)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    at = lines.index('Libellés à traduire en notes (option --score-label "LIBELLÉ=NOTE", '
                     'NOTE : 1 à 5, NC ou vide) :')
    assert lines[at + 1:at + 6] == [
        "  « Très bien » (4 cellules ; colonnes « Appréciation globale de la mission », "
        "« Diagnostic de la mise en œuvre de la PEX », « Animation des partenariats ») → à choisir",
        "  « Bien » (3 cellules ; colonnes « Appréciation globale de la mission », « Diagnostic "
        "de la mise en œuvre de la PEX », « Animation des partenariats ») → à choisir",
        "  « Assez bien » (2 cellules ; colonnes « Appréciation globale de la mission », "
        "« Diagnostic de la mise en œuvre de la PEX ») → à choisir",
        "  « Passable » (2 cellules ; colonnes « Appréciation globale de la mission », "
        "« Diagnostic de la mise en œuvre de la PEX ») → à choisir",
        "  « Insuffisant » (1 cellule ; colonne « Diagnostic de la mise en œuvre de la PEX ») "
        "→ à choisir"]
    assert ("  ligne 2, colonne « Appréciation globale de la mission » : « Très bien » n'est pas "
            "une note de 1 à 5 reconnue.") in lines  # the existing message, unchanged
    assert lines[-1] == ("Import impossible : aucune ligne valide dans echelle_scolaire.csv "
                         "(5 lignes lues).")
    assert db.read_bytes() == before


def test_dry_run_shows_each_translation(db, export, capsys):
    before = db.read_bytes()
    code, out, _ = run(["import-responses", export, "--db", db, "--dry-run", *SCHOOL[:6],
                        "--score-label", "Passable=NC", "--score-label", "insuffisant=vide"],
                       capsys)
    assert code == 0
    assert "  « Passable » (2 cellules ; colonnes « Appréciation globale de la mission », " \
           "« Diagnostic de la mise en œuvre de la PEX ») → non concerné" in out.splitlines()
    assert "  « Insuffisant » (1 cellule ; colonne « Diagnostic de la mise en œuvre de la " \
           "PEX ») → sans réponse" in out.splitlines()
    assert out.splitlines()[-1] == "Import possible : 5 réponses seront importées."
    assert db.read_bytes() == before


@pytest.mark.parametrize("values, message", [
    (["Très bien"], "--score-label « Très bien » : écrivez LIBELLÉ=NOTE, NOTE étant une note de "
                    "1 à 5, NC (non concerné) ou vide (sans réponse) ; par exemple "
                    '--score-label "Très bien=5".'),
    (["=5"], "--score-label « =5 » : écrivez LIBELLÉ=NOTE, NOTE étant une note de 1 à 5, NC "
             "(non concerné) ou vide (sans réponse) ; par exemple --score-label \"Très bien=5\"."),
    (["Très bien=6"], "--score-label « Très bien=6 » : « 6 » n'est ni une note de 1 à 5, ni NC "
                      "(non concerné), ni vide (sans réponse)."),
    (["Très bien=excellent"], "--score-label « Très bien=excellent » : « excellent » n'est ni "
                              "une note de 1 à 5, ni NC (non concerné), ni vide (sans réponse)."),
    (["Bien=4", "Bien=3"], "--score-label : « Bien » est traduit deux fois (4 et 3) : gardez "
                           "une seule traduction."),
    (["Bien=4", "BIEN=NC"], "« Bien » et « BIEN » sont le même libellé, traduit deux fois (4 et "
                            "non concerné) : gardez une seule traduction."),
    (["4e=4"], "« 4e » ne peut pas être traduit en note : seuls les libellés écrits en lettres "
               "se traduisent (un nombre est lu comme une note, une cellule vide est sans "
               "réponse)."),
])
def test_a_malformed_translation_exits_2_and_writes_nothing(db, export, capsys, values,
                                                            message):
    before = db.read_bytes()
    argv = ["import-responses", export, "--db", db, *SCHOOL[4:]]
    for value in values:
        argv += ["--score-label", value]
    code, out, err = run(argv, capsys)
    assert (code, out, err) == (2, "", f"Erreur : {message}\n")
    assert db.read_bytes() == before


def test_a_malformed_translation_is_refused_before_the_file_is_read(tmp_path, capsys):
    missing_base = tmp_path / "absente.db"
    code, _, err = run(["import-responses", tmp_path / "absent.csv", "--db", missing_base,
                        "--score-label", "Très bien"], capsys)
    assert code == 2 and err.startswith("Erreur : --score-label « Très bien » : écrivez")
    assert list(tmp_path.iterdir()) == []


def test_a_translation_no_score_column_uses_is_a_warning(db, export, capsys):
    code, out, _ = run(["import-responses", export, "--db", db, *SCHOOL,
                        "--score-label", "Trés bein=5"], capsys)
    assert code == 0
    assert ("  le libellé « Trés bein », traduit en note, n'apparaît dans aucune colonne notée : "
            "traduction sans effet.") in out.splitlines()


def test_the_option_is_in_the_help_and_a_real_process_exits_2(db, export):
    helped = run_process("import-responses", "--help")
    assert "--score-label LIBELLÉ=NOTE" in helped.stdout
    before = db.read_bytes()
    refused = run_process("import-responses", export, "--db", db, "--score-label", "Bien=six")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == ("Erreur : --score-label « Bien=six » : « six » n'est ni une note "
                              "de 1 à 5, ni NC (non concerné), ni vide (sans réponse).\n")
    assert db.read_bytes() == before
    done = run_process("import-responses", export, "--db", db, *SCHOOL)
    assert done.returncode == 0, done.stderr
