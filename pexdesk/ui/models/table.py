"""One table model for every list, fast on 100,000 rows.

Rows are plain Python objects; columns say how to show and sort them. Search
and sort run in Python over precomputed keys (a few tens of milliseconds for
100,000 rows) instead of through Qt calling back into Python once per row and
per comparison, which takes seconds at that size. The proxy keeps the standard
model/view contract (views, selection mapping) and forwards sorting here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from operator import indexOf
from typing import Any, NamedTuple

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt)
from PySide6.QtGui import QBrush

from pexdesk.core.formatting import format_number
from pexdesk.core.text import fold
from pexdesk.ui.models.groups import Group, Grouping

ROW_ROLE = Qt.ItemDataRole.UserRole
"""The row object behind an index."""
_ANSWERED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, ROW_ROLE,
                             Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole,
                             Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.AccessibleTextRole})
"""The roles :meth:`RowTableModel.data` may answer. Qt asks a cell for about ten roles each
time it paints or measures it: the others are turned away before the row is looked up."""

Sort = tuple[int, Qt.SortOrder] | None
"""The sorted column and direction; None keeps the rows in the order given."""

def _natural_key(value: Any) -> tuple:
    """Sort key mixing types safely: empty last, numbers and dates by value, text folded."""
    if value is None or value == "":
        return (2, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    if isinstance(value, date):
        return (0, value.toordinal())
    return (1, fold(str(value)))


def display_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return format_number(value, 0 if value.is_integer() else 1)
    if isinstance(value, int):
        return format_number(value)
    return str(value)


class Column(NamedTuple):
    header: str
    value: Callable[[Any], Any]
    """The raw value; shown with :func:`display_text` unless ``text`` is given."""
    text: Callable[[Any], str] | None = None
    tooltip: Callable[[Any], str] | None = None
    numeric: bool = False

    def shown(self, row: Any) -> str:
        return self.text(row) if self.text else display_text(self.value(row))


class Records(NamedTuple):
    """How a list's rows stand for records, so that one of them can be put in place of its
    row (:meth:`RowTableModel.put_row`)."""

    identity: Callable[[Any], Hashable]
    """The record a row shows (its id)."""
    read_order: Callable[[Any], Any]
    """The order the rows are read in as a sort key, one place per record: ties of the
    user's sort keep that order, and a record put back must too."""


