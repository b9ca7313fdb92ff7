"""One table model for every list, fast on 100,000 rows.

Rows are plain Python objects; columns say how to show and sort them. Search
and sort run in Python over precomputed keys (a few tens of milliseconds for
100,000 rows) instead of through Qt calling back into Python once per row and
per comparison, which takes seconds at that size. The proxy keeps the standard
model/view contract (views, selection mapping) and forwards sorting here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt)
from PySide6.QtGui import QBrush

from pexdesk.core.formatting import format_number
from pexdesk.core.text import fold
from pexdesk.ui.models.groups import Group, Grouping

ROW_ROLE = Qt.ItemDataRole.UserRole
"""The row object behind an index."""

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


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    """The raw value; shown with :func:`display_text` unless ``text`` is given."""
    text: Callable[[Any], str] | None = None
    tooltip: Callable[[Any], str] | None = None
    numeric: bool = False

    def shown(self, row: Any) -> str:
        return self.text(row) if self.text else display_text(self.value(row))


class RowTableModel(QAbstractTableModel):
    """All rows in memory, a visible subset in sort order, grouped by ``grouping`` while
    sorted by its column."""

    def __init__(self, columns: Sequence[Column], search_text: Callable[[Any], str],
                 highlight: Callable[[Any], QBrush | None] | None = None,
                 grouping: Grouping | None = None, parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._search_text = search_text
        self._highlight = highlight
        self.grouping = grouping
        self._groups: dict[int, Group] = {}
        """The group starting at each visible row (see :meth:`group_at`)."""
        self._rows: list[Any] = []
        self._haystacks: list[str] = []
        self._keys: list[tuple] | None = None
        """The sort key of each row under :attr:`sort_state` (None: not sorted)."""
        self._order: list[int] = []
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
        if not index.isValid():
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
        self._sort = (column, order)
        self._order = self._sorted_order()
        self._relayout(self._filtered(self._order))

    # ---- Content

    def set_rows(self, rows: Sequence[Any], haystacks: Sequence[str] | None = None,
                 sort_keys: tuple[Sort, list[tuple] | None] | None = None) -> None:
        """Show ``rows``; ``haystacks`` are their folded search texts and ``sort_keys`` the
        :meth:`sort_keys` of the sort they were computed for, when the caller made them
        already (on a loading thread: for 100,000 rows, folding the texts here would
        freeze the window for seconds, and the keys for a tenth of a second)."""
        self.beginResetModel()
        self._rows = list(rows)
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
            self._relayout(self._merged(self._visible, shown))

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

    def _relayout(self, visible: list[int]) -> None:
        """Show ``visible`` instead of the rows shown, the selection following its rows."""
        self.layoutAboutToBeChanged.emit()
        places = {row: place for place, row in enumerate(visible)}
        before = self.persistentIndexList()
        moved = [(places[self._visible[index.row()]], index.column()) for index in before]
        self._visible = visible
        self._regroup()
        self.changePersistentIndexList(before, [self.index(*place) for place in moved])
        self.layoutChanged.emit()

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
