"""``pexdesk report``: exit 0 and the path on success, for every kind of bilan, the base's
logo on the cover (on the first page of a point mensuel); exit 2 with a French message for
a bad period (not one calendar month for a point mensuel), an unknown campaign or a
missing folder; never a half-written PDF at --out."""

from __future__ import annotations

import errno
import os
import shutil
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from pexdesk.core.db.base import Base, _seed
from pexdesk.core.db.connection import connect
from pexdesk.core.db.migrate import bundled_steps, schema_version, upgrade
from pexdesk.core.domain.profile import Profile
from pexdesk.core.formatting import format_date, format_month
from pexdesk.core.repositories import feedback, mapper
from pexdesk.core.safety.files import TEMP_SUFFIX
from pexdesk.core.services.demo import write_demo_base
from pexdesk.core.services.reporting.periods import default_month
from tests.cli_helpers import run, spoil_root_page
from tests.logo_images import logo_bytes


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    write_demo_base(path)
    return path


def test_report_writes_the_pdf_and_prints_its_path(demo_path, tmp_path, capsys):
    out = tmp_path / "bilan.pdf"
    code, stdout, stderr = run(["report", "--db", demo_path, "--out", out], capsys)
    assert (code, stderr) == (0, "")
    assert stdout.strip() == str(out)
    assert out.read_bytes().startswith(b"%PDF-") and out.stat().st_size > 20_000
    assert [p.name for p in tmp_path.iterdir()] == ["bilan.pdf"]  # no temporary file left


def test_report_for_a_period_and_a_campaign(demo_path, tmp_path, capsys):
    year = date.today().year
    with Base.open(demo_path, read_only=True) as base:
        name = feedback.campaigns(base.con)[0].name
    out = tmp_path / "annee.pdf"
    code, stdout, _ = run(["report", "--db", demo_path, "--out", out, "--kind", "activite",
                           "--from", f"{year - 1}-01-01", "--to", f"{year - 1}-12-31",
                           "--campaign", f" {name.lower()} "], capsys)
    assert code == 0 and out.is_file()
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert f"campagne « {name} »" in text.replace("\u00a0", " ")
    assert f"1er janvier {year - 1} au 31 décembre {year - 1}" in text


def test_a_period_before_the_mission_warns_on_stderr_and_builds(demo_path, tmp_path, capsys):
    with Base.open(demo_path, read_only=True) as base:
        start = format_date(base.profile().mission_start)
    out = tmp_path / "avant.pdf"
    code, stdout, stderr = run(["report", "--db", demo_path, "--out", out, "--from",
                                "2001-01-01", "--to", "2001-12-31"], capsys)
    assert (code, stdout.strip()) == (0, str(out)) and out.is_file()
    assert stderr == ("Attention : la période choisie (du 1er janvier 2001 au 31 décembre "
                      f"2001) est antérieure au début de la mission ({start}) : le bilan ne "
                      "contient presque aucune donnée.\n")


def test_a_period_straddling_the_mission_start_does_not_warn(demo_path, tmp_path, capsys):
    with Base.open(demo_path, read_only=True) as base:
        start = base.profile().mission_start
    code, _, stderr = run(["report", "--db", demo_path, "--out", tmp_path / "b.pdf", "--from",
                           f"{start.year - 1}-01-01", "--to", start.isoformat()], capsys)
    assert (code, stderr) == (0, "")


@pytest.mark.parametrize("options, french", [
    (["--from", "2025-13-01"], "Date invalide pour --from : « 2025-13-01 »"),
    (["--to", "31/12/2025"], "Date invalide pour --to"),
    (["--from", "20260101"], "Date invalide pour --from : « 20260101 »"),
    (["--from", "2026-W01-1"], "Date invalide pour --from : « 2026-W01-1 »"),
    (["--to", "２０２６-01-01"], "Date invalide pour --to"),
    (["--from", "2025-06-01", "--to", "2025-01-01"], "la date de début (1er juin 2025) est "
                                                     "postérieure à la date de fin"),
    (["--campaign", "Campagne fantôme"], "Campagne inconnue : « Campagne fantôme »"),
    (["--kind", "satisfaction", "--campaign", "Campagne fantôme"],
     "Campagne inconnue : « Campagne fantôme »"),
    (["--kind", "satisfaction", "--from", "2025-06-01", "--to", "2025-01-01"],
     "postérieure à la date de fin"),
])
def test_bad_input_exits_2_in_french_and_writes_nothing(demo_path, tmp_path, capsys, options,
                                                        french):
    out = tmp_path / "bilan.pdf"
    code, stdout, stderr = run(["report", "--db", demo_path, "--out", out, *options], capsys)
    assert code == 2 and stdout == ""
    assert french in stderr and "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def test_satisfaction_bilan_writes_the_pdf_and_prints_its_path(demo_path, tmp_path, capsys):
    out = tmp_path / "satisfaction.pdf"
    code, stdout, stderr = run(["report", "--db", demo_path, "--out", out, "--kind",
                                "satisfaction"], capsys)
    assert (code, stderr) == (0, "")
    assert stdout.strip() == str(out)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Bilan de satisfaction" in text and "des répondants attribuent 4 ou 5/5" in text
    assert [p.name for p in tmp_path.iterdir()] == ["satisfaction.pdf"]


