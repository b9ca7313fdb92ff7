"""Workbooks of several sheets: every sheet listed (name, the rows an import would read),
the one asked for read, a sensible default when none is (of a tab per year, the latest),
and a French refusal naming the sheets when the one asked for does not exist (KoboToolbox
repeat groups, an officer's tab per year, « Notes » first)."""

from __future__ import annotations

import io
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pexdesk.core.errors import UnreadableFileError, UnreadableSheetError
from pexdesk.core.services.importing import reading
from pexdesk.core.services.importing.reading import SheetInfo, find_sheet, read_bytes, read_file
from tests.workbooks import directory_workbook, workbook_bytes

HEADER = ["Vous représentez", "Département", "Appréciation globale"]

YEARS = {"Notes": [["Penser à relancer la CAF avant mars."], ["Export du 02/04/2025."]],
         "2023": [HEADER, ["CAF", "35", 4], ["Bailleur social", "35", 5]],
         "2024": [HEADER, ["DDETS", "35", 3], ["CAF", "29", 4], ["Mairie", "35", 2]],
         "Vide": []}


@pytest.fixture
def years(tmp_path) -> Path:
    path = tmp_path / "enquetes.xlsx"
    path.write_bytes(workbook_bytes(YEARS))
    return path


def test_every_sheet_is_listed_with_the_rows_under_its_header_in_the_workbook_order(years):
    sheet = read_file(years)
    assert sheet.sheets == (SheetInfo("Notes", 1), SheetInfo("2023", 2), SheetInfo("2024", 3),
                            SheetInfo("Vide", 0, empty=True))
    assert [info.describe() for info in sheet.sheets] == [
        "« Notes » (1 ligne)", "« 2023 » (2 lignes)", "« 2024 » (3 lignes)", "« Vide » (vide)"]


def test_the_sheet_asked_for_is_read(years):
    sheet = read_file(years, sheet="2024")
    assert sheet.sheet_name == "2024"
    assert sheet.records == (tuple(HEADER), ("DDETS", "35", "3"), ("CAF", "29", "4"),
                             ("Mairie", "35", "2"))
    assert sheet.numbers == (1, 2, 3, 4)
    assert sheet.other_sheets == ("Notes", "2023", "Vide")
    assert sheet.describe() == ("XLSX, feuille « 2024 » lue ; non lues : « Notes », « 2023 », "
                                "« Vide »")
    assert sheet.sha256 != read_file(years, sheet="2023").sha256  # another import's digest


@pytest.mark.parametrize("typed", ["notes", " NOTES ", "Notes"])
def test_a_name_typed_in_another_case_or_with_spaces_finds_its_sheet(years, typed):
    assert read_file(years, sheet=typed).sheet_name == "Notes"


def test_a_decomposed_accent_finds_its_sheet():
    """A terminal (macOS) may type « é » as « e » + combining accent."""
    assert find_sheet(["Réponses", "Notes"], "Re\u0301ponses") == 0


def test_an_exact_name_wins_over_a_loose_one():
    assert find_sheet(["notes", "Notes"], "Notes") == 1
    assert find_sheet(["notes", "Notes"], "NOTES") is None  # two candidates: none guessed


def test_an_unknown_sheet_is_refused_naming_the_sheets(years):
    with pytest.raises(UnreadableSheetError) as error:
        read_file(years, sheet="2025")
    assert str(error.value) == (
        "Le classeur enquetes.xlsx n'a pas de feuille « 2025 ». Feuilles du classeur : "
        "« Notes » (1 ligne), « 2023 » (2 lignes), « 2024 » (3 lignes), « Vide » (vide).")
    assert error.value.sheets == read_file(years).sheets  # a window can still offer them
    assert error.value.sheet_name == "2025"


