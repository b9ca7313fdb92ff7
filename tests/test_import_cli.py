"""``pexdesk import-responses``: exit codes (0 imported or nothing new, 2 unusable or
invalid rows), the French summary, and a base left byte for byte as it was whenever
nothing is imported."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base, read_header
from pexdesk.core.db.migrate import SCHEMA_VERSION
from pexdesk.core.domain.models import Campaign
from pexdesk.core.domain.profile import Profile
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback
from tests.conftest import SURVEYS
from tests.cli_helpers import run, run_process
from tests.workbooks import directory_workbook, survey_workbook


@pytest.fixture
def db(tmp_path) -> Path:
    """A closed base of Ille-et-Vilaine, as a script finds it on disk."""
    path = tmp_path / "pexdesk.db"
    Base.create(path, Profile(department_code="35", adil_name="ADIL 35")).close()
    return path


def count(db: Path, sql: str = "SELECT count(*) FROM response") -> int:
    with Base.open(db, read_only=True) as base:
        return base.con.execute(sql).fetchone()[0]


def test_import_prints_a_french_summary(db, capsys):
    code, out, err = run(["import-responses", SURVEYS / "google_forms.csv", "--db", db,
                          "--campaign", "Enquête 2024"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "7 lignes lues, 7 réponses importées, 0 rejetée.",
        "Campagne « Enquête 2024 » (créée, 4 questions) ; origine des réponses : "
        "google_forms.csv, numéro de ligne conservé.",
        "Avertissements (1) :",
        "  ligne 7, colonne « Vous représentez » : libellé générique « Association » classé en "
        "« Association d'insertion / logement » : à vérifier."]
    assert count(db) == 7


def test_invalid_rows_exit_2_and_leave_the_base_byte_for_byte(db, capsys):
    before = db.read_bytes()
    code, out, err = run(["import-responses", SURVEYS / "invalid.csv", "--db", db], capsys)
    assert code == 2 and out == ""
    assert ("  ligne 3, colonne « Département » : « Bretagne » n'est pas un département français "
            "(code INSEE, nom, ou « Nom (code) » attendu).") in err.splitlines()
    assert err.splitlines()[-1] == (
        "Import impossible : 4 lignes invalides sur 7. Rien n'a été importé : corrigez le "
        "fichier, ou importez seulement les lignes valides (option --skip-invalid).")
    assert "Traceback" not in err
    assert db.read_bytes() == before


def test_skip_invalid_imports_the_rest_and_lists_the_rejected_rows(db, capsys):
    code, out, err = run(["import-responses", SURVEYS / "invalid.csv", "--db", db,
                          "--skip-invalid"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "7 lignes lues, 3 réponses importées, 4 rejetées :"
    assert lines[1] == ("  ligne 3, colonne « Département » : « Bretagne » n'est pas un "
                        "département français (code INSEE, nom, ou « Nom (code) » attendu).")
    assert lines[5] == ("  ligne 6, colonne « Animation des partenariats » : « 4.5 » n'est pas "
                        "une note entière de 1 à 5.")
    assert count(db) == 3


def test_same_file_twice_adds_nothing_and_exits_0(db, capsys):
    run(["import-responses", SURVEYS / "limesurvey_codes.csv", "--db", db], capsys)
    before = count(db), count(db, "SELECT count(*) FROM campaign")
    code, out, _ = run(["import-responses", SURVEYS / "limesurvey_codes.csv", "--db", db], capsys)
    assert code == 0
    assert out.startswith("6 lignes lues. Ce fichier a déjà été importé le ")
    assert "rien de nouveau à importer." in out
    assert (count(db), count(db, "SELECT count(*) FROM campaign")) == before == (5, 1)


def test_dry_run_shows_the_preview_and_writes_nothing(db, capsys):
    before = db.read_bytes()
    code, out, err = run(["import-responses", SURVEYS / "limesurvey_fulltext.csv", "--db", db,
                          "--dry-run"], capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == ("Fichier : limesurvey_fulltext.csv (LimeSurvey ; CSV, UTF-8, "
                        "séparateur virgule)")
    assert lines[1] == "Campagne « limesurvey_fulltext » (nouvelle, 4 questions)."
    assert "  « Vous représentez : » → Catégorie de partenaire (reconnue par son intitulé)" in lines
    assert "  « Tête de série » → Non importée (métadonnée de l'outil d'enquête)" in lines
    assert "5 lignes lues : 4 valides, 0 invalide, 1 ignorée (réponses incomplètes)." in lines
    assert lines[-1] == "Import possible : 4 réponses seront importées."
    assert db.read_bytes() == before


@pytest.mark.parametrize("skip, expected", [(False, 2), (True, 0)])
def test_dry_run_exit_code_says_whether_the_import_would_pass(db, capsys, skip, expected):
    before = db.read_bytes()
    argv = ["import-responses", SURVEYS / "invalid.csv", "--db", db, "--dry-run"]
    code, out, _ = run(argv + (["--skip-invalid"] if skip else []), capsys)
    assert code == expected
    assert "Problèmes (5) :" in out.splitlines()
    assert db.read_bytes() == before


def test_columns_forced_on_the_command_line(db, tmp_path, capsys):
    path = tmp_path / "codes.csv"
    path.write_text("A;B;C;D;E\nBailleur social;35;4;5;Rien à signaler\nCAF;29;3;4;À revoir\n",
                    encoding="utf-8")
    code, out, _ = run(["import-responses", path, "--db", db, "--campaign", "Codes",
                        "--category", "a", "--department", "B", "--overall", "C",
                        "--comment", "E"], capsys)
    assert code == 0, out
    with Base.open(db, read_only=True) as base:
        campaign = feedback.find_campaign(base.con, "Codes")
        assert [i.label_text for i in feedback.items_of(base.con, campaign.id)] == ["D"]
        assert [(r.category_code, r.department_code, r.overall_score, r.comment)
                for r in feedback.responses_of(base.con, campaign.id)] == [
            ("BAILSOC", "35", 4, "Rien à signaler"), ("CAF", "29", 3, "À revoir")]


def test_an_unknown_forced_column_exits_2(db, capsys):
    code, out, err = run(["import-responses", SURVEYS / "google_forms.csv", "--db", db,
                          "--department", "Région"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("Erreur : Aucune colonne « Région » dans le fichier. Colonnes : "
                          "« Horodateur », « Adresse e-mail », « Vous représentez »")


def test_existing_campaign_lists_the_unmatched_columns(db, capsys):
    with Base.open(db) as base:
        feedback.create_campaign(base.con, Campaign(name="Enquête ANIL"),
                                 [(i.code, i.label) for i in ANIL_ITEMS])
    code, out, _ = run(["import-responses", SURVEYS / "generic.tsv", "--db", db,
                        "--campaign", "Enquête ANIL"], capsys)
    assert code == 0
    assert out.splitlines() == [
        "5 lignes lues, 5 réponses importées, 0 rejetée.",
        "Campagne « Enquête ANIL » (existante) ; origine des réponses : generic.tsv, numéro de "
        "ligne conservé.",
        "Avertissements (1) :",
        "  colonne « Qualité des supports » : aucune question de la campagne « Enquête ANIL » "
        "ne correspond : colonne non importée."]


def _bomb(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (50 * 1024 * 1024))
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("make, message", [
    (lambda p: p, "n'existe pas."),
    (lambda p: (p.write_bytes(b""), p)[1], "est vide."),
    (_bomb, "signe d'une « bombe » de décompression."),
    (lambda p: (p.write_bytes(b"PK\x03\x04abc"), p)[1], "(archive endommagée)."),
], ids=["missing", "empty", "zip-bomb", "not-a-zip"])
def test_unusable_files_exit_2_in_french(db, tmp_path, capsys, make, message):
    before = db.read_bytes()
    path = make(tmp_path / "reponses.xlsx")
    code, out, err = run(["import-responses", path, "--db", db], capsys)
    assert code == 2 and out == ""
    assert err.startswith("Erreur : ") and err.rstrip().endswith(message)
    assert "Traceback" not in err
    assert db.read_bytes() == before


def test_a_missing_base_exits_2_and_creates_nothing(tmp_path, capsys):
    code, _, err = run(["import-responses", SURVEYS / "generic.tsv", "--db",
                        tmp_path / "absente.db"], capsys)
    assert code == 2 and "n'existe pas" in err
    assert list(tmp_path.iterdir()) == []


def _version_1_base(path: Path) -> None:
    """A base as the first release left it: schema 1, no import_batch table."""
    from pexdesk.core.db.base import _seed
    from pexdesk.core.db.connection import connect
    from pexdesk.core.db.migrate import bundled_steps, upgrade
    from pexdesk.core.repositories import mapper

    with closing(connect(path)) as con:
        upgrade(con, steps=bundled_steps()[:1], after_step=_seed)
        mapper.insert(con, Profile(department_code="35", adil_name="ADIL 35"))
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_a_refused_import_does_not_even_upgrade_an_old_base(tmp_path, capsys):
    db = tmp_path / "ancienne.db"
    _version_1_base(db)
    before = db.read_bytes()
    code, _, _ = run(["import-responses", SURVEYS / "invalid.csv", "--db", db], capsys)
    assert code == 2
    assert db.read_bytes() == before and read_header(db).user_version == 1
    code, _, _ = run(["import-responses", SURVEYS / "generic.tsv", "--db", db, "--dry-run"],
                     capsys)
    assert code == 0 and db.read_bytes() == before
    code, out, _ = run(["import-responses", SURVEYS / "generic.tsv", "--db", db], capsys)
    assert code == 0 and out.startswith("5 lignes lues, 5 réponses importées")
    assert read_header(db).user_version == SCHEMA_VERSION
    with closing(sqlite3.connect(db)) as raw:
        assert raw.execute("SELECT rows_imported FROM import_batch").fetchall() == [(5,)]


def test_real_process_exit_codes(db, microsoft_forms_xlsx):
    ok = run_process("import-responses", microsoft_forms_xlsx, "--db", db)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("5 lignes lues, 5 réponses importées, 0 rejetée.")
    again = run_process("import-responses", microsoft_forms_xlsx, "--db", db)
    assert again.returncode == 0 and "rien de nouveau" in again.stdout
    refused = run_process("import-responses", SURVEYS / "invalid.csv", "--db", db)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    usage = run_process("import-responses", "--db", db)
    assert usage.returncode == 2 and "arguments obligatoires manquants" in usage.stderr


def test_one_column_for_two_options_exits_2(db, capsys):
    code, out, err = run(["import-responses", SURVEYS / "google_forms.csv", "--db", db,
                          "--category", "Département", "--department", "Département"], capsys)
    assert code == 2 and out == ""
    assert err == ("Erreur : La colonne « Département » est donnée à la fois à --category et "
                   "à --department.\n")


# --- import-partners ------------------------------------------------------------------------------

PARTNER_DIRECTORY = SURVEYS.parent / "partners" / "annuaire.csv"


def test_import_partners_prints_a_french_summary_and_reimport_adds_nothing(db, capsys):
    code, out, err = run(["import-partners", PARTNER_DIRECTORY, "--db", db], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == ("6 lignes lues : 4 partenaires créés, 0 mis à jour, "
                                   "6 contacts ajoutés, 0 contact mis à jour, 0 ligne rejetée.")
    assert count(db, "SELECT count(*) FROM contact") == 6
    code, out, err = run(["import-partners", PARTNER_DIRECTORY, "--db", db], capsys)
    assert code == 0 and "rien de nouveau à importer" in out
    assert count(db, "SELECT count(*) FROM contact") == 6
    code, out, _ = run(["journal", "--db", db], capsys)
    imports = [line for line in out.splitlines() if " – import – " in line]
    assert len(imports) == 1 and imports[0].endswith(
        " – import – annuaire.csv : 4 partenaires créés, 0 mis à jour, 6 contacts ajoutés, "
        "0 contact mis à jour ; 0 ligne ignorée, 0 ligne rejetée")


def test_import_partners_invalid_rows_exit_2_and_dry_run_writes_nothing(db, tmp_path, capsys):
    bad = tmp_path / "annuaire.csv"
    bad.write_bytes("Structure;Catégorie;Nom;Courriel\r\nCaf 35;Caf;Sophie;s@\r\n"
                    "Foo;Fondation;Jean;j@foo.fr\r\n".encode("cp1252"))
    before = db.read_bytes()
    code, out, err = run(["import-partners", bad, "--db", db], capsys)
    assert code == 2 and out == ""
    assert "  ligne 2, colonne « Courriel » : « s@ » n'est pas une adresse e-mail valide." \
        in err.splitlines()
    assert ("  ligne 3, colonne « Catégorie » : « Fondation » n'est pas une catégorie de "
            "partenaire connue.") in err.splitlines()
    code, out, err = run(["import-partners", PARTNER_DIRECTORY, "--db", db, "--dry-run"], capsys)
    assert code == 0 and out.splitlines()[-1].startswith("Import possible : 4 partenaires créés")
    assert db.read_bytes() == before


def test_a_grown_export_imports_only_its_new_row_and_says_how_many_were_skipped(db, capsys,
                                                                               tmp_path):
    run(["import-responses", SURVEYS / "generic.tsv", "--db", db, "--campaign", "Tableau"],
        capsys)
    grown = tmp_path / "generic (1).tsv"
    grown.write_bytes((SURVEYS / "generic.tsv").read_bytes()
                      + "CAF\t35\t2\t2\t2\t2\t2\t2\tNouvelle\n".encode())
    skipped = "5 lignes déjà importées (campagne « Tableau »), ignorées ; 1 nouvelle réponse."
    code, out, _ = run(["import-responses", grown, "--db", db, "--dry-run"], capsys)
    assert code == 0 and skipped in out.splitlines()
    code, out, _ = run(["import-responses", grown, "--db", db], capsys)
    assert code == 0
    assert out.splitlines()[:2] == ["6 lignes lues, 1 réponse importée, 0 rejetée.", skipped]
    assert count(db) == 6


def test_a_file_imported_with_a_wrong_column_choice_can_be_imported_again_with_replace(db,
                                                                                   capsys):
    args = ["import-responses", SURVEYS / "generic.tsv", "--db", db, "--campaign", "Tableau"]
    run([*args, "--comment", "Appréciation globale"], capsys)
    code, out, _ = run([*args, "--overall", "Appréciation globale"], capsys)
    assert code == 0 and out.splitlines()[-1] == (
        "Pour importer à nouveau ces lignes avec d'autres choix de colonnes (--overall, "
        "--category…), relancez la commande avec --replace : leurs réponses seront remplacées.")
    assert count(db, "SELECT count(overall_score) FROM response") == 0
    code, out, _ = run([*args, "--overall", "Appréciation globale", "--replace"], capsys)
    assert code == 0 and out.splitlines()[1].startswith(
        "5 réponses importées auparavant de ces lignes (campagne « Tableau ») : remplacées ")
    assert count(db, "SELECT count(overall_score) FROM response") == count(db) == 5


def test_a_missing_category_column_names_the_cli_option(db, tmp_path, capsys):
    path = tmp_path / "sans_categorie.csv"
    path.write_text("Département,Animation des partenariats\n35,4\n29,5\n", encoding="utf-8")
    code, out, err = run(["import-responses", path, "--db", db, "--dry-run"], capsys)
    assert code == 2 and "désignez-la (option --category COLONNE)." in out


# --- --sheet: one sheet of a workbook -------------------------------------------------------------

@pytest.fixture
def years(tmp_path) -> Path:
    return survey_workbook(tmp_path / "enquetes.xlsx")


def test_sheet_reads_that_sheet_of_the_workbook(db, years, capsys):
    code, out, err = run(["import-responses", years, "--db", db, "--sheet", "2023",
                          "--dry-run"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == ("Fichier : enquetes.xlsx (tableau simple (une ligne par "
                                   "répondant) ; XLSX, feuille « 2023 » lue ; non lues : "
                                   "« Notes », « 2024 »)")
    code, out, err = run(["import-responses", years, "--db", db, "--sheet", "2023"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "Fichier : enquetes.xlsx (XLSX, feuille « 2023 » lue ; non lues : « Notes », « 2024 »).",
        "3 lignes lues, 3 réponses importées, 0 rejetée."]
    assert count(db) == 3


def test_without_sheet_the_latest_year_is_read_and_named(db, years, capsys):
    """« Notes », « 2023 », « 2024 »: the « Notes » tab is passed over, and of the tabs
    named by a year the latest is read; the summary says which."""
    code, out, err = run(["import-responses", years, "--db", db, "--dry-run"], capsys)
    assert (code, err) == (0, "")
    assert "XLSX, feuille « 2024 » lue ; non lues : « Notes », « 2023 »" in out.splitlines()[0]
    code, out, err = run(["import-responses", years, "--db", db], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "Fichier : enquetes.xlsx (XLSX, feuille « 2024 » lue ; non lues : « Notes », « 2023 »).",
        "5 lignes lues, 5 réponses importées, 0 rejetée."]
    assert count(db) == 5


def test_a_csv_import_names_no_sheet(db, capsys):
    code, out, _ = run(["import-responses", SURVEYS / "generic.tsv", "--db", db], capsys)
    assert code == 0 and out.splitlines()[0].startswith("5 lignes lues")


@pytest.mark.parametrize("command, listed", [
    ("import-responses", "« Notes » (1 ligne), « 2023 » (3 lignes), « 2024 » (5 lignes)"),
    # No directory header (« Structure »…) on any sheet: nothing a partner import would read.
    ("import-partners", "« Notes » (0 ligne), « 2023 » (0 ligne), « 2024 » (0 ligne)")])
@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]], ids=["import", "dry-run"])
def test_an_unknown_sheet_exits_2_listing_the_sheets_and_writes_nothing(db, years, capsys,
                                                                        command, listed,
                                                                        dry_run):
    """Each sheet with the rows the command would read from it, as its preview counts them."""
    before = db.read_bytes()
    code, out, err = run([command, years, "--db", db, "--sheet", "2025", *dry_run], capsys)
    assert (code, out) == (2, "")
    assert err == (f"Erreur : Le classeur enquetes.xlsx n'a pas de feuille « 2025 ». Feuilles "
                   f"du classeur : {listed}.\n")
    assert db.read_bytes() == before


def test_a_sheet_given_for_a_csv_file_exits_2(db, capsys):
    before = db.read_bytes()
    code, out, err = run(["import-responses", SURVEYS / "generic.tsv", "--db", db, "--sheet",
                          "Réponses"], capsys)
    assert (code, out) == (2, "")
    assert err == ("Erreur : generic.tsv est un fichier CSV, qui n'a pas de feuilles : la "
                   "feuille « Réponses » ne peut être choisie que dans un classeur Excel "
                   "(.xlsx).\n")
    assert db.read_bytes() == before


def test_import_partners_reads_the_sheet_asked_for(db, tmp_path, capsys):
    directory = directory_workbook(tmp_path / "annuaire.xlsx")
    code, out, err = run(["import-partners", directory, "--db", db, "--sheet", "anciens"],
                         capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "Fichier : annuaire.xlsx (XLSX, feuille « Anciens » lue ; non lues : « Lisez-moi », "
        "« Annuaire »).",
        "1 ligne lue : 1 partenaire créé, 0 mis à jour, 1 contact ajouté, 0 contact mis à jour, "
        "0 ligne rejetée."]
    code, out, err = run(["import-partners", directory, "--db", db], capsys)
    assert out.splitlines()[:2] == [
        "Fichier : annuaire.xlsx (XLSX, feuille « Annuaire » lue ; non lues : « Lisez-moi », "
        "« Anciens »).",
        "6 lignes lues : 4 partenaires créés, 0 mis à jour, 6 contacts ajoutés, 0 contact mis à "
        "jour, 0 ligne rejetée."]
    assert count(db, "SELECT count(*) FROM contact") == 7


def test_an_unknown_sheet_exits_2_in_a_real_process(db, years):
    before = db.read_bytes()
    refused = run_process("import-partners", years, "--db", db, "--sheet", "Annuaire")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("Erreur : Le classeur enquetes.xlsx n'a pas de feuille "
                                     "« Annuaire ». Feuilles du classeur : « Notes »")
    assert db.read_bytes() == before