def test_satisfaction_bilan_of_a_whole_campaign(demo_path, tmp_path, capsys):
    with Base.open(demo_path, read_only=True) as base:
        name = feedback.campaigns(base.con)[0].name
    out = tmp_path / "campagne.pdf"
    code, stdout, _ = run(["report", "--db", demo_path, "--out", out, "--kind", "satisfaction",
                           "--campaign", f" {name.lower()} "], capsys)
    assert code == 0 and stdout.strip() == str(out)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages).replace("\u00a0", " ")
    assert f"l'ensemble des réponses de la campagne « {name} »" in text


def test_satisfaction_bilan_of_an_empty_period_says_so(demo_path, tmp_path, capsys):
    out = tmp_path / "vide.pdf"
    code, _, _ = run(["report", "--db", demo_path, "--out", out, "--kind", "satisfaction",
                      "--from", "2001-01-01", "--to", "2001-12-31"], capsys)
    assert code == 0
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert text.count("Aucune donnée sur la période") >= 7


def test_a_failure_leaves_an_existing_file_intact(demo_path, tmp_path, capsys):
    out = tmp_path / "bilan.pdf"
    out.write_bytes(b"bilan de l'an dernier")
    code, _, _ = run(["report", "--db", demo_path, "--out", out, "--campaign", "Inconnue"],
                     capsys)
    assert code == 2 and out.read_bytes() == b"bilan de l'an dernier"
    assert [p.name for p in tmp_path.iterdir()] == ["bilan.pdf"]


def test_missing_folder_unknown_kind_and_missing_base_exit_2(demo_path, tmp_path, capsys):
    code, _, stderr = run(["report", "--db", demo_path, "--out", tmp_path / "absent" / "b.pdf"],
                          capsys)
    assert code == 2 and "n'existe pas" in stderr
    assert not (tmp_path / "absent").exists()
    code, _, stderr = run(["report", "--db", demo_path, "--out", tmp_path / "b.pdf", "--kind",
                           "budget"], capsys)
    assert code == 2 and "choix invalide" in stderr
    code, _, stderr = run(["report", "--db", tmp_path / "absente.db", "--out",
                           tmp_path / "b.pdf"], capsys)
    assert code == 2 and "n'existe pas" in stderr
    assert list(tmp_path.iterdir()) == []


def test_out_is_required(demo_path, capsys):
    code, _, stderr = run(["report", "--db", demo_path], capsys)
    assert code == 2 and "--out" in stderr


@pytest.mark.parametrize("kind, title", [("activite", "Bilan d'activité"),
                                         ("satisfaction", "Bilan de satisfaction"),
                                         ("mensuel", "Point mensuel")])
def test_the_bilan_is_journaled(demo_path, tmp_path, capsys, kind, title):
    """Through the connection that read the base: nothing is left beside it (no -wal,
    -shm or lock file)."""
    beside = sorted(p.name for p in demo_path.parent.iterdir())
    out = tmp_path / "bilan.pdf"
    code, _, stderr = run(["report", "--db", demo_path, "--out", out, "--kind", kind], capsys)
    assert (code, stderr) == (0, "")
    assert sorted(p.name for p in demo_path.parent.iterdir()) == beside
    code, stdout, _ = run(["journal", "--db", demo_path, "--limit", 1], capsys)
    assert code == 0 and f" – document PDF – {title} (" in stdout and stdout.rstrip().endswith(
        f"vers {out}")


def test_a_bilan_of_a_base_open_elsewhere_says_it_is_not_journaled(demo_path, tmp_path, capsys):
    out = tmp_path / "bilan.pdf"
    with Base.open(demo_path):
        code, stdout, stderr = run(["report", "--db", demo_path, "--out", out], capsys)
    assert code == 0 and stdout.strip() == str(out)
    assert stderr.startswith("Note : le bilan n'a pas été inscrit au journal de la base, "
                             "ouverte en écriture par pexdesk sur ")