def test_a_one_sheet_workbook_names_its_sheet_in_the_singular(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(workbook_bytes({"Réponses": [HEADER, ["CAF", "35", 4]]}))
    with pytest.raises(UnreadableSheetError, match=r"\. Feuille du classeur : « Réponses » "
                                                   r"\(1 ligne\)\.$"):
        read_file(path, sheet="Feuil1")


def test_an_empty_sheet_asked_for_is_refused_by_its_name(years):
    with pytest.raises(UnreadableSheetError) as error:
        read_file(years, sheet="vide")
    assert str(error.value) == "La feuille « Vide » du classeur enquetes.xlsx ne contient aucune ligne."
    assert error.value.sheet_name == "Vide" and len(error.value.sheets) == 4


def test_a_sheet_name_given_for_a_csv_file_is_refused():
    with pytest.raises(UnreadableFileError) as error:
        read_bytes("a;b\r\n1;2\r\n".encode(), "reponses.csv", sheet="Réponses")
    assert str(error.value) == (
        "reponses.csv est un fichier CSV, qui n'a pas de feuilles : la feuille « Réponses » "
        "ne peut être choisie que dans un classeur Excel (.xlsx).")
    assert read_bytes("a;b\r\n1;2\r\n".encode(), "reponses.csv").sheets == ()


# --- the default sheet --------------------------------------------------------------------------

def test_a_notes_tab_of_sentences_before_the_answers_is_passed_over(years):
    """Its two lines made it « the first sheet with a row under its header »."""
    sheet = read_file(years)
    assert sheet.sheet_name == "2024"
    assert sheet.describe() == ("XLSX, feuille « 2024 » lue ; non lues : « Notes », « 2023 », "
                                "« Vide »")


def test_kobotoolbox_reads_the_main_table_not_a_repeat_group():
    data = workbook_bytes({
        "Enquête partenaires": [["start", "Vous représentez", "_uuid", "_submission_time",
                                 "_index"], ["2024-03-01", "CAF", "u1", "2024-03-01", 1]],
        "actions": [["Action citée", "_parent_index"], ["Relance", 1], ["Médiation", 1]]})
    sheet = read_bytes(data, "kobo.xlsx")
    assert sheet.sheet_name == "Enquête partenaires"
    assert sheet.sheets[1] == SheetInfo("actions", 2)


def test_a_hidden_sheet_is_not_read_before_a_visible_table():
    data = workbook_bytes({"Listes": [["Catégories", "Départements"], ["CAF", "35"]],
                           "Réponses": [HEADER, ["CAF", "35", 4]]}, hidden=("Listes",))
    sheet = read_bytes(data, "x.xlsx")
    assert sheet.sheet_name == "Réponses"
    assert sheet.sheets[0] == SheetInfo("Listes", 1, hidden=True)
    assert sheet.sheets[0].describe() == "« Listes » (masquée, 1 ligne)"


def test_without_any_table_the_first_sheet_with_two_rows_is_read():
    data = workbook_bytes({"Titre": [["Enquête 2024"]], "Noms": [["Nom"], ["CAF"], ["DDETS"]]})
    sheet = read_bytes(data, "x.xlsx")
    assert sheet.sheet_name == "Noms"
    assert sheet.sheets == (SheetInfo("Titre", 0), SheetInfo("Noms", 2))
    assert sheet.sheets[0].describe() == "« Titre » (0 ligne)"  # not empty: nothing under it


def test_an_empty_first_sheet_gives_way_to_a_header_alone():
    data = workbook_bytes({"Feuil1": [], "Modèle": [HEADER]})
    assert read_bytes(data, "x.xlsx").records == (tuple(HEADER),)


def test_a_workbook_without_any_row_is_refused_as_empty_listing_its_sheets():
    with pytest.raises(UnreadableSheetError) as error:
        read_bytes(workbook_bytes({"Feuil1": [], "Feuil2": []}), "x.xlsx")
    assert str(error.value) == "Le fichier x.xlsx ne contient aucune ligne."  # as before
    assert error.value.sheets == (SheetInfo("Feuil1", 0, empty=True),
                                  SheetInfo("Feuil2", 0, empty=True))


def test_a_chart_sheet_before_the_data_neither_shifts_nor_joins_the_names():
    """``sheetnames`` counts chart sheets, ``worksheets`` does not: the preview said
    « feuille « Graphique » lue » of the data sheet's rows."""
    from openpyxl.chart import BarChart, Reference

    workbook = Workbook()
    data = workbook.active
    data.title = "Données"
    for row in (HEADER, ["CAF", "35", 4]):
        data.append(row)
    chart = BarChart()
    chart.add_data(Reference(data, min_col=3, min_row=1, max_row=2))
    workbook.create_chartsheet("Graphique", 0).add_chart(chart)
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = read_bytes(buffer.getvalue(), "x.xlsx")
    assert (sheet.sheet_name, sheet.other_sheets) == ("Données", ())
    assert sheet.sheets == (SheetInfo("Données", 1),)
    with pytest.raises(UnreadableSheetError) as error:
        read_bytes(buffer.getvalue(), "x.xlsx", sheet="graphique")
    assert str(error.value) == ("La feuille « Graphique » du classeur x.xlsx est un graphique, "
                                "sans cellules à importer. Feuille du classeur : « Données » "
                                "(1 ligne).")


# --- a tab per year: the latest year --------------------------------------------------------------

def year_tab(year: int) -> list[list]:
    """A year's answers under their header, as many as the year's last digit, plus one."""
    return [HEADER] + [["CAF", "35", rank % 5 + 1] for rank in range(year % 10 + 1)]


def records_of(rows: list[list]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(cell) for cell in row) for row in rows)


