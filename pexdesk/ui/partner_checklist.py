"""Pick partners (meeting attendees, action leads) from a searchable, checkable list."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

ID_ROLE = Qt.ItemDataRole.UserRole


class PartnerChecklist(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filtrer les partenaires…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setMinimumHeight(140)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        layout.addWidget(self.summary)
        self._filling = False
        self.model.itemChanged.connect(self._item_changed)

    def set_partners(self, choices: list[tuple[int, str, str]], checked: set[int]) -> None:
        """List every partner, those already chosen first, so they are seen at a glance."""
        self._filling = True  # not blockSignals: the proxy and view must see the new rows
        self.model.clear()
        for partner_id, name, category in sorted(choices, key=lambda c: c[0] not in checked):
            item = QStandardItem(f"{name} — {category}")
            item.setToolTip(f"{name}\n{category}")
            item.setData(partner_id, ID_ROLE)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if partner_id in checked
                               else Qt.CheckState.Unchecked)
            self.model.appendRow(item)
        self._filling = False
        self.search.clear()
        self._update_summary()

    def checked_ids(self) -> list[int]:
        return [self.model.item(row).data(ID_ROLE) for row in range(self.model.rowCount())
                if self.model.item(row).checkState() == Qt.CheckState.Checked]

    def set_checked(self, partner_id: int, checked: bool = True) -> None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.data(ID_ROLE) == partner_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _item_changed(self, item: QStandardItem) -> None:
        if self._filling:
            return
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        count = len(self.checked_ids())
        self.summary.setText(self.tr("{0} partenaire(s) sélectionné(s)").format(count))
