"""``pexdesk import-indicators``: exit codes and messages as ``import-partners`` has them
(0 imported or nothing new, 1 a damaged base, 2 an unusable file, invalid rows or an unknown
sheet, nothing written then), ``--replace``, ``--source``, ``--dry-run``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import IndicatorValue
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import indicators, mapper
from tests.cli_helpers import run, run_process

JAN = date(2026, 1, 1)


@pytest.fixture
def db(tmp_path) -> Path:
    """A closed base of Ille-et-Vilaine, as a script finds it on disk."""
    path = tmp_path / "pexdesk.db"
    Base.create(path, Profile(department_code="35", adil_name="ADIL 35")).close()
    return path


def table(tmp_path: Path, text: str, name: str = "indicateurs.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    return path


def saved(db: Path) -> dict[tuple[str, date], tuple[float | None, str]]:
    with Base.open(db, read_only=True) as base:
        codes = {i.id: i.code for i in indicators.catalogue(base.con)}
        return {(codes[v.indicator_id], v.month): (v.value, v.source)
                for v in mapper.select(base.con, IndicatorValue)}


def test_the_ddets_template_is_imported_then_adds_nothing(db, ddets_template, capsys):
    code, out, err = run(["import-indicators", ddets_template, "--db", db], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Fichier : tableau_de_bord_ddets.xlsx (XLSX, feuille « Tableau de bord » lue ; non "
        "lue : « Lisez-moi »).",
        "10 lignes lues : 23 valeurs ajoutées, 0 remplacée, 0 inchangée.",
        "Avertissements (2) :",
        "  colonne « Total 2026 » : colonne calculée, non importée.",
        "  ligne 14 : « Total » : total calculé, non importé."]
    assert len(saved(db)) == 23 and saved(db)[("CQL", date(2026, 2, 1))] == (
        None, "Préfecture / EXPLOC")
    code, out, err = run(["import-indicators", ddets_template, "--db", db], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == "10 lignes lues : 0 valeur ajoutée, 0 remplacée, 23 inchangées."
    code, out, _ = run(["journal", "--db", db], capsys)
    imports = [line for line in out.splitlines() if " – import – " in line]
    assert len(imports) == 1 and imports[0].endswith(
        " – import – tableau_de_bord_ddets.xlsx, feuille « Tableau de bord » : 23 valeurs "
        "ajoutées, 0 remplacée ; 4 lignes ignorées, 0 ligne rejetée")


def test_invalid_rows_exit_2_naming_their_cells_and_write_nothing(db, tmp_path, capsys):
    bad = table(tmp_path, "Indicateur;janv. 2026;févr. 2026\nASSIGN;12;-3\n"
                          "DSF réalisés en présence du locataire;120 %;45\nCQL;4;5\n")
    before = db.read_bytes()
    for dry_run in ([], ["--dry-run"]):
        code, out, err = run(["import-indicators", bad, "--db", db, *dry_run], capsys)
        stream = err if not dry_run else out
        assert code == 2 and (out if not dry_run else err) == ""
        assert stream.splitlines()[-4:] == [
            "  ligne 2, colonne « févr. 2026 » : « Valeur » ne peut pas être négative.",
            "  ligne 3, colonne « janv. 2026 » : « Valeur » : un pourcentage ne dépasse pas "
            "100 (120 refusé).",
            "3 lignes lues : 1 valide, 2 invalides.",
            "Import impossible : 2 lignes invalides sur 3. Rien n'a été importé : corrigez le "
            "fichier, puis importez-le à nouveau."]
    assert db.read_bytes() == before


def test_dry_run_shows_the_preview_and_writes_nothing(db, ddets_template, capsys):
    before = db.read_bytes()
    code, out, err = run(["import-indicators", ddets_template, "--db", db, "--dry-run"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == ["Valeurs : 23 nouvelles, 0 inchangée, 0 différente de la "
                                     "base.", "Import possible : 23 valeurs ajoutées."]
    assert db.read_bytes() == before


def test_different_values_are_kept_and_listed_unless_replace(db, tmp_path, capsys):
    first = table(tmp_path, "Code;Mois;Valeur\nASSIGN;2026-01;45\nCQL;2026-01;nd\n")
    run(["import-indicators", first, "--db", db], capsys)
    corrected = table(tmp_path, "Code;Mois;Valeur\nASSIGN;2026-01;47\nCQL;2026-01;12\n"
                                "CFP_DEM;2026-01;3\n", "corrige.csv")
    code, out, err = run(["import-indicators", corrected, "--db", db], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "3 lignes lues : 1 valeur ajoutée, 0 remplacée, 0 inchangée.",
        "2 valeurs différentes gardées telles quelles dans la base (pour les remplacer : "
        "option --replace)."]
    code, out, _ = run(["import-indicators", corrected, "--db", db, "--dry-run"], capsys)
    assert out.splitlines()[-5:] == [
        "Valeurs : 0 nouvelle, 1 inchangée, 2 différentes de la base.",
        "Rien de nouveau à importer ; 2 valeurs différentes gardées telles quelles dans la "
        "base (pour les remplacer : option --replace).",
        "Valeurs différentes (base → fichier) :",
        "  Assignations aux fins d'expulsion, janvier 2026 : 45 → 47",
        "  Commandements de quitter les lieux, janvier 2026 : n.d. → 12"]
    assert saved(db)[("ASSIGN", JAN)][0] == 45
    code, out, _ = run(["import-indicators", corrected, "--db", db, "--replace"], capsys)
    assert code == 0
    assert out == "3 lignes lues : 0 valeur ajoutée, 2 remplacées, 1 inchangée.\n"
    assert saved(db)[("ASSIGN", JAN)][0] == 47 and saved(db)[("CQL", JAN)][0] == 12


def test_source_names_the_source_of_values_the_file_gives_none(db, tmp_path, capsys):
    path = table(tmp_path, "Code;Mois;Valeur;Source\nASSIGN;2026-01;45;\n"
                           "CQL;2026-01;3;Préfecture\n")
    code, _, _ = run(["import-indicators", path, "--db", db, "--source", "DDETS, envoi du 5/02"],
                     capsys)
    assert code == 0
    assert saved(db) == {("ASSIGN", JAN): (45, "DDETS, envoi du 5/02"),
                         ("CQL", JAN): (3, "Préfecture")}


def test_an_extraction_of_dossiers_is_refused_as_personal_data(db, tmp_path, capsys):
    path = table(tmp_path, "N° dossier;Nom;Adresse;Stade\n2026-0012;Dupont;3 rue X;CQL\n",
                 "extraction_exploc.csv")
    before = db.read_bytes()
    code, out, err = run(["import-indicators", path, "--db", db], capsys)
    assert code == 2 and out == ""
    assert err.splitlines()[-1] == (
        "Import impossible : extraction_exploc.csv contient des données individuelles "
        "(colonnes « N° dossier », « Nom », « Adresse ») : pexdesk ne conserve que des chiffres "
        "agrégés (des nombres de ménages ou de procédures par mois), jamais de données sur un "
        "ménage ni de numéro de dossier EXPLOC. Importez le tableau de synthèse mensuel, pas "
        "une extraction des dossiers.")
    assert db.read_bytes() == before


@pytest.mark.parametrize("make, message", [
    (lambda p: p, "n'existe pas."),
    (lambda p: (p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100), p)[1],
     "enregistrez-le au format .xlsx ou CSV, puis importez ce fichier."),
    (lambda p: (p.write_bytes(b"PK\x03\x04abc"), p)[1], "(archive endommagée)."),
], ids=["missing", "xls", "not-a-zip"])
def test_unusable_files_exit_2_in_french(db, tmp_path, capsys, make, message):
    before = db.read_bytes()
    code, out, err = run(["import-indicators", make(tmp_path / "tableau.xlsx"), "--db", db],
                         capsys)
    assert code == 2 and out == ""
    assert err.startswith("Erreur : ") and err.rstrip().endswith(message)
    assert db.read_bytes() == before


def test_an_unknown_sheet_exits_2_listing_the_sheets(db, ddets_template, tmp_path, capsys):
    before = db.read_bytes()
    code, out, err = run(["import-indicators", ddets_template, "--db", db, "--sheet", "2026"],
                         capsys)
    assert code == 2 and out == ""
    assert err == ("Erreur : Le classeur tableau_de_bord_ddets.xlsx n'a pas de feuille « 2026 ». "
                   "Feuilles du classeur : « Lisez-moi » (0 ligne), « Tableau de bord » "
                   "(10 lignes).\n")
    code, out, err = run(["import-indicators", table(tmp_path, "Code;Mois;Valeur\n"), "--db", db,
                          "--sheet", "Feuil1"], capsys)
    assert code == 2 and "qui n'a pas de feuilles" in err
    code, out, err = run(["import-indicators", ddets_template, "--db", db, "--sheet",
                          "tableau de bord", "--dry-run"], capsys)
    assert code == 0 and "Import possible : 23 valeurs ajoutées." in out
    assert db.read_bytes() == before


def test_a_damaged_base_exits_1(db, tmp_path, capsys):
    path = table(tmp_path, "Code;Mois;Valeur\nASSIGN;2026-01;45\n")
    with open(db, "r+b") as handle:  # pages that every opening reads
        handle.seek(4096)
        handle.write(b"\xff" * 16384)
    code, out, err = run(["import-indicators", path, "--db", db], capsys)
    assert (code, out) == (1, "")
    assert err.startswith(f"Erreur : La base {db} est endommagée")


def test_real_process_exit_codes(db, ddets_template, tmp_path):
    ok = run_process("import-indicators", ddets_template, "--db", db)
    assert ok.returncode == 0, ok.stderr
    refused = run_process("import-indicators", table(tmp_path, "Code;Mois;Valeur\nX;2026-01;1\n"),
                          "--db", db)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "« X » n'est pas un indicateur du catalogue" in refused.stderr
    no_skip = run_process("import-indicators", ddets_template, "--db", db, "--skip-invalid")
    assert no_skip.returncode == 2 and "arguments inconnus : --skip-invalid" in no_skip.stderr
