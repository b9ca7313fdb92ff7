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


def records_model(rows=()) -> RowTableModel:
    """Rows (id, name, rank): read by rank, sorted by name (many ties) or id."""
    from pexdesk.ui.models.table import Records

    model = RowTableModel([Column("Nom", lambda r: r[1]), Column("N°", lambda r: r[0])],
                          lambda r: r[1], records=Records(lambda r: r[0], lambda r: r[2]))
    model.set_rows(sorted(rows, key=lambda r: r[2]))
    return model


def test_a_row_put_in_place_shows_as_the_whole_list_read_again_would(qapp):
    """Random saves, renames and deletions, sorted by a column full of ties, both ways,
    searched and filtered: after each, the rows shown are those of a model given every
    row anew, and a row the user chose stays chosen while it is shown."""
    import random

    from PySide6.QtCore import QPersistentModelIndex, Qt

    rng = random.Random(4)
    names = ["Auch", "Condom", "Lectoure", "Mirande", "Nogaro"]
    stored = {n: (n, rng.choice(names), rng.random()) for n in range(1, 40)}
    for column, order, search, only_even in ((0, Qt.SortOrder.AscendingOrder, "", False),
                                             (0, Qt.SortOrder.DescendingOrder, "o", False),
                                             (1, Qt.SortOrder.DescendingOrder, "", True)):
        model = records_model(stored.values())
        model.sort(column, order)
        filters = [lambda r: r[0] % 2 == 0] if only_even else []
        model.set_filter(search, filters)
        for _ in range(60):
            record = rng.randrange(1, 50)
            if record in stored and rng.random() < 0.3:
                del stored[record]
            else:
                stored[record] = (record, rng.choice(names), rng.random())
            chosen = model.row(rng.randrange(model.rowCount())) if model.rowCount() else None
            kept = QPersistentModelIndex(model.index(shown(model).index(chosen), 0)) \
                if chosen else None

            model.put_row(record, stored.get(record))

            again = records_model(stored.values())
            again.sort(column, order)
            again.set_filter(search, filters)
            assert shown(model) == shown(again)
            assert model.total_count() == len(stored)
            if chosen is not None and chosen[0] != record:
                assert kept.isValid() and model.row(kept.row()) == chosen
            elif chosen is not None:
                now = stored.get(record)
                assert (model.row(kept.row()) == now) if kept.isValid() else (
                    now is None or now not in shown(model))


def test_a_row_put_in_place_is_inserted_without_resetting_the_list(qapp):
    from PySide6.QtCore import Qt

    model = records_model([(1, "Auch", 1), (2, "Condom", 2), (3, "Nogaro", 3)])
    model.sort(0, Qt.SortOrder.AscendingOrder)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.put_row(4, (4, "Lectoure", 0))
    model.put_row(1, (1, "Vic-Fezensac", 1))
    model.put_row(2, None)
    assert shown(model) == [(4, "Lectoure", 0), (3, "Nogaro", 3), (1, "Vic-Fezensac", 1)]
    assert resets == []