@pytest.mark.parametrize("name", ["bilan.txt", "bilan"])
def test_an_out_not_ending_in_pdf_is_refused(demo_path, tmp_path, capsys, name):
    code, stdout, stderr = run(["report", "--db", demo_path, "--out", tmp_path / name], capsys)
    assert (code, stdout) == (2, "")
    assert "s'écrit dans un fichier « .pdf » (par exemple bilan.pdf)" in stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_named_in_french(demo_path, tmp_path, capsys, monkeypatch):
    creating = os.open

    def refused(path, *args, **kwargs):
        if str(path).endswith(TEMP_SUFFIX):  # the temporary file beside the destination
            raise PermissionError(errno.EACCES, "Permission denied")
        return creating(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refused)
    code, _, stderr = run(["report", "--db", demo_path, "--out", tmp_path / "b.pdf"], capsys)
    assert code == 2
    assert stderr == (f"Erreur : Impossible d'écrire dans le dossier {tmp_path} (permission "
                      "refusée) : le bilan n'a pas été écrit.\n")


def test_a_satisfaction_bilan_of_a_base_without_campaign_warns(tmp_path, capsys):
    db = tmp_path / "vide.db"
    Base.create(db, Profile(department_code="32", adil_name="ADIL du Gers",
                            officer_name="Camille Martin")).close()
    out = tmp_path / "satisfaction.pdf"
    code, stdout, stderr = run(["report", "--db", db, "--out", out, "--kind", "satisfaction"],
                               capsys)
    assert (code, stdout.strip()) == (0, str(out)) and out.is_file()
    assert stderr == ("Attention : la base ne contient aucune campagne de retours des "
                      "partenaires : le bilan de satisfaction ne contient aucune réponse.\n")
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Aucun questionnaire à présenter" in text.replace("\u00a0", " ")


@pytest.mark.parametrize("kind", ["activite", "satisfaction", "mensuel"])
def test_the_logo_in_the_base_is_on_the_cover(demo_path, tmp_path, capsys, kind):
    db = Path(shutil.copy(demo_path, tmp_path / "demo.db"))
    with Base.open(db) as base:
        profile = base.profile()
        profile.logo = logo_bytes()
        mapper.update(base.con, profile)
    out = tmp_path / "bilan.pdf"
    code, stdout, stderr = run(["report", "--db", db, "--out", out, "--kind", kind], capsys)
    assert (code, stdout.strip(), stderr) == (0, str(out), "")
    counts = [len(page.images) for page in PdfReader(out).pages]
    assert counts == [1] + [0] * (len(counts) - 1)


def test_a_base_not_yet_upgraded_to_the_logo_builds_its_bilan_and_is_left_as_it_was(
        tmp_path, capsys):
    """Read only, the command does not upgrade a base: the bilan has no logo to print."""
    db = tmp_path / "version6.db"
    with closing(connect(db)) as con:
        upgrade(con, steps=bundled_steps()[:6], after_step=_seed)
        mapper.insert(con, Profile(department_code="32", adil_name="ADIL du Gers"))
    out = tmp_path / "bilan.pdf"
    code, stdout, stderr = run(["report", "--db", db, "--out", out], capsys)
    assert (code, stdout.strip()) == (0, str(out))
    assert "ADIL du Gers" in PdfReader(out).pages[0].extract_text()
    assert not PdfReader(out).pages[0].images
    with closing(connect(db)) as con:
        assert schema_version(con) == 6


# --- Point mensuel -------------------------------------------------------------------------------

def test_a_point_mensuel_of_the_month_of_any_day_prints_its_path(demo_path, tmp_path, capsys):
    last_month = date.today().replace(day=1) - timedelta(days=1)
    out = tmp_path / "point.pdf"
    code, stdout, stderr = run(["report", "--db", demo_path, "--out", out, "--kind", "mensuel",
                                "--from", last_month.replace(day=12).isoformat()], capsys)
    assert (code, stdout.strip(), stderr) == (0, str(out), "")
    assert [p.name for p in tmp_path.iterdir()] == ["point.pdf"]  # no temporary file left
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert f"Point mensuel — {format_month(last_month)}" in text
    assert 2 <= len(PdfReader(out).pages) <= 4
    whole = tmp_path / "mois.pdf"
    code, stdout, _ = run(["report", "--db", demo_path, "--out", whole, "--kind", "mensuel",
                           "--from", last_month.replace(day=1).isoformat(),
                           "--to", last_month.isoformat()], capsys)
    assert (code, stdout.strip()) == (0, str(whole))


def test_a_point_mensuel_without_a_date_is_of_the_month_whose_end_is_nearest(
        demo_path, tmp_path, capsys):
    with Base.open(demo_path, read_only=True) as base:
        month = default_month(base.profile(), date.today())
    out = tmp_path / "point.pdf"
    code, stdout, _ = run(["report", "--db", demo_path, "--out", out, "--kind", "mensuel"],
                          capsys)
    assert (code, stdout.strip()) == (0, str(out))
    assert f"Point mensuel — {format_month(month.first)}" in PdfReader(out).pages[0].extract_text()


