"""``Options.only``: the records a filtered list shows, and nothing else, in every format
(« Exporter… » writes what the user sees); without it, the whole table as before."""

from __future__ import annotations

from datetime import date

import pytest
import vobject
from icalendar import Calendar

from pexdesk.core.safety import journal
from pexdesk.core.services import exchange

from tests.core.exchange_helpers import TABLES, csv_value, expected_rows, read_csv, read_xlsx

TODAY = date.today()

RECORDS = {"partners": "partner", "contacts": "partner", "meetings": "meeting",
           "actions": "action", "indicators": "indicator_value", "responses": "response"}
"""The records whose ids ``only`` names, for each table (contacts: their partners)."""


def some_ids(con, table: str) -> frozenset[int]:
    """A third of the records of ``table``'s list: some kept, most left out."""
    ids = frozenset(i for (i,) in con.execute(f"SELECT id FROM {RECORDS[table]}") if i % 3 == 0)
    assert ids, table
    return ids


def kept_uuids(con, table: str, ids: frozenset[int]) -> set[str]:
    """The marker column's values of the rows the export must hold, read with SQL."""
    marks = ", ".join("?" * len(ids))
    sql = (f"SELECT uuid FROM contact WHERE partner_id IN ({marks})" if table == "contacts"
           else f"SELECT uuid FROM {RECORDS[table]} WHERE id IN ({marks})")
    return {uuid for (uuid,) in con.execute(sql, sorted(ids))}


@pytest.mark.parametrize("table", TABLES)
def test_only_the_records_shown_are_written(demo_con, tmp_path, table):
    ids = some_ids(demo_con, table)
    uuids = kept_uuids(demo_con, table, ids)
    headers, every_row = expected_rows(demo_con, table, TODAY)
    expected = [row for row in every_row if row[-1] in uuids]
    assert 0 < len(expected) < len(every_row)
    whole = exchange.build_table(demo_con, table, exchange.Options(today=TODAY))
    assert whole.count == len(every_row)  # without ``only``: every record, as before

    out = tmp_path / f"{table}.csv"
    result = exchange.export(demo_con, table, out, exchange.Options(today=TODAY, only=ids),
                             record=False)
    rows = read_csv(out)
    assert rows[0] == headers
    assert [[csv_value(text, value) for text, value in zip(cells, values)]
            for cells, values in zip(rows[1:], expected)] == expected
    assert result.count == len(rows) - 1 == len(expected)

    exchange.export(demo_con, table, tmp_path / f"{table}.xlsx",
                    exchange.Options(today=TODAY, only=ids), record=False)
    _, _, cells = read_xlsx(tmp_path / f"{table}.xlsx")
    assert [row[-1].value for row in cells[1:]] == [row[-1] for row in expected]


def test_an_empty_selection_writes_the_headers_only(demo_con, tmp_path):
    out = tmp_path / "p.csv"
    result = exchange.export(demo_con, "partners", out, exchange.Options(only=frozenset()),
                             record=False)
    assert result.count == 0 and len(read_csv(out)) == 1


def test_selection_and_period_both_apply(demo_con, tmp_path):
    ids = some_ids(demo_con, "meetings")
    options = exchange.Options(first=date(2024, 1, 1), last=date(2024, 12, 31), only=ids)
    result = exchange.export(demo_con, "meetings", tmp_path / "m.csv", options, record=False)
    expected = demo_con.execute(
        f"SELECT count(*) FROM meeting WHERE held_on BETWEEN '2024-01-01' AND '2024-12-31' "
        f"AND id IN ({', '.join(map(str, ids))})").fetchone()[0]
    assert 0 < result.count == expected


def test_vcards_of_the_partners_shown(demo_con, tmp_path):
    ids = some_ids(demo_con, "contacts")
    out = tmp_path / "c.vcf"
    result = exchange.export(demo_con, "contacts", out, exchange.Options(only=ids),
                             record=False)
    found = {card.uid.value.removeprefix("urn:uuid:")
             for card in vobject.readComponents(out.read_text("utf-8"))}
    assert found == kept_uuids(demo_con, "contacts", ids)
    assert result.count == len(found) < demo_con.execute("SELECT count(*) FROM contact"
                                                         ).fetchone()[0]


def test_calendar_of_the_meetings_shown(demo_con, tmp_path):
    ids = some_ids(demo_con, "meetings")
    out = tmp_path / "m.ics"
    result = exchange.export(demo_con, "meetings", out, exchange.Options(only=ids),
                             record=False)
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert {str(event["UID"]).removesuffix("@pexdesk") for event in events} == \
        kept_uuids(demo_con, "meetings", ids)
    assert result.count == len(events) == len(ids)


def test_a_selection_says_so_in_the_journal_and_the_message(base, fill_data, tmp_path):
    fill_data(base.con, partner_count=3)
    first = base.con.execute("SELECT min(id) FROM partner").fetchone()[0]
    out = tmp_path / "p.xlsx"
    result = exchange.export(base.con, "partners", out,
                             exchange.Options(only=frozenset({first})))
    entry = journal.entries(base.con, newest_first=True, limit=1)[0]
    assert entry.summary == f"partenaires, sélection de la liste (XLSX, 1 ligne) vers {out}"
    assert result.text() == f"Export écrit : {out} (1 ligne)."
    assert result.text("1 partenaire affiché sur 3") == (
        f"Export écrit : {out} (1 ligne) : 1 partenaire affiché sur 3.")
