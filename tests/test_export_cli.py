"""``pexdesk export``: exit 0 and « Export écrit : … » on success; exit 2 with a French message
for an unknown table, an unsupported extension, a bad date or period, an unknown campaign or
partner, a missing folder or base; the export is journaled; never a partial file."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from pexdesk.core.db.base import Base
from pexdesk.core.safety import journal
from pexdesk.core.services.demo import write_demo_base
from tests.cli_helpers import run

TABLES = ("partners", "contacts", "meetings", "actions", "indicators", "responses")


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    write_demo_base(path, today=date(2025, 6, 16))
    return path


def count(demo_path: Path, sql: str) -> int:
    with Base.open(demo_path, read_only=True) as base:
        return base.con.execute(sql).fetchone()[0]


@pytest.mark.parametrize("table", TABLES)
def test_every_table_to_xlsx_and_csv(demo_path, tmp_path, capsys, table):
    for extension in ("xlsx", "csv"):
        out = tmp_path / f"{table}.{extension}"
        code, stdout, stderr = run(["export", table, "--db", demo_path, "--out", out], capsys)
        assert (code, stderr) == (0, "")
        assert stdout.startswith(f"Export écrit : {out} (") and "lignes)." in stdout
    workbook = load_workbook(tmp_path / f"{table}.xlsx")
    assert workbook.worksheets[0].freeze_panes == "A2"
    text = (tmp_path / f"{table}.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][-1] == "Identifiant pexdesk"
    assert len(rows) - 1 == workbook.worksheets[0].max_row - 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{table}.csv", f"{table}.xlsx"]


def test_row_counts_match_the_base(demo_path, tmp_path, capsys):
    out = tmp_path / "p.csv"
    _, stdout, _ = run(["--db", demo_path, "export", "partners", "--out", out], capsys)
    partners = count(demo_path, "SELECT count(*) FROM partner")
    assert stdout.strip() == f"Export écrit : {out} ({partners} lignes)."


def test_meetings_to_ics_for_a_period(demo_path, tmp_path, capsys):
    out = tmp_path / "agenda.ics"
    code, stdout, stderr = run(["export", "meetings", "--db", demo_path, "--out", out,
                                "--from", "2024-01-01", "--to", "2024-12-31"], capsys)
    assert (code, stderr) == (0, "")
    expected = count(demo_path, "SELECT count(*) FROM meeting "
                                "WHERE held_on BETWEEN '2024-01-01' AND '2024-12-31'")
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert len(events) == expected > 0
    assert stdout.strip() == f"Export écrit : {out} ({expected} réunions)."
    assert all(datetime(2024, 1, 1) <= e.decoded("DTSTART") < datetime(2025, 1, 1)
               for e in events)  # the demo's meetings give their hours


def test_contacts_of_a_partner_to_vcf(demo_path, tmp_path, capsys):
    out = tmp_path / "mairie.vcf"
    code, stdout, _ = run(["export", "contacts", "--db", demo_path, "--out", out,
                           "--partner", "Mairie de Montbrézac"], capsys)
    assert code == 0 and out.read_bytes().startswith(b"BEGIN:VCARD\r\n")
    assert "contact" in stdout


def test_french_table_name(demo_path, tmp_path, capsys):
    code, _, _ = run(["export", "reunions", "--db", demo_path, "--out", tmp_path / "r.csv"], capsys)
    assert code == 0


def test_responses_of_one_campaign(demo_path, tmp_path, capsys):
    with Base.open(demo_path, read_only=True) as base:
        name = base.con.execute("SELECT name FROM campaign").fetchone()[0]
    code, stdout, _ = run(["export", "responses", "--db", demo_path, "--out", tmp_path / "r.xlsx",
                           "--campaign", name.upper()], capsys)
    assert code == 0 and "(40 lignes)" in stdout


def test_the_export_is_journaled(demo_path, tmp_path, capsys):
    out = tmp_path / "actions.xlsx"
    code, _, _ = run(["export", "actions", "--db", demo_path, "--out", out], capsys)
    assert code == 0
    with Base.open(demo_path, read_only=True) as base:
        entry = journal.entries(base.con, newest_first=True, limit=1)[0]
    assert entry.action == "EXPORT"
    assert entry.summary.startswith("actions de la feuille de route (XLSX, ")
    assert entry.summary.endswith(f"vers {out}")


@pytest.mark.parametrize("table, name, options, french", [
    ("clients", "x.xlsx", [], "Erreur : Table inconnue : « clients ». Tables exportables : "
                              "partners, contacts, meetings, actions, indicators, responses."),
    ("partners", "x.xlsx", ["--sheet", "1"], "arguments inconnus : --sheet 1"),
    ("partners", "x.ics", [], "Format non pris en charge pour les partenaires : fichier « .ics »"),
    ("actions", "x.vcf", [], "Extensions possibles : .xlsx (XLSX), .csv (CSV)."),
    ("meetings", "x.pdf", [], ".xlsx (XLSX), .csv (CSV), .ics (iCalendar)."),
    ("meetings", "x.ics", ["--from", "2025-13-01"],
     "Erreur : Date invalide pour --from : « 2025-13-01 ». Format attendu : AAAA-MM-JJ"),
    ("meetings", "x.ics", ["--to", "31/12/2025"], "Date invalide pour --to"),
    ("meetings", "x.ics", ["--to", "20251231"], "Date invalide pour --to : « 20251231 »"),
    ("meetings", "x.ics", ["--from", "2025-06-01", "--to", "2025-01-01"],
     "La période est inversée : le 01/06/2025 est après le 01/01/2025."),
    ("partners", "x.csv", ["--from", "2025-01-01"],
     "--from et --to ne s'appliquent qu'aux réunions et aux indicateurs, pas aux partenaires."),
    ("responses", "x.csv", ["--campaign", "Enquête 1999"],
     "Aucune campagne ne porte le nom « Enquête 1999 »"),
    ("contacts", "x.vcf", ["--partner", "Inconnu"], "Aucun partenaire ne porte le nom « Inconnu »."),
    ("meetings", "x.csv", ["--campaign", "X"],
     "--campaign ne s'applique qu'aux réponses des partenaires"),
])
def test_unusable_input_exits_2_in_french(demo_path, tmp_path, capsys, table, name, options,
                                          french):
    code, stdout, stderr = run(["export", table, "--db", demo_path, "--out", tmp_path / name,
                                *options], capsys)
    assert (code, stdout) == (2, "")
    assert french in stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_or_base(demo_path, tmp_path, capsys):
    code, _, stderr = run(["export", "partners", "--db", demo_path,
                           "--out", tmp_path / "absent" / "p.xlsx"], capsys)
    assert code == 2 and "Le dossier" in stderr and "n'existe pas" in stderr
    code, _, stderr = run(["export", "partners", "--db", tmp_path / "nulle-part.db",
                           "--out", tmp_path / "p.xlsx"], capsys)
    assert code == 2 and stderr.startswith("Erreur : ") and "n'existe pas" in stderr
    assert not (tmp_path / "p.xlsx").exists()


def test_out_is_required(demo_path, capsys):
    code, _, stderr = run(["export", "partners", "--db", demo_path], capsys)
    assert code == 2 and "arguments obligatoires manquants : --out" in stderr


def test_help_is_french(capsys):
    code, stdout, _ = run(["export", "--help"], capsys)
    assert code == 0 and "Le format suit l'extension" in stdout and "utilisation :" in stdout


def test_an_export_of_a_base_open_elsewhere_says_it_is_not_journaled(demo_path, tmp_path,
                                                                     capsys):
    out = tmp_path / "partenaires.csv"
    with Base.open(demo_path):
        code, stdout, stderr = run(["export", "partners", "--db", demo_path, "--out", out],
                                   capsys)
    assert code == 0 and stdout.startswith(f"Export écrit : {out}")
    assert stderr.startswith("Note : l'export n'a pas été inscrit au journal de la base, "
                             "ouverte en écriture par pexdesk sur ")


def test_the_meetings_carry_their_agenda_and_the_actions_they_dealt_with(demo_path, tmp_path,
                                                                         capsys):
    out = tmp_path / "m.csv"
    assert run(["export", "meetings", "--db", demo_path, "--out", out], capsys)[0] == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline=""),
                           delimiter=";"))
    header = rows[0]
    registered = header.index("Dossiers inscrits à l'ordre du jour")
    actions = header.index("Actions de la feuille de route abordées")
    assert sum(int(row[registered]) for row in rows[1:] if row[registered]) == count(
        demo_path, "SELECT sum(dossiers_registered) FROM meeting")
    assert sum(row[actions].count(" – ") for row in rows[1:]) == count(
        demo_path, "SELECT count(*) FROM meeting_action")
