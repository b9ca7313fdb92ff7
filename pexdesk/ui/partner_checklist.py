"""Pick partners (meeting attendees, action leads) from a searchable, checkable list.

The list is filled again each time a record is shown in the form, so its model keeps
plain tuples and a set of checked ids instead of one item object per partner: showing a
meeting on a base of 10,000 partners then costs a sort, not 10,000 items built.
"""

from __future__ import annotations

from PySide6.QtCore import (QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize,
                            QSortFilterProxyModel, Qt, Signal)
from PySide6.QtWidgets import (QLabel, QLineEdit, QListView, QStyledItemDelegate, QVBoxLayout,
                               QWidget)

from pexdesk.core.formatting import plural
from pexdesk.core.text import fold
from pexdesk.ui.widgets import keyboard_friendly_list

ID_ROLE = Qt.ItemDataRole.UserRole
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1
"""Name and category without accents or capitals: what the filter matches (« prefecture »
finds « Préfecture du Gers », as the lists' search does)."""

Index = QModelIndex | QPersistentModelIndex


class PartnerChoiceModel(QAbstractListModel):
    """Partners as ``(id, name, category)`` rows, each with a check box."""

    toggled = Signal()
    """The user checked or unchecked a partner."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[int, str, str]] = []
        self._folded: list[str] = []
        self._checked: set[int] = set()

    def set_choices(self, choices: list[tuple[int, str, str]], checked: set[int]) -> None:
        """Every partner, those already chosen first, so they are seen at a glance."""
        self.beginResetModel()
        self._rows = sorted(choices, key=lambda choice: choice[0] not in checked)
        self._folded = [fold(f"{name} {category}") for _, name, category in self._rows]
        self._checked = {choice[0] for choice in self._rows if choice[0] in checked}
        self.endResetModel()

    def checked_ids(self) -> list[int]:
        return [partner_id for partner_id, _, _ in self._rows if partner_id in self._checked]

    def set_checked(self, partner_id: int, checked: bool) -> None:
        row = next((n for n, choice in enumerate(self._rows) if choice[0] == partner_id), None)
        if row is not None:
            self._set_row_checked(row, checked)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        partner_id, name, category = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{name} — {category}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{name}\n{category}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if partner_id in self._checked
                    else Qt.CheckState.Unchecked)
        if role == ID_ROLE:
            return partner_id
        if role == FOLDED_ROLE:
            return self._folded[index.row()]
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
        partner_id = self._rows[row][0]
        if checked:
            self._checked.add(partner_id)
        else:
            self._checked.discard(partner_id)
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])


class FitWidthDelegate(QStyledItemDelegate):
    """Rows as wide as the list, their text cut with « … » (the whole in the tooltip):
    in a narrow form, « Agence … — Professio » needed sideways scrolling."""

    def sizeHint(self, option, index) -> QSize:
        return QSize(0, super().sizeHint(option, index).height())


class PartnerChecklist(QWidget):
    changed = Signal()
    """The user changed the selection (not when a record fills the list)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
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

    def set_partners(self, choices: list[tuple[int, str, str]], checked: set[int]) -> None:
        self.model.set_choices(choices, checked)
        self.search.clear()
        self._update_summary()

    def checked_ids(self) -> list[int]:
        return self.model.checked_ids()

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
        count = len(self.model.checked_ids())
        text = plural(count, self.tr("partenaire sélectionné"),
                      self.tr("partenaires sélectionnés"))
        if self.search.text().strip() and not self.proxy.rowCount():
            text += self.tr(" · aucun partenaire ne correspond à « {0} »").format(
                self.search.text().strip())
        self.summary.setText(text)
