"""``pexdesk import-responses`` on a survey export downloaded again: one more line names
the responses imported before that the file no longer holds; exit 0, nothing deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import Profile
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


def test_the_responses_no_longer_in_the_export_are_named_with_and_without_dry_run(
        db, tmp_path, capsys):
    downloads = tmp_path / "Téléchargements"
    downloads.mkdir()
    first = ["import-responses", write_export(downloads, EXPORT_ROWS), "--db", db,
             "--campaign", "Enquête 2024"]
    assert run(first, capsys)[0] == 0
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
