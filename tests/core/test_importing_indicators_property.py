"""Hypothesis: whatever text a table of indicator values holds in its header and value
cells, the import never crashes: it refuses the file in French, or its values read back
as the grid shows them (the round trip through :func:`format_figure`)."""

from __future__ import annotations

import csv
import io
import os
from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pexdesk.core.db.base import Base
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import PexdeskError
from pexdesk.core.figures import NOT_AVAILABLE, parse_figure
from pexdesk.core.formatting import format_figure
from pexdesk.core.services.importing import Sheet, read_bytes
from pexdesk.core.services.importing.indicators import (IndicatorImportOptions,
                                                        commit_indicators,
                                                        count_indicator_rows, plan_indicators)
from pexdesk.core.services.importing.reading import content_digest

EXAMPLES = int(os.environ.get("PEXDESK_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
TODAY = date(2026, 3, 15)

HEADERS = ["janv. 2026", "février 2026", "2026-03", "04/2026", "janv.-26", "mars", "Total",
           "Source", "Unité", "15/01/2026", "2026-13", "Nom", "N° dossier", "Indicateur", "Code",
           "Mois", "Valeur", "Commentaire", "2026-01-01 00:00:00", "=SOMME(B2:B9)", "", "2025",
           "déc. 1999", "janv. 2099"]
VALUES = ["12", "1 234", "1\u202f234", "12,5", "45,5 %", "0,001", "0,0001", "nd", "n.d.",
          "Non disponible", "", "-3", "120", "1.234", "1e3", "=1+1", "@SUM(A1)", "\x00",
          "9" * 400, "0", "00012", ",5", "5,", "+7", "١٢", "²", "\u00a0", "NaN", "inf"]
LABELS = ["ASSIGN", "cfp_dem", "DSF_PRESENCE", "Assignations aux fins d'expulsion",
          "CFP accordés", "Total", "", "Inconnu", "Thème", "Nom"]

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
number = st.builds(
    lambda value, form: form(value),
    st.floats(min_value=0, max_value=1e7, allow_nan=False),
    st.sampled_from([repr, format_figure, lambda v: f"{v:.2f}".replace(".", ","),
                     lambda v: str(int(v)), lambda v: f"{format_figure(v)} %"]))
header_cell = st.one_of(st.sampled_from(HEADERS), text)
value_cell = st.one_of(st.sampled_from(VALUES), number, text,
                       st.floats(allow_nan=True, allow_infinity=True).map(repr))
label_cell = st.one_of(st.sampled_from(LABELS), text)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "pexdesk.db"
    with Base.create(path, Profile(department_code="35", adil_name="ADIL 35")) as opened:
        yield opened


MONTHS = ["janv. 2026", "février 2026", "2026-03", "12/2025", "nov.-25", "2025-10-01 00:00:00"]
KNOWN = ["ASSIGN", "cfp_dem", "DSF_PRESENCE", "CFP accordés", "Total"]
figure = st.one_of(st.sampled_from(["nd", "n.d.", "", "Non disponible", "100", "0"]),
                   st.integers(0, 100).map(str), st.integers(0, 100).map(format_figure))


def tables():
    """A title row or not, a header row (a label column, then other cells), and rows of a
    label and value cells: any text, or (half the time) the cells of a table that could be
    imported, months, known indicators and French numbers."""
    def table(title, headers, rows):
        return ([["Tableau de bord"]] if title else []) + [["Indicateur", *headers]] + [
            [label, *cells] for label, cells in rows]

    anything = st.builds(table, st.booleans(), st.lists(header_cell, min_size=1, max_size=6),
                         st.lists(st.tuples(label_cell, st.lists(value_cell, max_size=6)),
                                  max_size=8))
    plausible = st.builds(table, st.booleans(),
                          st.lists(st.sampled_from(MONTHS), min_size=1, max_size=6, unique=True),
                          st.lists(st.tuples(st.sampled_from(KNOWN),
                                             st.lists(figure, max_size=6)),
                                   max_size=6, unique_by=lambda row: row[0]))
    return st.one_of(anything, plausible)


def check(con, sheet: Sheet) -> None:
    plan = plan_indicators(con, sheet, IndicatorImportOptions(today=TODAY))
    assert all(problem.message.strip() for problem in plan.problems)
    refusal = plan.refusal()
    if refusal is not None:
        assert refusal.startswith("Import impossible : ") and plan.preview_lines()
        return
    assert plan.preview_lines()
    for value in plan.values:
        unit = value.indicator.unit
        shown = "n.d." if value.value is None else format_figure(value.value)
        read_back = parse_figure(shown, unit, value.indicator.label_text)
        assert read_back == (NOT_AVAILABLE if value.value is None else value.value), shown
        assert value.value is None or (value.value >= 0 and (unit != "%" or value.value <= 100))
    # nothing lost: each row under the header is valid, invalid or ignored
    assert plan.rows_read == len(plan.row_status)
    commit_indicators(con, plan)
    event("importable")


@FUZZ
@given(records=tables())
def test_any_cells_of_a_table_plan_without_crashing(base, records):
    rows = [tuple(cell.strip() for cell in row) for row in records]
    rows = [row for row in rows if any(row)]
    if not rows:
        return
    sheet = Sheet("tableau.csv", "CSV", tuple(rows), tuple(range(1, len(rows) + 1)),
                  content_digest(rows))
    con = base.con
    con.execute("SAVEPOINT fuzz")
    try:
        check(con, sheet)
    finally:
        con.execute("ROLLBACK TO fuzz")
        con.execute("RELEASE fuzz")


@FUZZ
@given(records=tables(), delimiter=st.sampled_from([";", ",", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_any_csv_file_is_refused_in_french_or_planned(base, records, delimiter, encoding):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(records)
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        sheet = read_bytes(data, "tableau.csv", None, count_indicator_rows)
    except PexdeskError as error:
        assert str(error).strip()
        return
    con = base.con
    con.execute("SAVEPOINT fuzz")
    try:
        check(con, sheet)
    finally:
        con.execute("ROLLBACK TO fuzz")
        con.execute("RELEASE fuzz")
