"""Pick records from a searchable, checkable list: a meeting's attendees and the roadmap
actions it dealt with, an action's pilots.

The model keeps the choices' lists and the order of its rows instead of one item object
per choice: showing a meeting on a base of 10,000 partners then costs putting its
attendees first, not 10,000 items built, nor the names read and folded again. What is
offered comes from a :class:`Choices`, read by the subclass (the partners on a loading
thread, the actions at once).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from itertools import filterfalse
from typing import NamedTuple, Protocol

from PySide6.QtCore import (QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize,
                            QSortFilterProxyModel, Qt, Signal)
from PySide6.QtWidgets import (QApplication, QLabel, QLineEdit, QListView, QStyledItemDelegate,
                               QVBoxLayout, QWidget)

from pexdesk.core.formatting import plural
from pexdesk.core.text import fold
from pexdesk.ui.widgets import bring_into_view, keyboard_friendly_list

ID_ROLE = Qt.ItemDataRole.UserRole
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1
"""What the filter matches (:attr:`Choices.folded`)."""

Index = QModelIndex | QPersistentModelIndex


class Choices(Protocol):
    """What a checklist offers, in its order; the lists run in step."""

    ids: list[int]
    folded: list[str]
    """Each choice's words without accents or capitals: what a filter matches
    (« prefecture » finds « Préfecture du Gers », as the lists' search does)."""
    places: dict[int, int]
    """Each id's place in the lists."""

    def text(self, place: int) -> str:
        """The line the list shows."""

    def tooltip(self, place: int) -> str:
        """The whole of it, for a line cut at the list's edge."""


class ChoiceModel(QAbstractListModel):
    """The choices, each with a check box; those checked when the record was shown come
    first, so they are seen at a glance."""

    toggled = Signal()
    """The user checked or unchecked a choice."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._choices: Choices | None = None
        """None until they are read."""
        self._order: list[int] = []
        """Each row's place in :attr:`_choices`."""
        self._checked: set[int] = set()
        """The ids checked, those deleted since included: neither listed nor saved while
        they are gone, checked again if their deletion is undone."""
        self._unchecked: set[int] = set()
        """The ids the user unchecked since the record was shown."""

    def set_choices(self, choices: Choices) -> None:
        """The choices as now read; those checked that are gone (deleted) are no longer
        listed nor counted."""
        self._choices = choices
        self._arrange()

    def set_checked_ids(self, checked: Iterable[int]) -> None:
        """A record's own, checked, and first in the list."""
        self._checked = set(checked)
        self._unchecked = set()
        self._arrange()

    def check_stored(self, stored: Iterable[int]) -> None:
        """The record's own as the base now has them: those put back (a deletion undone)
        are checked again, unless the user unchecked them."""
        added = set(stored) - self._checked - self._unchecked
        if added:
            self._checked |= added
            self._arrange()

    def _arrange(self) -> None:
        places = self._choices.places if self._choices is not None else {}
        first = sorted(places[choice] for choice in self._checked if choice in places)
        self.beginResetModel()
        self._order = first + list(filterfalse(set(first).__contains__,
                                               range(len(places))))
        self.endResetModel()

    def checked_ids(self) -> list[int]:
        """The ids checked, those deleted since included (see :attr:`_checked`): a record's
        own before the choices come in, so that saving it meanwhile keeps them."""
        return sorted(self._checked)

    def set_checked(self, choice: int, checked: bool) -> None:
        place = self._choices.places.get(choice) if self._choices is not None else None
        if place is not None:
            self._set_row_checked(self._order.index(place), checked)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._order)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._choices is None:
            return None
        choices, place = self._choices, self._order[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return choices.text(place)
        if role == Qt.ItemDataRole.ToolTipRole:
            return choices.tooltip(place)
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if choices.ids[place] in self._checked
                    else Qt.CheckState.Unchecked)
        if role == ID_ROLE:
            return choices.ids[place]
        if role == FOLDED_ROLE:
            return choices.folded[place]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        self._set_row_checked(index.row(), Qt.CheckState(value) == Qt.CheckState.Checked)
        self.toggled.emit()
        return True

    def _set_row_checked(self, row: int, checked: bool) -> None:
        choice = self._choices.ids[self._order[row]]
        if checked:
            self._checked.add(choice)
            self._unchecked.discard(choice)
        else:
            self._checked.discard(choice)
            self._unchecked.add(choice)
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])

    def checked_count(self) -> int:
        """The choices listed checked; before the choices come in, the record's own."""
        if self._choices is None:
            return len(self._checked)
        return sum(choice in self._choices.places for choice in self._checked)