class RowTableModel(QAbstractTableModel):
    """All rows in memory, in the order they were read; a visible subset in sort order,
    grouped by ``grouping`` while sorted by its column."""

    def __init__(self, columns: Sequence[Column], search_text: Callable[[Any], str],
                 highlight: Callable[[Any], QBrush | None] | None = None,
                 grouping: Grouping | None = None, records: Records | None = None,
                 parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._search_text = search_text
        self._highlight = highlight
        self.grouping = grouping
        self._records = records
        self._by_record: dict[Hashable, Any] | None = None
        """Each record's row, made the first time one is put in place (:meth:`put_row`):
        finding a row among 100,000 by its record then takes a binary search."""
        self._groups: dict[int, Group] = {}
        """The group starting at each visible row (see :meth:`group_at`)."""
        self._rows: list[Any] = []
        self._haystacks: list[str] = []
        self._keys: list[tuple] | None = None
        """The sort key of each row under :attr:`sort_state` (None: not sorted)."""
        self._order: list[int] = []
        """Every row's index in sort order, ties in the order read (ascending index)."""
        self._visible: list[int] = []
        self._needles: list[str] = []
        self._predicates: Sequence[Callable[[Any], bool]] = ()
        self._sort: Sort = None

    # ---- Qt model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        row = self._rows[self._visible[index.row()]]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.shown(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(column, row)
        if role == Qt.ItemDataRole.BackgroundRole and self._highlight:
            return self._highlight(row)
        if role == Qt.ItemDataRole.AccessibleTextRole and index.row() in self._groups:
            # Heard on arriving in a group: its band is drawn, not read.
            return f"{self._groups[index.row()].full}. {column.shown(row)}"
        return None

    @staticmethod
    def _tooltip(column: Column, row: Any) -> str | None:
        """The column's own tooltip, else a text cell's full text: a narrow column cuts it
        off ("Action Logement Services – délégation …") and hovering must show it whole."""
        if column.tooltip:
            return column.tooltip(row)
        return None if column.numeric else column.shown(row) or None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted again, the selection follows its records to their new places."""
        with self._relayout():
            self._sort = (column, order)
            self._order = self._sorted_order()
            self._visible = self._filtered(self._order)

    # ---- Content

    def set_rows(self, rows: Sequence[Any], haystacks: Sequence[str] | None = None,
                 sort_keys: tuple[Sort, list[tuple] | None] | None = None) -> None:
        """Show ``rows``; ``haystacks`` are their folded search texts and ``sort_keys`` the
        :meth:`sort_keys` of the sort they were computed for, when the caller made them
        already (on a loading thread: for 100,000 rows, folding the texts here would
        freeze the window for seconds, and the keys for a tenth of a second)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._by_record = None
        self._haystacks = (list(haystacks) if haystacks is not None
                           else [fold(self._search_text(row)) for row in self._rows])
        self._order = self._sorted_order(self._matching(sort_keys))
        self._visible = self._filtered(self._order)
        self._regroup()
        self.endResetModel()

    def append_rows(self, rows: Sequence[Any], haystacks: Sequence[str],
                    sort_keys: tuple[Sort, list[tuple] | None]) -> None:
        """Add ``rows`` to those listed (a list loading in batches), with their search texts
        and sort keys as :meth:`set_rows` takes them: each in its place in the sort, shown
        if the search and filters let it through. The rows already shown keep their
        selection; when the new ones all sort after them (a list read in its sort order)
        they are inserted below, without disturbing the view."""
        first = len(self._rows)
        self._rows += rows
        if self._by_record is not None:
            self._by_record.update(zip(map(self._records.identity, rows), rows))
        self._haystacks += haystacks
        added = list(range(first, len(self._rows)))
        if self._sort is not None:
            keys = self._matching(sort_keys)
            self._keys += keys if keys is not None else self.sort_keys(rows, self._sort)
            added.sort(key=self._keys.__getitem__, reverse=self._descending)
        shown = self._filtered(added)
        if self._follows(self._order, added):
            self._order += added
        else:
            self._order = self._merged(self._order, added)
        if not shown:
            self._recount_groups()
            return
        if self._follows(self._visible, shown):
            self.beginInsertRows(QModelIndex(), len(self._visible),
                                 len(self._visible) + len(shown) - 1)
            self._visible += shown
            self._regroup()
            self.endInsertRows()
        else:
            with self._relayout():
                self._visible = self._merged(self._visible, shown)

    def put_row(self, record_id: Hashable, row: Any | None) -> Any | None:
        """Show ``row`` as the record ``record_id`` now reads: in place of its row, as a new
        row, or, None, without it — a list updating the record it saved rather than
        reading its 100,000 rows again. The row takes its place in the order read, in
        the sort and among the rows the search and filters let through, and the selection
        follows its rows, this one's included, as when the list is sorted again. Returns
        the row it replaces (None: the record was not listed)."""
        records = self._records
        old = self._position_of(record_id)
        replaced = self._rows[old] if old is not None else None
        place: int | None = None

        def renumbered(index: int) -> int | None:
            if index == old:
                return place
            index -= old is not None and index > old
            return index + (place is not None and index >= place)

        with self._relayout(renumbered):
            if old is not None:
                shown = self._visible_place(old)
                if shown < len(self._visible) and self._visible[shown] == old:
                    del self._visible[shown]
                del self._order[self._sorted_place(self._order, old)]
                del self._rows[old], self._haystacks[old]
                if self._keys is not None:
                    del self._keys[old]
            if row is not None:
                place = bisect_right(self._rows, records.read_order(row), key=records.read_order)
                self._rows.insert(place, row)
                self._haystacks.insert(place, fold(self._search_text(row)))
                if self._keys is not None:
                    self._keys.insert(place, self.sort_keys([row], self._sort)[0])
            if old is not None and old != place:
                self._order = [i - (i > old) for i in self._order]
                self._visible = [i - (i > old) for i in self._visible]
            if place is not None and old != place:
                self._order = [i + (i >= place) for i in self._order]
                self._visible = [i + (i >= place) for i in self._visible]
            if place is not None:
                self._order.insert(self._sorted_place(self._order, place), place)
                if self._filtered([place]):
                    self._visible.insert(self._visible_place(place), place)
        if row is None:
            self._by_record.pop(record_id, None)
        else:
            self._by_record[record_id] = row
        return replaced

    def _position_of(self, record_id: Hashable) -> int | None:
        """Where the row of ``record_id`` is in :attr:`_rows`, found by its place in the
        order read; None when it is not listed."""
        identity, read_order = self._records.identity, self._records.read_order
        if self._by_record is None:
            self._by_record = dict(zip(map(identity, self._rows), self._rows))
        row = self._by_record.get(record_id)
        if row is None:
            return None
        place = bisect_left(self._rows, read_order(row), key=read_order)
        if place < len(self._rows) and self._rows[place] is row:
            return place
        return indexOf(self._rows, row)  # put while a load still adds rows: out of order

    def set_filter(self, text: str = "",
                   predicates: Sequence[Callable[[Any], bool]] = ()) -> None:
        """Show rows containing every word of ``text`` (accents and case ignored) and
        accepted by each of ``predicates``.

        While the user types on (the new words extend the previous ones, no predicate),
        only the rows still shown are searched again: each keystroke gets cheaper."""
        needles = fold(text).split()
        narrowing = (not predicates and not self._predicates and self._needles
                     and len(needles) >= len(self._needles)
                     and all(old in new for old, new in zip(self._needles, needles)))
        self.beginResetModel()
        self._visible = self._filtered(self._visible if narrowing else self._order,
                                       needles, predicates)
        self._needles = needles
        self._predicates = tuple(predicates)
        self._regroup()
        self.endResetModel()

    def row(self, visible_row: int) -> Any:
        return self._rows[self._visible[visible_row]]

    def group_at(self, visible_row: int) -> Group | None:
        """The group whose first row is ``visible_row``; None for the other rows, and for
        all of them when the list is not sorted by the grouping's column."""
        return self._groups.get(visible_row)

    def groups(self) -> list[Group]:
        """The groups shown, in order."""
        return list(self._groups.values())

    def visible_row_of(self, match: Callable[[Any], bool]) -> int:
        for position, index in enumerate(self._visible):
            if match(self._rows[index]):
                return position
        return -1

    def all_rows(self) -> list[Any]:
        return list(self._rows)

    def visible_rows(self) -> list[Any]:
        """The rows search and filters let through, in the order shown."""
        rows = self._rows
        return [rows[i] for i in self._visible]

    def total_count(self) -> int:
        return len(self._rows)

    @property
    def sort_state(self) -> Sort:
        return self._sort

    def sort_keys(self, rows: Sequence[Any], sort: Sort) -> list[tuple] | None:
        """The keys that order ``rows`` under ``sort``: a pure function of the rows, which
        a loading thread can call with the :attr:`sort_state` read before it started."""
        if sort is None:
            return None
        value = self.columns[sort[0]].value
        return [_natural_key(value(row)) for row in rows]

    def _matching(self, sort_keys: tuple[Sort, list[tuple] | None] | None) -> list[tuple] | None:
        """The keys of ``sort_keys`` if made for the current sort (the user may have sorted
        the list again while they were made), else None."""
        return sort_keys[1] if sort_keys is not None and sort_keys[0] == self._sort else None

    @property
    def _descending(self) -> bool:
        return self._sort is not None and self._sort[1] == Qt.SortOrder.DescendingOrder

    def _sorted_order(self, keys: list[tuple] | None = None) -> list[int]:
        order = list(range(len(self._rows)))
        if self._sort is None:
            self._keys = None
            return order
        if keys is None:
            keys = self.sort_keys(self._rows, self._sort)
        self._keys = list(keys)
        order.sort(key=keys.__getitem__, reverse=self._descending)
        return order

    def _follows(self, rows: list[int], added: list[int]) -> bool:
        """Whether ``added`` (sorted, and listed after ``rows`` in the model) all sort after
        ``rows``: ties keep the model's order, as a full sort would."""
        if not rows or not added or self._sort is None:
            return True
        last, next_ = self._keys[rows[-1]], self._keys[added[0]]
        return not (next_ > last if self._descending else next_ < last)

    def _merged(self, rows: list[int], added: list[int]) -> list[int]:
        """Both sorted runs merged (Python's sort sees two runs and merges them)."""
        merged = rows + added
        merged.sort(key=self._keys.__getitem__, reverse=self._descending)
        return merged

    @contextmanager
    def _relayout(self, renumbered: Callable[[int], int | None] | None = None) -> Iterator[None]:
        """Show the rows the block leaves visible instead of those shown, the selection
        following its rows: ``renumbered`` gives each row's index once the block has
        changed the rows (None: the row is gone)."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        rows = [self._visible[index.row()] for index in before]
        yield
        self._regroup()
        after = []
        for index, row in zip(before, rows):
            row = renumbered(row) if renumbered is not None else row
            place = -1 if row is None else self._visible_place(row)
            shown = 0 <= place < len(self._visible) and self._visible[place] == row
            after.append(self.index(place, index.column()) if shown else QModelIndex())
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _visible_place(self, row: int) -> int:
        """The place of ``row`` among the rows shown (where it would go if hidden)."""
        return self._sorted_place(self._visible, row)

    def _sorted_place(self, indices: list[int], row: int) -> int:
        """Where ``row`` stands in ``indices``, rows in the list's order (:attr:`_order`):
        a binary search, 17 steps among 100,000 rows."""
        keys, descending = self._keys, self._descending
        key = keys[row] if keys is not None else None
        low, high = 0, len(indices)
        while low < high:
            middle = (low + high) // 2
            other = indices[middle]
            if keys is None or keys[other] == key:
                before = other < row
            else:
                before = keys[other] > key if descending else keys[other] < key
            if before:
                low = middle + 1
            else:
                high = middle
        return low

    def _regroup(self) -> None:
        """The groups of the rows now visible, set before the views hear of them."""
        grouping = self.grouping
        grouped = (grouping is not None and self._sort is not None
                   and self._sort[0] == grouping.column)
        self._groups = grouping.starts(self.visible_rows(), self._rows) if grouped else {}

    def _recount_groups(self) -> None:
        """Rows came in that the search or filters hide: the groups shown are the same,
        but their totals (« 2 sur 5 actions ») grew."""
        if self._groups:
            self._regroup()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._visible) - 1,
                                                               len(self.columns) - 1))

    def _filtered(self, order: list[int], needles: list[str] | None = None,
                  predicates: Sequence[Callable[[Any], bool]] = ()) -> list[int]:
        """``order`` narrowed by each word in turn (one plain comprehension per word: the
        fastest loop Python has) and then by each predicate."""
        if needles is None:
            needles, predicates = self._needles, self._predicates
        hay = self._haystacks
        kept = list(order)
        for needle in needles:
            kept = [i for i in kept if needle in hay[i]]
        rows = self._rows
        for predicate in predicates:
            kept = [i for i in kept if predicate(rows[i])]
        return kept


class RowProxyModel(QSortFilterProxyModel):
    """Standard proxy for the views; sorting is done by the source model's precomputed keys."""

    def __init__(self, source: RowTableModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def row_object(self, index: QModelIndex) -> Any:
        return self.sourceModel().row(self.mapToSource(index).row()) if index.isValid() else None

    def group_at(self, row: int) -> Group | None:
        """The group whose first row is ``row`` (see :meth:`RowTableModel.group_at`)."""
        return self.sourceModel().group_at(self.mapToSource(self.index(row, 0)).row())

    def groups(self) -> list[Group]:
        return self.sourceModel().groups()
