"""Pick partners (meeting attendees, action leads) from a searchable, checkable list.

The partners come from the session's directory (:mod:`pexdesk.ui.partner_names`), read
once on a loading thread; showing a record only checks its own partners. The model keeps
the directory's lists and the order of its rows instead of one item object per partner:
showing a meeting on a base of 10,000 partners then costs putting its attendees first,
not 10,000 items built, nor the partners read and folded again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from itertools import filterfalse

from PySide6.QtCore import (QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize,
                            QSortFilterProxyModel, Qt, Signal)
from PySide6.QtWidgets import (QLabel, QLineEdit, QListView, QStyledItemDelegate, QVBoxLayout,
                               QWidget)

from pexdesk.core.formatting import plural
from pexdesk.core.repositories import partners
from pexdesk.core.text import fold
from pexdesk.ui.partner_names import PartnerDirectory, PartnerNames, ShowsPartners
from pexdesk.ui.widgets import keyboard_friendly_list

ID_ROLE = Qt.ItemDataRole.UserRole
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1
"""What the filter matches (:attr:`PartnerNames.folded`)."""

Index = QModelIndex | QPersistentModelIndex

NO_PARTNERS = PartnerNames([], [], [], [], [], {}, {})


class PartnerChoiceModel(QAbstractListModel):
    """The directory's partners, each with a check box; those checked when the record was
    shown come first, so they are seen at a glance."""

    toggled = Signal()
    """The user checked or unchecked a partner."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._names = NO_PARTNERS
        self._order: list[int] = []
        """Each row's place in :attr:`_names`."""
        self._checked: set[int] = set()
        """The partners checked, those deleted since included: neither listed nor saved
        while they are gone, checked again if their deletion is undone."""
        self._unchecked: set[int] = set()
        """The partners the user unchecked since the record was shown."""

    def set_names(self, names: PartnerNames) -> None:
        """The partners as now read; those checked that are gone (deleted) are no longer
        listed nor counted."""
        self._names = names
        self._arrange()

    def set_checked_ids(self, checked: Iterable[int]) -> None:
        """A record's partners, checked, and first in the list."""
        self._checked = set(checked)
        self._unchecked = set()
        self._arrange()

    def check_stored(self, stored: Iterable[int]) -> None:
        """The record's partners as the base now has them: those put back with a partner
        (its deletion undone) are checked again, unless the user unchecked them."""
        added = set(stored) - self._checked - self._unchecked
        if added:
            self._checked |= added
            self._arrange()

    def _arrange(self) -> None:
        places = self._names.places
        first = sorted(places[partner_id] for partner_id in self._checked
                       if partner_id in places)
        self.beginResetModel()
        self._order = first + list(filterfalse(set(first).__contains__,
                                               range(len(self._names.ids))))
        self.endResetModel()

    def checked_ids(self) -> list[int]:
        """The partners checked, those deleted since included (see :attr:`_checked`): a
        record's own before the names come in, so that saving it meanwhile keeps them."""
        return sorted(self._checked)

    def set_checked(self, partner_id: int, checked: bool) -> None:
        place = self._names.places.get(partner_id)
        if place is not None:
            self._set_row_checked(self._order.index(place), checked)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._order)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        names, place = self._names, self._order[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{names.names[place]} — {names.categories[place]}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{names.names[place]}\n{names.categories[place]}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if names.ids[place] in self._checked
                    else Qt.CheckState.Unchecked)
        if role == ID_ROLE:
            return names.ids[place]
        if role == FOLDED_ROLE:
            return names.folded[place]
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
        partner_id = self._names.ids[self._order[row]]
        if checked:
            self._checked.add(partner_id)
            self._unchecked.discard(partner_id)
        else:
            self._checked.discard(partner_id)
            self._unchecked.add(partner_id)
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])

    def checked_count(self) -> int:
        """The partners listed checked; before the names come in, the record's own."""
        if self._names is NO_PARTNERS:
            return len(self._checked)
        return sum(partner_id in self._names.places for partner_id in self._checked)


class FitWidthDelegate(QStyledItemDelegate):
    """Rows as wide as the list, their text cut with « … » (the whole in the tooltip):
    in a narrow form, « Agence … — Professio » needed sideways scrolling."""

    def sizeHint(self, option, index) -> QSize:
        return QSize(0, super().sizeHint(option, index).height())


class PartnerChecklist(ShowsPartners, QWidget):
    changed = Signal()
    """The user changed the selection (not when a record fills the list)."""

    def __init__(self, directory: PartnerDirectory,
                 stored: Callable[[sqlite3.Connection], Iterable[int]],
                 parent: QWidget | None = None):
        """``stored`` reads the partners the record shown has in the base (none for a
        record not saved yet)."""
        super().__init__(parent)
        self._stored = stored
        self.model = PartnerChoiceModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(FOLDED_ROLE)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filtrer les partenaires…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Filtrer les partenaires"))
        self.search.textChanged.connect(self._filter)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setUniformItemSizes(True)
        self.view.setItemDelegate(FitWidthDelegate(self.view))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        keyboard_friendly_list(self.view)
        self.view.setMinimumHeight(140)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        layout.addWidget(self.summary)
        # Its label's Alt+letter goes to the filter: typing a few letters is how a partner
        # is found among dozens.
        self.setFocusProxy(self.search)
        self.model.toggled.connect(self._toggled)
        self._update_summary()
        self.follow_partners(directory)

    def show_partners(self, names: PartnerNames) -> None:
        """The partners as read again: what is checked and the filter typed stay."""
        self.model.set_names(names)
        self._update_summary()

    def show_checked(self, checked: Iterable[int]) -> None:
        """A record's partners, checked and listed first; the filter is cleared (first: the
        rows are then listed without 10,000 of them filtered)."""
        self.search.clear()
        self.model.set_checked_ids(checked)
        self._update_summary()

    def checked_ids(self, con: sqlite3.Connection) -> list[int]:
        """The partners checked that the base holds: one deleted since it was checked is
        not saved (it is no longer listed), one put back by an undo is."""
        return partners.existing(con, self.model.checked_ids())

    def _partners_outdated(self) -> None:
        """The partner table changed: a partner whose deletion was undone is back among the
        record's partners in the base, and checked again here, even in a form holding
        unsaved changes (their save would have stored the record without it)."""
        self.model.check_stored(self._stored(self.directory.session.con))
        self._update_summary()
        super()._partners_outdated()

    def set_checked(self, partner_id: int, checked: bool = True) -> None:
        self.model.set_checked(partner_id, checked)
        self._toggled()

    def _toggled(self) -> None:
        self._update_summary()
        self.changed.emit()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(fold(text))
        self._update_summary()

    def _update_summary(self) -> None:
        count = self.model.checked_count()
        text = plural(count, self.tr("partenaire sélectionné"),
                      self.tr("partenaires sélectionnés"))
        if self.search.text().strip() and not self.proxy.rowCount():
            text += self.tr(" · aucun partenaire ne correspond à « {0} »").format(
                self.search.text().strip())
        self.summary.setText(text)