def test_of_tabs_named_by_a_year_the_latest_is_read_whatever_their_order():
    data = workbook_bytes({"Notes": YEARS["Notes"], "2024": year_tab(2024),
                           "2025": year_tab(2025), "2023": year_tab(2023)})
    sheet = read_bytes(data, "x.xlsx")
    assert sheet.sheet_name == "2025"
    assert sheet.records == records_of(year_tab(2025))
    assert sheet.other_sheets == ("Notes", "2024", "2023")
    assert [info.rows for info in sheet.sheets] == [1, 5, 6, 4]


def test_of_campaigns_named_with_their_year_the_latest_is_read():
    data = workbook_bytes({"Enquête 2023": year_tab(2023), "Enquête 2025 (relance)":
                           year_tab(2025), "Enquête_2024": year_tab(2024)})
    assert read_bytes(data, "x.xlsx").sheet_name == "Enquête 2025 (relance)"


def test_a_tab_of_a_later_year_without_a_table_is_not_read():
    data = workbook_bytes({"2023": year_tab(2023), "2024": year_tab(2024),
                           "2025": YEARS["Notes"], "2026": []})
    sheet = read_bytes(data, "x.xlsx")
    assert sheet.sheet_name == "2024"
    assert sheet.records == records_of(year_tab(2024))


def test_a_hidden_tab_of_a_later_year_is_not_read():
    data = workbook_bytes({"2023": year_tab(2023), "2024": year_tab(2024),
                           "2025": year_tab(2025)}, hidden=("2025",))
    assert read_bytes(data, "x.xlsx").sheet_name == "2024"


def test_of_two_tabs_of_the_latest_year_the_first_is_read():
    data = workbook_bytes({"2023": year_tab(2023), "2024": year_tab(2024),
                           "2024 (copie)": year_tab(2023)})
    sheet = read_bytes(data, "x.xlsx")
    assert sheet.sheet_name == "2024" and sheet.records == records_of(year_tab(2024))


def test_one_table_named_by_a_year_among_others_is_no_tab_per_year():
    """A form titled « Enquête 2024 » and its repeat groups, or a summary after the answers."""
    data = workbook_bytes({"Réponses": year_tab(2023), "Synthèse 2024": year_tab(2024)})
    assert read_bytes(data, "x.xlsx").sheet_name == "Réponses"