class FitWidthDelegate(QStyledItemDelegate):
    """Rows as wide as the list, their text cut with « … » (the whole in the tooltip):
    in a narrow form, « Agence … — Professio » needed sideways scrolling."""

    def sizeHint(self, option, index) -> QSize:
        return QSize(0, super().sizeHint(option, index).height())


class Words(NamedTuple):
    """What a checklist calls its choices, in French."""

    filter_hint: str
    """« Filtrer les partenaires… », in the empty filter."""
    filter_name: str
    """The filter's accessible name."""
    selected: tuple[str, str]
    """« partenaire sélectionné », « partenaires sélectionnés », after a count."""
    none_matches: str
    """« aucun partenaire ne correspond à « {0} » »."""


class Checklist(QWidget):
    changed = Signal()
    """The user changed the selection (not when a record fills the list)."""

    def __init__(self, stored: Callable[[sqlite3.Connection], Iterable[int]],
                 existing: Callable[[sqlite3.Connection, list[int]], list[int]],
                 parent: QWidget | None = None):
        """``stored`` reads the ids the record shown has in the base (none for a record not
        saved yet); ``existing`` keeps those of some ids the base still holds."""
        super().__init__(parent)
        self._stored = stored
        self._existing = existing
        words = self.words()
        self._selected, self._none_matches = words.selected, words.none_matches
        self.model = self.make_model()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(FOLDED_ROLE)
        self.search = QLineEdit()
        self.search.setPlaceholderText(words.filter_hint)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(words.filter_name)
        self.search.textChanged.connect(self._filter)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setUniformItemSizes(True)
        self.view.setItemDelegate(FitWidthDelegate(self.view))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        keyboard_friendly_list(self.view)
        self.view.setMinimumHeight(140)
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # « 12 partenaires sélectionnés : 5 à voix… » at 150 %
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        layout.addWidget(self.summary)
        # Its label's Alt+letter goes to the filter: typing a few letters is how a choice
        # is found among dozens.
        self.setFocusProxy(self.search)
        self.model.toggled.connect(self._toggled)
        self._update_summary()
        QApplication.instance().focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The filter, the list and the count in view as the focus enters: Alt+letter
        showed the filter at the foot of the form, the list out of sight below it."""
        if new is not None and self.isAncestorOf(new):
            bring_into_view(self, new)

    def words(self) -> Words:
        raise NotImplementedError

    def make_model(self) -> ChoiceModel:
        """The model of the choices: one holding more about each (a voice) for a subclass."""
        return ChoiceModel(self)

    def show_choices(self, choices: Choices) -> None:
        """The choices as read again: what is checked and the filter typed stay."""
        self.model.set_choices(choices)
        self._update_summary()

    def show_checked(self, checked: Iterable[int]) -> None:
        """A record's own, checked and listed first; the filter is cleared (first: the
        rows are then listed without 10,000 of them filtered)."""
        self.search.clear()
        self.model.set_checked_ids(checked)
        self._update_summary()

    def check_stored(self, con: sqlite3.Connection) -> None:
        """The record's own as the base now has them, checked again once put back (a
        deletion undone), even in a form holding unsaved changes: their save would have
        stored the record without them."""
        self.model.check_stored(self._stored(con))
        self._update_summary()

    def checked_ids(self, con: sqlite3.Connection) -> list[int]:
        """The ids checked that the base holds: one deleted since it was checked is not
        saved (it is no longer listed), one put back by an undo is."""
        return self._existing(con, self.model.checked_ids())

    def set_checked(self, choice: int, checked: bool = True) -> None:
        self.model.set_checked(choice, checked)
        self._toggled()

    def _toggled(self) -> None:
        self._update_summary()
        self.changed.emit()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(fold(text))
        self._update_summary()

    def selection_detail(self) -> str:
        """What a subclass says of the choices checked, after their count."""
        return ""

    def _update_summary(self) -> None:
        text = plural(self.model.checked_count(), *self._selected) + self.selection_detail()
        typed = self.search.text().strip()
        if typed and not self.proxy.rowCount():
            text += " · " + self._none_matches.format(typed)
        self.summary.setText(text)
