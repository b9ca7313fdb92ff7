"""The shared list model: search while typing forward, backwards and with filters."""

from __future__ import annotations

from pexdesk.ui.models.table import Column, RowTableModel

NAMES = ["CCAS de Condom", "CCAS d'Auch", "Mairie de Condom", "Caisse d'allocations familiales",
         "Bailleur social Nord", "Bailleur social Sud"]


def model() -> RowTableModel:
    rows = RowTableModel([Column("Nom", lambda r: r)], lambda r: r)
    rows.set_rows(NAMES)
    return rows


def shown(rows: RowTableModel) -> list[str]:
    return [rows.row(i) for i in range(rows.rowCount())]


def test_typing_forward_narrows_and_backspace_widens_again(qapp):
    rows = model()
    for text, expected in (("c", NAMES), ("cc", NAMES[:2]), ("ccas co", ["CCAS de Condom"]),
                           ("ccas", NAMES[:2]), ("", NAMES), ("condom", [NAMES[0], NAMES[2]]),
                           ("condom ccas", ["CCAS de Condom"]), ("ccas condom", ["CCAS de Condom"]),
                           ("bailleur sud", ["Bailleur social Sud"])):
        rows.set_filter(text)
        assert shown(rows) == expected, text


def test_a_predicate_applies_with_the_words_and_is_never_narrowed_from_stale_rows(qapp):
    rows = model()
    rows.set_filter("ccas", [lambda r: "Auch" in r])
    assert shown(rows) == ["CCAS d'Auch"]
    rows.set_filter("ccas")
    assert shown(rows) == NAMES[:2]
    rows.set_filter("ccas ", [])
    assert shown(rows) == NAMES[:2]


def test_keys_from_a_loading_thread_order_the_rows_unless_the_sort_changed_meanwhile(qapp):
    from PySide6.QtCore import Qt

    rows = RowTableModel([Column("Nom", lambda r: r), Column("Longueur", lambda r: len(r))],
                         lambda r: r)
    rows.sort(0, Qt.SortOrder.AscendingOrder)
    by_name = rows.sort_state
    keys = rows.sort_keys(NAMES, by_name)  # as a loading thread computes them
    rows.set_rows(NAMES, sort_keys=(by_name, keys))
    assert shown(rows) == sorted(NAMES, key=str.casefold)
    rows.sort(1, Qt.SortOrder.DescendingOrder)  # the user sorts while the next load runs
    rows.set_rows(NAMES, sort_keys=(by_name, keys))
    assert [len(name) for name in shown(rows)] == sorted(map(len, NAMES), reverse=True)


def test_rows_appended_take_their_place_in_the_sort_and_the_search_the_selection_follows(
        qapp):
    from PySide6.QtCore import QPersistentModelIndex, Qt

    from pexdesk.core.text import fold

    rows = RowTableModel([Column("Nom", lambda r: r)], lambda r: r)
    rows.sort(0, Qt.SortOrder.DescendingOrder)
    by_name = rows.sort_state
    first, then = NAMES[3:], NAMES[:3]
    rows.set_rows(first, [fold(name) for name in first], (by_name, rows.sort_keys(first, by_name)))
    rows.set_filter("c")
    chosen = QPersistentModelIndex(rows.index(shown(rows).index("Bailleur social Sud"), 0))
    inserted = []
    rows.rowsInserted.connect(lambda *_: inserted.append(rows.rowCount()))

    rows.append_rows(then, [fold(name) for name in then], (by_name, rows.sort_keys(then, by_name)))

    assert shown(rows) == sorted(NAMES, key=str.casefold, reverse=True)
    assert inserted == []  # « Mairie… » and the CCAS sort before the rows shown: laid out again
    assert rows.row(chosen.row()) == "Bailleur social Sud"
    rows.set_filter("bailleur")
    assert shown(rows) == ["Bailleur social Sud", "Bailleur social Nord"]
    rows.append_rows(["Aaa bailleur"], ["aaa bailleur"], (None, None))  # keys made otherwise
    assert shown(rows)[-1] == "Aaa bailleur" and inserted == [3]  # sorts last: added below
    rows.set_filter("")
    assert rows.total_count() == len(NAMES) + 1 == rows.rowCount()
