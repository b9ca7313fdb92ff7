"""``pexdesk import-responses`` on a survey export downloaded again: one more line names
the responses imported before that the file no longer holds; exit 0, nothing deleted
unless ``--drop-vanished`` asks to."""

from __future__ import annotations

from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.profile import Profile
from tests.cli_helpers import run
from tests.survey_data import EXPORT, EXPORT_ROWS, REDOWNLOADED_ROWS, write_export


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "pexdesk.db"
    Base.create(path, Profile(department_code="35", adil_name="ADIL 35")).close()
    return path


def comments(db: Path) -> dict[str, int]:
    with Base.open(db, read_only=True) as base:
        return {comment: number for number, comment
                in base.con.execute("SELECT id, comment FROM response")}


def first_download_imported(db, tmp_path, capsys) -> Path:
    """The export's first download imported into « Enquête 2024 »; the browser's folder."""
    downloads = tmp_path / "Téléchargements"
    downloads.mkdir()
    assert run(["import-responses", write_export(downloads, EXPORT_ROWS), "--db", db,
                "--campaign", "Enquête 2024"], capsys)[0] == 0
    return downloads


def test_the_responses_no_longer_in_the_export_are_named_with_and_without_dry_run(
        db, tmp_path, capsys):
    downloads = first_download_imported(db, tmp_path, capsys)
    numbers = comments(db)
    line = (f"2 réponses importées auparavant de « {EXPORT} » ne figurent plus dans ce "
            f"fichier (n° {numbers['Réponse 2']} et n° {numbers['Réponse 5']}) : modifiées ou "
            "supprimées dans l'outil d'enquête. Une réponse modifiée est importée comme une "
            "nouvelle réponse : supprimez l'ancienne dans Retours des partenaires si besoin.")
    again = ["import-responses", write_export(downloads, REDOWNLOADED_ROWS), "--db", db]

    before = db.read_bytes()
    code, out, err = run([*again, "--dry-run"], capsys)
    assert (code, err) == (0, "") and line in out.splitlines()
    assert db.read_bytes() == before

    code, out, err = run(again, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        "6 lignes lues, 2 réponses importées, 0 rejetée.",
        "4 lignes déjà importées (campagne « Enquête 2024 »), ignorées ; 2 nouvelles "
        "réponses.",
        line]
    assert len(comments(db)) == 8  # the two earlier responses are kept


def test_drop_vanished_deletes_them_with_the_import_and_dry_run_says_which(db, tmp_path,
                                                                          capsys):
    downloads = first_download_imported(db, tmp_path, capsys)
    numbers = comments(db)
    old = f"n° {numbers['Réponse 2']} et n° {numbers['Réponse 5']}"
    again = ["import-responses", write_export(downloads, REDOWNLOADED_ROWS), "--db", db,
             "--drop-vanished"]

    before = db.read_bytes()
    code, out, err = run([*again, "--dry-run"], capsys)
    assert (code, err) == (0, "")
    assert (f"2 réponses importées auparavant de « {EXPORT} » ne figurent plus dans ce "
            f"fichier ({old}) : modifiées ou supprimées dans l'outil d'enquête. Elles seront "
            "supprimées de la campagne par cet import.") in out.splitlines()
    assert "Import possible : 2 réponses seront importées." in out.splitlines()
    assert db.read_bytes() == before

    code, out, err = run(again, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:4] == [
        "6 lignes lues, 2 réponses importées, 0 rejetée.",
        "4 lignes déjà importées (campagne « Enquête 2024 »), ignorées ; 2 nouvelles "
        "réponses.",
        f"2 réponses importées auparavant de « {EXPORT} », absentes de ce fichier (modifiées "
        f"ou supprimées dans l'outil d'enquête), ont été supprimées de la campagne : {old}.",
        f"Campagne « Enquête 2024 » (existante) ; origine des réponses : {EXPORT}, numéro de "
        "ligne conservé."]
    assert sorted(comments(db)) == ["Nouvelle", "Réponse 1", "Réponse 2 corrigée", "Réponse 3",
                                    "Réponse 4", "Réponse 6"]
    code, out, _ = run(["journal", "--db", db, "--limit", "1"], capsys)
    assert code == 0 and f"2 réponses antérieures absentes du fichier supprimées ({old})" in out


def test_drop_vanished_on_a_download_that_only_lost_a_row(db, tmp_path, capsys):
    downloads = first_download_imported(db, tmp_path, capsys)
    number = comments(db)["Réponse 5"]
    shorter = ["import-responses", write_export(downloads, EXPORT_ROWS[:4] + EXPORT_ROWS[5:]),
               "--db", db]
    code, out, _ = run([*shorter, "--dry-run", "--drop-vanished"], capsys)
    assert code == 0 and ("Import possible : aucune nouvelle réponse ; 1 réponse antérieure "
                          "sera supprimée.") in out.splitlines()
    code, out, _ = run([*shorter, "--drop-vanished"], capsys)
    assert code == 0 and out.splitlines()[0] == "5 lignes lues, 0 réponse importée, 0 rejetée."
    assert f"a été supprimée de la campagne : n° {number}." in out
    assert len(comments(db)) == 5


def test_the_help_describes_drop_vanished_in_french(capsys):
    code, out, _ = run(["import-responses", "--help"], capsys)
    assert code == 0
    assert "--drop-vanished" in out and "n'y figurent plus" in " ".join(out.split())