def test_an_older_tab_over_the_caps_does_not_refuse_the_latest(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    data = workbook_bytes({"2023": [HEADER] + [["CAF", "35", 4]] * 6, "2024": year_tab(2021)})
    assert read_bytes(data, "x.xlsx").sheet_name == "2024"


@pytest.mark.parametrize("name, year", [
    ("2024", 2024), ("Enquête 2024", 2024), ("Retours_2025 (v2)", 2025), ("T1 2024", 2024),
    ("2000", 2000), ("2099", 2099), ("Notes", None), ("Feuil1", None), ("1999", None),
    ("2100", None), ("20240315", None), ("Campagne 2023-2024", None)])
def test_the_year_a_sheet_is_named_by(name, year):
    assert reading.sheet_year(name) == year


# --- each sheet lists the rows its import would read ---------------------------------------------

def test_each_sheet_lists_the_rows_the_survey_preview_reads(con):
    from pexdesk.core.services.importing import count_response_rows, plan_responses
    from tests.core.test_importing_formats import MONKEY

    monkey = [line.split(",") for line in MONKEY.splitlines()]
    data = workbook_bytes({"Notes": YEARS["Notes"], "2024": YEARS["2024"],
                           "Titrée": [["Enquête partenaires – export du 02/04/2025"],
                                      *YEARS["2023"]],
                           "SurveyMonkey": monkey})
    listed = read_bytes(data, "x.xlsx", count_rows=count_response_rows).sheets
    assert [info.rows for info in listed] == [1, 3, 2, 1]  # header, title, two header rows
    for info in listed:
        sheet = read_bytes(data, "x.xlsx", info.name, count_response_rows)
        assert plan_responses(con, sheet).rows_read == info.rows, info.name


def test_each_sheet_lists_the_rows_the_directory_preview_reads(con, tmp_path):
    """« Annuaire » has a title line over its header and a note under its table; a sheet
    without a directory's header has nothing to import."""
    from pexdesk.core.services.importing.partners import count_partner_rows, plan_partners

    path = directory_workbook(tmp_path / "annuaire.xlsx")
    listed = read_file(path, count_rows=count_partner_rows).sheets
    assert [(info.name, info.rows) for info in listed] == [("Lisez-moi", 0), ("Annuaire", 6),
                                                           ("Anciens", 1)]
    for info in listed:
        sheet = read_file(path, info.name, count_partner_rows)
        assert plan_partners(con, sheet).rows_read == info.rows, info.name


# --- caps and formulas belong to the sheet read -------------------------------------------------

def test_a_sheet_over_the_caps_refuses_the_file_only_when_it_is_read(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    data = workbook_bytes({"Réponses": [HEADER, ["CAF", "35", 4]],
                           "Historique": [HEADER] + [["CAF", "35", 4]] * 6})
    sheet = read_bytes(data, "x.xlsx")
    assert sheet.sheet_name == "Réponses"
    assert sheet.sheets[1] == SheetInfo("Historique", 6)  # counted, not refused
    with pytest.raises(UnreadableSheetError, match="compte plus de 3 lignes") as error:
        read_bytes(data, "x.xlsx", sheet="Historique")
    assert [info.name for info in error.value.sheets] == ["Réponses", "Historique"]


def test_a_formula_without_value_refuses_only_the_sheet_holding_it():
    data = workbook_bytes({"Réponses": [HEADER, ["CAF", "35", 4]],
                           "Calculs": [["Total", "Moyenne"], ["=1+1", 3]]})
    assert read_bytes(data, "x.xlsx").sheet_name == "Réponses"
    with pytest.raises(UnreadableSheetError) as error:
        read_bytes(data, "x.xlsx", sheet="Calculs")
    assert str(error.value).startswith("x.xlsx : formule sans valeur enregistrée (cellule A2 "
                                       "(« Total »))")
    assert error.value.sheet_name == "Calculs" and len(error.value.sheets) == 2


# --- property -----------------------------------------------------------------------------------

_FORBIDDEN = set("[]:*?/\\")
sheet_names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
                           exclude_characters="".join(_FORBIDDEN) + "'"),
    min_size=1, max_size=31).map(str.strip).filter(bool)
"""What Excel accepts as a sheet name (31 characters, none of ``[]:*?/\\``, no apostrophe at
either end — none at all here, for simplicity), outer spaces left out."""


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(sheet_names, min_size=1, max_size=5,
                      unique_by=lambda name: reading._loose(name)),
       absent=st.text(alphabet=string.ascii_letters, min_size=1, max_size=8))
def test_any_sheet_names_round_trip_and_the_refusal_lists_them_all(names, absent):
    sheets = {name: [["Feuille", "Rang"]] + [[f"de {name}", rank] for rank in range(index + 1)]
              for index, name in enumerate(names)}
    data = workbook_bytes(sheets)
    for index, name in enumerate(names):
        sheet = read_bytes(data, "x.xlsx", sheet=name)
        assert sheet.sheet_name == name
        assert sheet.records[1:] == tuple((f"de {name}", str(rank)) for rank in range(index + 1))
    listed = read_bytes(data, "x.xlsx").sheets
    assert listed == tuple(SheetInfo(name, index + 1) for index, name in enumerate(names))
    wanted = "Absente " + absent
    if find_sheet(names, wanted) is None:
        with pytest.raises(UnreadableSheetError) as error:
            read_bytes(data, "x.xlsx", sheet=wanted)
        message = str(error.value)
        assert message.startswith(f"Le classeur x.xlsx n'a pas de feuille « {wanted} ». ")
        assert message.endswith(", ".join(info.describe() for info in listed) + ".")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(years=st.lists(st.integers(2000, 2099), min_size=2, max_size=5, unique=True),
       campaign=st.booleans(), notes_at=st.integers(0, 5))
def test_of_tabs_per_year_in_any_order_the_latest_is_read(years, campaign, notes_at):
    """Whatever the order of the tabs, their names (« 2024 » or « Enquête 2024 ») and where
    a « Notes » tab stands among them."""
    name = (lambda year: f"Enquête {year}") if campaign else str
    tabs = [(name(year), year_tab(year)) for year in years]
    tabs.insert(notes_at, ("Notes", YEARS["Notes"]))
    sheet = read_bytes(workbook_bytes(dict(tabs)), "x.xlsx")
    assert sheet.sheet_name == name(max(years))
    assert sheet.records == records_of(year_tab(max(years)))
    assert [info.rows for info in sheet.sheets] == [len(rows) - 1 for _, rows in tabs]
