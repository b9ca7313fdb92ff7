"""Small widgets shared by the screens."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QListView,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from pexdesk.ui.models.editable import EditableRecordsModel


class ErrorLabel(QLabel):
    """Inline French validation messages, hidden while there are none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("errorLabel")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setAccessibleName(self.tr("Erreurs de saisie"))
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        self.setText("\n".join(messages))
        self.setVisible(bool(messages))

    def clear_messages(self) -> None:
        self.show_messages([])


class RecordsTable(QWidget):
    """An editable sub-table with « Ajouter » / « Retirer » buttons, inside a form."""

    changed = Signal()

    def __init__(self, model: EditableRecordsModel, add_text: str, remove_text: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.view = QTableView()
        self.view.setModel(model)
        self.view.setMinimumHeight(120)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(remove_text)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_current)
        model.edited.connect(self.changed.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def add(self) -> None:
        index = self.model.add_blank()
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    def remove_current(self) -> None:
        self.model.remove(self.view.currentIndex().row())


class LinesView(QListView):
    """A read-only list of lines (a journal, a preview) on a model, not a QListWidget."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lines_model = QStringListModel(self)
        self.setModel(self.lines_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)

    def set_lines(self, lines: list[str]) -> None:
        self.lines_model.setStringList(list(lines))

    def lines(self) -> list[str]:
        return self.lines_model.stringList()
