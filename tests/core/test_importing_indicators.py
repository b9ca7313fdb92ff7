"""Importing a table of monthly indicator values (pexdesk.core.services.importing.indicators):
the DDETS's template (wide, title and years above the header, merged cells, a « Total »),
a long table, months and French numbers as written in spreadsheets, matching on whole codes
and labels, every refusal in French, new / unchanged / different values, « replace », and
the same file twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import Indicator, IndicatorValue
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import ImportRefusedError
from pexdesk.core.repositories import indicators
from pexdesk.core.repositories import mapper
from pexdesk.core.safety import journal
from pexdesk.core.services.importing import RowStatus, read_bytes, read_file
from pexdesk.core.services.importing.indicators import (IndicatorImportOptions, Layout, State,
                                                        commit_indicators,
                                                        count_indicator_rows, plan_indicators)
from pexdesk.core.figures import NOT_AVAILABLE, parse_figure
from pexdesk.core.services.importing.values import Invalid, MonthName, parse_month
from tests.workbooks import workbook_bytes

TODAY = date(2026, 3, 15)
"""March 2026: February is the last month reported; April onwards is still to come."""
JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


@pytest.fixture
def con(tmp_path):
    path = tmp_path / "pexdesk.db"
    with Base.create(path, Profile(department_code="35", adil_name="ADIL 35")) as base:
        yield base.con


@pytest.fixture
def template(ddets_template) -> Path:
    return ddets_template


def csv(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


def plan_of(con, data: bytes | Path, name: str = "tableau.csv", **options):
    sheet = (read_file(data, None, count_indicator_rows) if isinstance(data, Path)
             else read_bytes(data, name, None, count_indicator_rows))
    return plan_indicators(con, sheet, IndicatorImportOptions(today=TODAY, **options))


def stored(con) -> dict[tuple[str, date], float | None]:
    codes = {i.id: i.code for i in indicators.catalogue(con, active_only=False)}
    return {(codes[v.indicator_id], v.month): v.value
            for v in mapper.select(con, IndicatorValue)}


def errors(plan) -> list[str]:
    return [problem.text() for problem in plan.errors]


def import_events(con) -> list[str]:
    return [entry.detail for entry in journal.entries(con) if entry.action == "IMPORT"]


# --- the DDETS's template --------------------------------------------------------------------

def test_the_ddets_template_is_read_under_its_title_with_the_years_above_its_months(con,
                                                                                   template):
    plan = plan_of(con, template)
    assert plan.sheet.sheet_name == "Tableau de bord"  # « Lisez-moi » holds no table
    assert plan.layout == Layout.WIDE
    assert (plan.header_row, plan.title_rows) == (5, [1, 2, 4])
    # « nov. », « déc. » under the merged « 2025 », the rest under « 2026 »; the update's
    # day (05/02/2026) in the title dates nothing
    assert plan.months[0] == date(2025, 11, 1) and plan.months[-1] == date(2026, 12, 1)
    assert len(plan.months) == 14
    assert plan.errors == []
    assert [p.text() for p in plan.warnings] == [
        "colonne « Total 2026 » : colonne calculée, non importée.",
        "ligne 14 : « Total » : total calculé, non importé."]
    assert (plan.rows_read, plan.valid_count, plan.ignored_count) == (10, 6, 4)
    assert len(plan.in_state(State.NEW)) == 23
    assert plan.preview_lines()[-1] == "Import possible : 23 valeurs ajoutées."


def test_the_ddets_template_is_imported_in_one_step_and_journaled(con, template):
    result = commit_indicators(con, plan_of(con, template))
    assert (result.added, result.replaced, result.unchanged) == (23, 0, 0)
    values = stored(con)
    assert len(values) == 23
    assert values[("ASSIGN", date(2025, 11, 1))] == 41
    assert values[("CQL", FEB)] is None  # « nd »: not available, which is not 0
    assert ("CFP_DEM", FEB) not in values  # empty: nothing to import, not 0
    assert values[("CFP_ACC", JAN)] == 13  # by its synonym « CFP accordés »
    assert values[("DSF_PRESENCE", JAN)] == 47.25
    assert not any(code == "DECISION_EXP" for code, _ in values)
    sources = {v.source for v in mapper.select(con, IndicatorValue)
               if v.indicator_id == indicators.catalogue(con)[0].id}
    assert sources == {"Justice / EXPLOC"}  # the indicator's usual source
    assert result.lines()[0] == ("10 lignes lues : 23 valeurs ajoutées, 0 remplacée, "
                                 "0 inchangée.")
    assert import_events(con) == [
        "tableau_de_bord_ddets.xlsx, feuille « Tableau de bord » : 23 valeurs ajoutées, "
        "0 remplacée ; 4 lignes ignorées, 0 ligne rejetée"]


def test_the_same_file_twice_imports_nothing_new(con, template):
    commit_indicators(con, plan_of(con, template))
    again = plan_of(con, template)
    assert [len(again.in_state(s)) for s in State] == [0, 23, 0]
    assert not again.writes and again.importable()
    assert again.preview_lines()[-1] == "Rien de nouveau à importer."
    result = commit_indicators(con, again)
    assert (result.added, result.replaced, result.unchanged, result.commit.written) == (0, 0, 23, 0)
    assert len(import_events(con)) == 1


def test_a_value_changed_in_the_base_is_kept_and_listed_unless_replaced(con, template):
    commit_indicators(con, plan_of(con, template))
    assign = indicators.catalogue(con)[0]
    indicators.set_values(con, [IndicatorValue(indicator_id=assign.id, department_code="35",
                                               month=JAN, value=44, comment="rectifié")])
    kept = plan_of(con, template)
    assert [len(kept.in_state(s)) for s in State] == [0, 22, 1]
    lines = kept.preview_lines("option --replace")
    assert lines[-4:] == [
        "Valeurs : 0 nouvelle, 22 inchangées, 1 différente de la base.",
        "Rien de nouveau à importer ; 1 valeur différente gardée telle quelle dans la base "
        "(pour les remplacer : option --replace).",
        "Valeurs différentes (base → fichier) :",
        "  Assignations aux fins d'expulsion, janvier 2026 : 44 → 45"]
    result = commit_indicators(con, kept)
    assert stored(con)[("ASSIGN", JAN)] == 44 and result.kept == 1

    replacing = plan_of(con, template, replace=True)
    assert replacing.preview_lines()[-3] == "Import possible : 0 valeur ajoutée, 1 remplacée."
    result = commit_indicators(con, replacing)
    assert (result.added, result.replaced) == (0, 1)
    assert stored(con)[("ASSIGN", JAN)] == 45
    saved = next(v for v in mapper.select(con, IndicatorValue)
                 if v.indicator_id == assign.id and v.month == JAN)
    assert saved.comment == "rectifié"  # the file gives none: the stored one stays


def test_a_value_changed_since_the_preview_refuses_the_import(con, template):
    plan = plan_of(con, template)
    assign = indicators.catalogue(con)[0]
    indicators.set_values(con, [IndicatorValue(indicator_id=assign.id, department_code="35",
                                               month=JAN, value=1)])
    with pytest.raises(ImportRefusedError, match="a changé depuis l'aperçu"):
        commit_indicators(con, plan)
    assert len(stored(con)) == 1 and import_events(con) == []


# --- the long layout -------------------------------------------------------------------------

LONG = """Code;Indicateur;Mois;Valeur;Source;Commentaire;Département
ASSIGN;;2026-01;45;;provisoire;35
;Commandements de quitter les lieux;01/2026;n.d.;Préfecture 35;;
CFP_DEM;Demandes de concours de la force publique;janvier 2026;1 234;;;Ille-et-Vilaine
DSF_PRESENCE;;févr. 2026;45,5 %;;;
APL_SUSP;;févr. 2026;;;;
"""


def test_a_long_table_gives_one_value_per_row_with_its_source_and_comment(con):
    plan = plan_of(con, csv(LONG), source="Tableau DDETS")
    assert plan.layout == Layout.LONG and plan.errors == []
    assert [name for name, _ in plan.read_columns] == [
        "Code", "Indicateur", "Mois", "Valeur", "Source", "Commentaire", "Département"]
    assert [plan.row_status.count(s) for s in (RowStatus.VALID, RowStatus.IGNORED)] == [4, 1]
    commit_indicators(con, plan)
    assert stored(con) == {("ASSIGN", JAN): 45, ("CQL", JAN): None, ("CFP_DEM", JAN): 1234,
                           ("DSF_PRESENCE", FEB): 45.5}
    by_code = {i.id: i.code for i in indicators.catalogue(con)}
    saved = {by_code[v.indicator_id]: (v.source, v.comment)
             for v in mapper.select(con, IndicatorValue)}
    assert saved["ASSIGN"] == ("Tableau DDETS", "provisoire")  # --source: the file gives none
    assert saved["CQL"] == ("Préfecture 35", "")  # the file's source wins


def test_pexdesk_own_export_is_read_back(con, tmp_path):
    from pexdesk.core.services import exchange

    indicators.set_values(con, [
        IndicatorValue(indicator_id=i.id, department_code="35", month=JAN, value=float(n),
                       source="DDETS", comment="=1+1" if n == 0 else "")
        for n, i in enumerate(indicators.catalogue(con)[:3])])
    for name in ("indicateurs.csv", "indicateurs.xlsx"):
        exchange.export(con, "indicators", tmp_path / name, record=False)
        plan = plan_of(con, tmp_path / name)
        assert plan.layout == Layout.LONG and plan.errors == []
        assert [len(plan.in_state(s)) for s in State] == [0, 3, 0], name
        assert [v.comment for v in plan.values] == ["=1+1", "", ""], name  # as exported


@pytest.mark.parametrize("name, sheet", [("indicateurs.csv", None), ("indicateurs.xlsx", None),
                                         ("indicateurs.xlsx", "Indicateurs par mois")])
def test_a_value_not_available_comes_back_from_the_export_a_value_never_entered_does_not(
        con, tmp_path, name, sheet):
    """« nd » in the export (a stored NULL) is imported into another base as NULL; a month
    never entered, absent from the export (empty in its grid sheet), stays absent there."""
    from pexdesk.core.services import exchange

    first, second = indicators.catalogue(con)[:2]
    indicators.set_values(con, [
        IndicatorValue(indicator_id=first.id, department_code="35", month=JAN, value=None,
                       source="DDETS"),
        IndicatorValue(indicator_id=first.id, department_code="35", month=FEB, value=12,
                       source="DDETS"),
        IndicatorValue(indicator_id=second.id, department_code="35", month=FEB, value=0,
                       source="DDETS")])
    exchange.export(con, "indicators", tmp_path / name, record=False)

    def plan(into):
        return plan_indicators(into, read_file(tmp_path / name, sheet, count_indicator_rows),
                               IndicatorImportOptions(today=TODAY))

    with Base.create(tmp_path / "autre.db", Profile(department_code="35",
                                                    adil_name="ADIL 35")) as other:
        new = plan(other.con)
        assert new.errors == [] and [len(new.in_state(s)) for s in State] == [3, 0, 0]
        commit_indicators(other.con, new)
        assert stored(other.con) == stored(con) == {
            (first.code, JAN): None, (first.code, FEB): 12, (second.code, FEB): 0}
    assert [len(plan(con).in_state(s)) for s in State] == [0, 3, 0]  # nothing new


# --- months and figures as spreadsheets write them --------------------------------------------

@pytest.mark.parametrize("text", [
    "janv. 2026", "janvier 2026", "Janvier 2026", "JANV 2026", "janv.-26", "janv-26", "2026-01",
    "2026/01", "01/2026", "1/2026", "01-2026", "01/01/2026", "2026-01-01",
    "2026-01-01 00:00:00"])
def test_a_month_is_read_in_the_forms_spreadsheets_write(text):
    assert parse_month(text) == JAN


@pytest.mark.parametrize("text, expected", [
    ("janvier", MonthName(1)), ("févr.", MonthName(2)), ("Aout", MonthName(8)),
    ("Total", None), ("Unité", None), ("T1 2026", None), ("2026", None), ("", None),
    ("Indicateur", None)])
def test_what_is_not_a_whole_month(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize("text, message", [
    ("15/01/2026", "« 15/01/2026 » n'est pas un mois : écrivez le mois (« janv. 2026 », "
                   "« 2026-01 ») ou son premier jour."),
    ("2026-13", "« 2026-13 » n'est pas une date qui existe."),
    ("31/02/2026", "« 31/02/2026 » n'est pas une date qui existe.")])
def test_a_date_that_is_no_month_says_why(text, message):
    assert parse_month(text) == Invalid(message)


@pytest.mark.parametrize("text, unit, expected", [
    ("12", "nb", 12.0), ("1 234", "nb", 1234.0), ("1\u00a0234", "nb", 1234.0),
    ("1\u202f234", "nb", 1234.0), ("12,5", "%", 12.5), ("12 %", "%", 12.0),
    ("45,5\u00a0%", "%", 45.5), ("1 200 €", "€", 1200.0), ("3,5", "j", 3.5),
    ("nd", "nb", NOT_AVAILABLE), ("n.d.", "nb", NOT_AVAILABLE), ("ND", "%", NOT_AVAILABLE),
    ("Non disponible", "nb", NOT_AVAILABLE), ("", "nb", None), ("  ", "nb", None)])
def test_french_numbers_and_not_available(text, unit, expected):
    assert parse_figure(text, unit, "Indicateur") == expected


@pytest.mark.parametrize("text, unit, message", [
    ("12 %", "nb", "« 12 % » n'est pas un nombre."),
    ("-", "nb", "« - » n'est pas un nombre."),
    ("12,5", "nb", "« Assignations » compte des ménages ou des procédures : tapez un nombre "
                   "entier (« 12,5 » refusé)."),
    ("1.234", "nb", "« 1.234 » est ambigu : pour des milliers tapez 1234"),
    ("1" * 20, "nb", "est trop grand pour une valeur d'indicateur.")])
def test_numbers_refused_say_why(text, unit, message):
    found = parse_figure(text, unit, "Assignations")
    assert isinstance(found, Invalid) and message in found.message


def test_every_month_header_form_in_a_wide_table(con):
    headers = ["janv. 2026", "févr. 2026"], ["janvier 2026", "février 2026"], \
        ["2026-01", "2026-02"], ["01/2026", "02/2026"], ["janv.-26", "févr.-26"]
    for first, second in headers:
        plan = plan_of(con, csv(f"Indicateur;{first};{second}\nASSIGN;3;4\n"))
        assert plan.months == [JAN, FEB], first
    # a date cell of a workbook
    data = workbook_bytes({"Feuil1": [["Indicateur", JAN, FEB], ["ASSIGN", 3, 4]]})
    plan = plan_of(con, data, "tableau.xlsx")
    assert plan.months == [JAN, FEB] and len(plan.values) == 2


def test_indicators_are_matched_on_whole_codes_and_labels(con):
    plan = plan_of(con, csv(
        "Indicateur;janv. 2026\n"
        "assign;1\n"  # a code, another case
        "Decisions de justice prononcant l'expulsion;2\n"  # no accents
        "DSF demandés;3\n"  # a synonym of the catalogue
        "Commandements de quitter les lieux (source : préfecture);4\n"  # a bracketed remark
        "Assignations aux fins;5\n"  # a piece of a label: never
        "CFP;6\n"))  # a piece of a code: never
    assert [v.indicator.code for v in plan.values] == ["ASSIGN", "DECISION_EXP", "DSF_DEM",
                                                        "CQL"]
    assert errors(plan) == [
        "ligne 6, colonne « Indicateur » : « Assignations aux fins » n'est pas un indicateur "
        "du catalogue (code ou intitulé entier attendu, comme dans l'écran Indicateurs).",
        "ligne 7, colonne « Indicateur » : « CFP » n'est pas un indicateur du catalogue (code "
        "ou intitulé entier attendu, comme dans l'écran Indicateurs)."]


def test_an_indicator_added_to_the_base_is_matched_by_its_own_label(con):
    mapper.insert(con, Indicator(code="EXPULSIONS_SANS_SOLUTION",
                                 label_text="Expulsions sans solution de relogement"))
    plan = plan_of(con, csv("Indicateur;janv. 2026\nExpulsions sans solution de relogement;2\n"))
    assert [v.indicator.code for v in plan.values] == ["EXPULSIONS_SANS_SOLUTION"]


# --- refusals --------------------------------------------------------------------------------

@pytest.mark.parametrize("row, message", [
    ("ASSIGN;-3", "ligne 2, colonne « janv. 2026 » : « Valeur » ne peut pas être négative."),
    ("DSF_PRESENCE;120", "ligne 2, colonne « janv. 2026 » : « Valeur » : un pourcentage ne "
                         "dépasse pas 100 (120 refusé)."),
    ("ASSIGN;12,5", "ligne 2, colonne « janv. 2026 » : « Assignations aux fins d'expulsion » "
                    "compte des ménages ou des procédures : tapez un nombre entier (« 12,5 » "
                    "refusé)."),
    ("ASSIGN;douze", "ligne 2, colonne « janv. 2026 » : « douze » n'est pas un nombre. Tapez "
                     "par exemple 12 ou 12,5, ou « nd » si la donnée n'est pas disponible."),
    ("Inconnu;3", "ligne 2, colonne « Indicateur » : « Inconnu » n'est pas un indicateur du "
                  "catalogue (code ou intitulé entier attendu, comme dans l'écran "
                  "Indicateurs)."),
    (";3", "ligne 2 : aucun indicateur nommé sur cette ligne, qui porte pourtant des valeurs."),
])
def test_an_invalid_cell_refuses_the_file_naming_the_cell(con, row, message):
    plan = plan_of(con, csv(f"Indicateur;janv. 2026\n{row}\n"))
    assert errors(plan) == [message]
    assert not plan.importable()
    assert plan.refusal() == ("Import impossible : 1 ligne invalide sur 1. Rien n'a été "
                              "importé : corrigez le fichier, puis importez-le à nouveau.")


def test_months_outside_the_mission_are_imported_as_in_the_grid_and_a_month_to_come_refused(
        con):
    """A DDETS table carries the year before for comparison, which the bilans read beside the
    period; the grid takes those months too."""
    profile = mapper.get(con, Profile, 1)
    profile.mission_start, profile.mission_end = date(2025, 12, 15), date(2026, 1, 31)
    mapper.update(con, profile)
    plan = plan_of(con, csv("Indicateur;nov. 2025;déc. 2025;janv. 2026;févr. 2026;avr. 2026\n"
                            "ASSIGN;1;2;3;4;5\n"))
    assert errors(plan) == [
        "ligne 2, colonne « avr. 2026 » : « Mois » : la date 1er avril 2026 est dans le futur."]
    plan = plan_of(con, csv("Indicateur;nov. 2025;déc. 2025;janv. 2026;févr. 2026\n"
                            "ASSIGN;1;2;3;4\n"))
    assert plan.errors == [] and len(plan.values) == 4


def test_empty_columns_of_months_to_come_are_no_problem(con):
    plan = plan_of(con, csv("Indicateur;févr. 2026;mars 2026;avr. 2026\nASSIGN;4;;\n"))
    assert plan.errors == [] and len(plan.values) == 1


@pytest.mark.parametrize("header", [
    "Nom;Adresse;Date assignation;Indicateur;janv. 2026",
    "N° dossier;Indicateur;Mois;Valeur",
    "Numéro de dossier;Commune;Stade"])
def test_columns_of_personal_data_refuse_the_file(con, header):
    plan = plan_of(con, csv(f"{header}\nDupont;3 rue X;12/01/2026;ASSIGN;1\n"),
                   "extraction_exploc.csv")
    assert plan.fatal and plan.values == []
    refusal = plan.refusal()
    assert refusal.startswith("Import impossible : extraction_exploc.csv contient des données "
                              "individuelles (colonne")
    assert refusal.endswith(" : pexdesk ne conserve que des chiffres agrégés (des nombres de "
                            "ménages ou de procédures par mois), jamais de données sur un "
                            "ménage ni de numéro de dossier EXPLOC. Importez le tableau de "
                            "synthèse mensuel, pas une extraction des dossiers.")


@pytest.mark.parametrize("text, message", [
    ("Indicateur;Commentaire\nASSIGN;x\n",
     "Import impossible : aucune ligne d'en-tête reconnue dans les 20 premières lignes."),
    ("Indicateur;janvier;février\nASSIGN;1;2\n",
     "Import impossible : mois sans année (colonnes « janvier », « février ») : écrivez "
     "l'année dans l'en-tête (« janv. 2026 ») ou dans une ligne au-dessus des mois."),
    ("Indicateur;janv. 2026;2026-01\nASSIGN;1;2\n",
     "Import impossible : deux colonnes pour janvier 2026 : « janv. 2026 » et « 2026-01 »."),
    ("Indicateur;janv. 2026;15/02/2026\nASSIGN;1;2\n",
     "Import impossible : colonne « 15/02/2026 » : « 15/02/2026 » n'est pas un mois"),
    ("Indicateur;janv. 2026\nRubrique sans chiffre\n",
     "Import impossible : aucune valeur à importer dans tableau.csv (1 ligne lue : cellules "
     "vides, intertitres ou totaux)."),
])
def test_a_file_that_cannot_be_read_as_a_table_of_months_says_why(con, text, message):
    plan = plan_of(con, csv(text))
    assert plan.refusal().startswith(message)


def test_two_different_values_for_one_month_are_refused(con):
    plan = plan_of(con, csv("Indicateur;janv. 2026\nASSIGN;3\nCQL;1\n"
                            "Assignations aux fins d'expulsion;4\nASSIGN;3\n"))
    assert errors(plan) == [
        "ligne 4, colonne « janv. 2026 » : Assignations aux fins d'expulsion, janvier 2026 "
        "vaut déjà 3 ligne 2 (colonne « janv. 2026 ») : deux valeurs pour le même mois."]
    assert plan.row_status[-1] == RowStatus.VALID  # the same value again: no harm


def test_long_rows_refused_name_their_cell(con):
    plan = plan_of(con, csv(
        "Indicateur;Début de période;Fin de période;Valeur;Département\n"
        "ASSIGN;01/01/2026;31/03/2026;3;\n"
        "ASSIGN;janvier;;3;\n"
        "ASSIGN;2026-02;;3;29\n"
        "ASSIGN;;;3;\n"))
    assert errors(plan) == [
        "ligne 2, colonne « Fin de période » : « 31/03/2026 » : la période doit tenir dans le "
        "mois qui commence le 1er janvier 2026 (pexdesk tient des valeurs mensuelles).",
        "ligne 3, colonne « Début de période » : « janvier » : mois sans année (« janv. 2026 », "
        "« 2026-01 » ou « 01/2026 » attendu).",
        "ligne 4, colonne « Département » : « 29 » n'est pas le département de la base "
        "(Ille-et-Vilaine (35)) : pexdesk ne tient que les indicateurs de son département.",
        "ligne 5, colonne « Début de période » : le mois est obligatoire."]


def test_excel_percentage_cells_are_not_taken_for_a_hundredth(con):
    data = workbook_bytes({"Feuil1": [["Indicateur", "janv. 2026"], ["DSF_PRESENCE", 0.455]]})
    plan = plan_of(con, data, "tableau.xlsx")
    assert errors(plan) == [
        "ligne 2, colonne « janv. 2026 » : « 0.455 » pour un pourcentage : une cellule au "
        "format « pourcentage » d'Excel vaut 0,455 pour 45,5 %. Écrivez 45,5 dans le fichier "
        "(ou « 0,455 % » s'il s'agit bien de moins de 1 %)."]


def test_a_computed_value_is_rounded_to_the_decimals_the_grid_shows(con):
    data = workbook_bytes({"Feuil1": [["Indicateur", "janv. 2026"],
                                      ["DSF_PRESENCE", 37 / 81 * 100]]})
    plan = plan_of(con, data, "tableau.xlsx")
    assert [v.value for v in plan.values] == [45.679]
    assert [p.text() for p in plan.warnings] == [
        "ligne 2, colonne « janv. 2026 » : « 45.67901234567901 » arrondi à 45,679 (trois "
        "décimales au plus, comme dans la grille)."]


def test_a_label_two_indicators_share_names_neither(con):
    mapper.insert(con, Indicator(code="Assign", label_text="Commandements de quitter les lieux"))
    plan = plan_of(con, csv("Indicateur;janv. 2026\nCommandements de quitter les lieux;2\n"
                            "ASSIGN;3\nCQL;4\n"))
    assert [v.indicator.code for v in plan.values] == ["CQL"]
    assert [p.text() for p in plan.errors] == [
        "ligne 2, colonne « Indicateur » : « Commandements de quitter les lieux » désigne "
        "plusieurs indicateurs du catalogue : nommez-le par son code.",
        "ligne 3, colonne « Indicateur » : « ASSIGN » désigne plusieurs indicateurs du "
        "catalogue : nommez-le par son code."]