@pytest.mark.parametrize("options, french", [
    (["--from", "2026-11-05", "--to", "2026-11-20"],
     "Erreur : Le point mensuel porte sur un mois civil entier : la période du 5 novembre 2026 "
     "au 20 novembre 2026 n'en est pas un. Indiquez un seul jour du mois voulu, ou son premier "
     "et son dernier jour (novembre 2026 : du 1er novembre 2026 au 30 novembre 2026).\n"),
    (["--from", "2026-10-01", "--to", "2026-11-30"], "n'en est pas un."),
    (["--from", "2026-11-30", "--to", "2026-11-01"], "est postérieure à la date de fin"),
    (["--from", "2026-11-31"], "Date invalide pour --from : « 2026-11-31 »"),
    (["--campaign", "Enquête"], "Erreur : Le point mensuel ne comprend pas de retours des "
                                "partenaires : il ne porte sur aucune campagne.\n"),
])
def test_a_point_mensuel_not_of_one_month_exits_2_in_french_and_writes_nothing(
        demo_path, tmp_path, capsys, options, french):
    out = tmp_path / "point.pdf"
    code, stdout, stderr = run(["report", "--db", demo_path, "--out", out, "--kind", "mensuel",
                                *options], capsys)
    assert (code, stdout) == (2, "")
    if french.startswith("Erreur"):
        assert stderr == french
    else:
        assert french in stderr
    assert list(tmp_path.iterdir()) == []


def test_a_refused_point_mensuel_leaves_an_existing_file_intact(demo_path, tmp_path, capsys):
    out = tmp_path / "point.pdf"
    out.write_bytes(b"point du mois dernier")
    code, _, _ = run(["report", "--db", demo_path, "--out", out, "--kind", "mensuel", "--from",
                      "2026-11-05", "--to", "2026-11-20"], capsys)
    assert code == 2 and out.read_bytes() == b"point du mois dernier"
    assert [p.name for p in tmp_path.iterdir()] == ["point.pdf"]


def test_a_point_mensuel_before_the_mission_warns_on_stderr_and_builds(demo_path, tmp_path,
                                                                        capsys):
    with Base.open(demo_path, read_only=True) as base:
        start = format_date(base.profile().mission_start)
    out = tmp_path / "avant.pdf"
    code, stdout, stderr = run(["report", "--db", demo_path, "--out", out, "--kind", "mensuel",
                                "--from", "2001-03-01"], capsys)
    assert (code, stdout.strip()) == (0, str(out)) and out.is_file()
    assert stderr == ("Attention : le mois choisi (mars 2001) est antérieur au début de la "
                      f"mission ({start}) : le point mensuel ne contient presque aucune "
                      "donnée.\n")


PREVIOUS = "%PDF- le bilan de la semaine dernière".encode()


def test_a_base_damaged_where_the_bilan_does_not_read_keeps_the_previous_bilan(
        demo_path, tmp_path, capsys):
    """The quick check runs while the bilan is laid out: a damage only it finds (in the
    journal of changes, which no bilan reads) still keeps the bilan from going out."""
    db = Path(shutil.copy(demo_path, tmp_path / "demo.db"))
    spoil_root_page(db, "change_log")
    out = tmp_path / "sorties" / "bilan.pdf"
    out.parent.mkdir()
    out.write_bytes(PREVIOUS)
    code, stdout, stderr = run(["report", "--db", db, "--out", out, "--kind", "satisfaction"],
                               capsys)
    assert (code, stdout) == (1, "")
    assert stderr.startswith(f"Erreur : La base {db} est endommagée. pexdesk ne l'a pas "
                             "modifiée.")
    assert [p.name for p in out.parent.iterdir()] == ["bilan.pdf"]
    assert out.read_bytes() == PREVIOUS


def test_a_base_damaged_where_the_bilan_reads_is_said_damaged(demo_path, tmp_path, capsys):
    """SQLite's own error while the responses are read gives way to the check's verdict."""
    db = Path(shutil.copy(demo_path, tmp_path / "demo.db"))
    spoil_root_page(db, "response")
    out = tmp_path / "bilan.pdf"
    code, stdout, stderr = run(["report", "--db", db, "--out", out, "--kind", "satisfaction"],
                               capsys)
    assert (code, stdout) == (1, "")
    assert stderr.startswith(f"Erreur : La base {db} est endommagée. pexdesk ne l'a pas "
                             "modifiée.")
    assert not out.exists()
