"""A small editable table of records inside a form (a partner's contacts, a meeting's
follow-up items). Edits stay in memory until the form is saved as a whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal


class EditableColumn(NamedTuple):
    attribute: str
    header: str
    to_text: Callable[[Any], str] = lambda value: "" if value is None else str(value)
    from_text: Callable[[str], Any] = str.strip
    checkable: bool = False
    read_at_save: bool = False
    """A text typed that does not read (a partner's name that names none) stays in the cell
    as typed, for the form to refuse when saved (:meth:`EditableRecordsModel.read_unread`),
    instead of being refused at once: what it is read against (the partners' names, read
    on a loading thread) may come in or change before then."""


class EditableRecordsModel(QAbstractTableModel):
    edited = Signal()
    refused = Signal(str)
    """A typed value that could not be read (« 31/02/2025 »): its French message; the cell
    keeps its previous value."""

    def __init__(self, columns: list[EditableColumn], make_blank: Callable[[], Any], parent=None):
        super().__init__(parent)
        self.columns = columns
        self._make_blank = make_blank
        self._records: list[Any] = []
        self._unread: list[dict[int, str]] = []
        """Each record's texts typed in a column :attr:`EditableColumn.read_at_save` that do
        not read, by column: shown instead of the record's value."""

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index):
        column = self.columns[index.column()]
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | (Qt.ItemFlag.ItemIsUserCheckable if column.checkable
                       else Qt.ItemFlag.ItemIsEditable)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = getattr(self._records[index.row()], column.attribute)
        if column.checkable:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        text = self._unread[index.row()].get(index.column())
        if text is None:
            text = column.to_text(value)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole of a text a narrow column cuts
            return text or None
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        if column.checkable and role == Qt.ItemDataRole.CheckStateRole:
            new = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole:
            try:
                new = column.from_text(str(value))
            except ValueError as exc:
                if column.read_at_save:
                    return self._keep_unread(index, str(value))
                self.refused.emit(self.tr("{0} : {1} La valeur précédente est gardée.").format(
                    column.header, exc))
                return False
        else:
            return False
        unread = self._unread[index.row()].pop(index.column(), None)
        record = self._records[index.row()]
        if getattr(record, column.attribute) == new and unread is None:
            return False
        self._records[index.row()] = replace(record, **{column.attribute: new})
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def _keep_unread(self, index: QModelIndex, text: str) -> bool:
        if self._unread[index.row()].get(index.column()) == text:
            return False
        self._unread[index.row()][index.column()] = text
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def read_unread(self) -> list[tuple[int, str]]:
        """The texts typed that still do not read, as (row number from 1, the French
        message of the column's ``from_text``), in the rows' order; those that now read
        take their place in their record, as if typed now."""
        problems = []
        for row, typed in enumerate(self._unread):
            for column_number, text in sorted(typed.items()):
                column = self.columns[column_number]
                try:
                    value = column.from_text(text)
                except ValueError as exc:
                    problems.append((row + 1, str(exc)))
                    continue
                del typed[column_number]
                self.put(row, column.attribute, value)
        return problems

    def put(self, row: int, attribute: str, value: Any) -> None:
        """Set a value that is no edit of the user's (what the base now holds, a text
        typed before now read): shown, the form not marked modified by it."""
        self._records[row] = replace(self._records[row], **{attribute: value})
        cell = self.index(row, self.column_of(attribute))
        self.dataChanged.emit(cell, cell)

    def texts_changed(self, attribute: str) -> None:
        """The column of ``attribute`` reads its values otherwise now (the partners' names
        came in, or one was renamed): every cell of it is shown again."""
        column = self.column_of(attribute)
        if self._records:
            self.dataChanged.emit(self.index(0, column),
                                  self.index(len(self._records) - 1, column))

    def column_of(self, attribute: str) -> int:
        return next(n for n, column in enumerate(self.columns) if column.attribute == attribute)

    def set_records(self, records: list[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._unread = [{} for _ in self._records]
        self.endResetModel()

    def records(self) -> list[Any]:
        return list(self._records)

    def filled_records(self, filled: Callable[[Any], bool]) -> tuple[list[Any], list[int]]:
        """The records ``filled`` keeps (blank rows left out) and the row number each one
        has on screen (from 1): a message about the 4th record kept must name the row the
        user sees, the 5th when a blank row comes before it."""
        kept = [(number, record) for number, record in enumerate(self._records, start=1)
                if filled(record)]
        return [record for _, record in kept], [number for number, _ in kept]

    def add_blank(self) -> QModelIndex:
        row = len(self._records)
        self.beginInsertRows(QModelIndex(), row, row)
        self._records.append(self._make_blank())
        self._unread.append({})
        self.endInsertRows()
        self.edited.emit()
        return self.index(row, 0)

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._records):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._records[row]
            del self._unread[row]
            self.endRemoveRows()
            self.edited.emit()
