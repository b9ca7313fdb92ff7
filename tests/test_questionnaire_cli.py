"""``pexdesk questionnaire``: exit 0 and the path of the paper questionnaire; exit 2 with a
French message for an unknown campaign, a base without any, a missing folder; never a file
left at --out after a failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import Campaign
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import feedback
from tests.cli_helpers import run, spoil_root_page
from tests.core.reporting_helpers import pdf_text


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("base") / "gers.db"
    with Base.create(path, Profile(department_code="32", adil_name="ADIL du Gers")) as opened:
        feedback.create_campaign(opened.con, Campaign(name="Enquête 2025"), ["Animation"])
        feedback.create_campaign(opened.con, Campaign(name="Enquête 2026"), ["Diagnostic"])
    return path


def test_writes_the_latest_campaign_s_questionnaire_and_prints_its_path(base, tmp_path, capsys):
    out = tmp_path / "questionnaire.pdf"
    code, stdout, stderr = run(["questionnaire", "--db", base, "--out", out], capsys)
    assert (code, stdout, stderr) == (0, f"{out}\n", "")
    text = pdf_text(out)
    assert "Enquête 2026" in text and "1. Diagnostic" in text and "Animation" not in text
    assert [p.name for p in tmp_path.iterdir()] == ["questionnaire.pdf"]


def test_the_questionnaire_is_journaled(base, tmp_path, capsys):
    out = tmp_path / "questionnaire.pdf"
    assert run(["questionnaire", "--db", base, "--out", out], capsys)[0] == 0
    code, stdout, _ = run(["journal", "--db", base, "--limit", 1], capsys)
    assert code == 0 and stdout.rstrip().endswith(
        f" – document PDF – Questionnaire aux partenaires (campagne « Enquête 2026 ») vers {out}")


def test_a_questionnaire_of_a_base_open_elsewhere_says_it_is_not_journaled(base, tmp_path,
                                                                           capsys):
    out = tmp_path / "q.pdf"
    with Base.open(base):
        code, stdout, stderr = run(["questionnaire", "--db", base, "--out", out], capsys)
    assert code == 0 and stdout.strip() == str(out)
    assert stderr.startswith("Note : le questionnaire n'a pas été inscrit au journal de la "
                             "base, ouverte en écriture par pexdesk sur ")


def test_a_campaign_by_name(base, tmp_path, capsys):
    out = tmp_path / "q.pdf"
    code, _, _ = run(["questionnaire", "--db", base, "--out", out, "--campaign",
                      "enquête 2025"], capsys)
    assert code == 0 and "1. Animation" in pdf_text(out)


@pytest.mark.parametrize("options, french", [
    (["--campaign", "Enquête 1999"],
     "Erreur : Campagne inconnue : « Enquête 1999 ». Campagnes de la base : « Enquête 2026 », "
     "« Enquête 2025 ».\n"),
    (["--out", "{tmp}/absent/q.pdf"],
     "Erreur : Le dossier {tmp}/absent n'existe pas : rien n'a été écrit.\n"),
    (["--out", "{tmp}/q.docx"],
     "Erreur : Nom de fichier « .docx » refusé : un questionnaire (PDF) s'écrit dans un "
     "fichier « .pdf » (par exemple q.pdf). Rien n'a été écrit.\n"),
])
def test_refusals_exit_2_in_french_and_write_nothing(base, tmp_path, capsys, options, french):
    options = [option.format(tmp=tmp_path) for option in options]
    out = ["--out", tmp_path / "q.pdf"] if "--out" not in options else []
    code, stdout, stderr = run(["questionnaire", "--db", base, *out, *options], capsys)
    assert (code, stdout, stderr) == (2, "", french.format(tmp=tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_a_base_without_any_campaign_exits_2(tmp_path, capsys):
    empty = tmp_path / "vide.db"
    Base.create(empty, Profile(department_code="32", adil_name="ADIL du Gers")).close()
    code, stdout, stderr = run(["questionnaire", "--db", empty, "--out", tmp_path / "q.pdf"],
                               capsys)
    assert (code, stdout) == (2, "")
    assert stderr == ("Erreur : La base ne contient aucune campagne de retours des partenaires : "
                      "créez-en une dans « Retours des partenaires » (Nouvelle campagne…), puis "
                      "imprimez son questionnaire.\n")
    assert not (tmp_path / "q.pdf").exists()


def test_a_missing_base_exits_2(tmp_path, capsys):
    code, _, stderr = run(["questionnaire", "--db", tmp_path / "absente.db", "--out",
                           tmp_path / "q.pdf"], capsys)
    assert code == 2 and stderr.startswith("Erreur : ")
    assert list(tmp_path.iterdir()) == []


def test_a_base_damaged_where_the_questionnaire_does_not_read_keeps_the_previous_one(
        base, tmp_path, capsys):
    db = Path(shutil.copy(base, tmp_path / "gers.db"))
    spoil_root_page(db, "change_log")
    out = tmp_path / "questionnaire.pdf"
    previous = b"%PDF- the previous one"
    out.write_bytes(previous)
    code, stdout, stderr = run(["questionnaire", "--db", db, "--out", out], capsys)
    assert (code, stdout) == (1, "")
    assert stderr.startswith(f"Erreur : La base {db} est endommagée.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gers.db", "questionnaire.pdf"]
    assert out.read_bytes() == previous
