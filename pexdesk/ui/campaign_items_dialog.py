"""« Questions… »: the items of a campaign, added, renamed, reordered or removed.

Only while the campaign has no response: once a questionnaire is keyed in or
imported, its questions are fixed (the core refuses, and the buttons here are
disabled with the reason). Each change is one undoable action: the campaign's
snapshot, which holds its items, is taken before and after.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QLabel,
                               QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget)

from pexdesk.core.domain.models import Campaign, CampaignItem
from pexdesk.core.errors import PexdeskError, ValidationError
from pexdesk.core.repositories import feedback, mapper
from pexdesk.core.services.snapshots import capture
from pexdesk.ui.commands import RecordCommand
from pexdesk.ui.dialog_buttons import close_buttons
from pexdesk.ui.session import Session
from pexdesk.ui.widgets import ErrorLabel


class CampaignItemsModel(QAbstractListModel):
    """The campaign's items in questionnaire order, shown « 3. Animation des partenariats »."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[CampaignItem] = []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{item.position}. {item.label_text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.label_text + (f" ({item.code})" if item.code else "")
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None

    def set_items(self, items: list[CampaignItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def row_of(self, item_id: int | None) -> int:
        return next((row for row, item in enumerate(self.items) if item.id == item_id), -1)


class ItemsCommand(RecordCommand):
    """Undo/redo of a change to a campaign's questions.

    Restoring the campaign's snapshot re-creates the campaign row, and deleting that
    row would take the campaign's responses with it: once responses exist (keyed in
    after the change, or imported, which is not on the undo stack), the command does
    nothing and leaves the stack rather than lose them."""

    def _safe(self) -> bool:
        if feedback.has_responses(self.session.con, self.before.record_id):
            self.setObsolete(True)
            return False
        return True

    def redo(self) -> None:
        if self._applied or self._safe():  # the first redo (push) has nothing to do
            super().redo()

    def undo(self) -> None:
        if self._safe():
            super().undo()


class CampaignItemsDialog(QDialog):
    """The list of questions with Ajouter / Renommer / Monter / Descendre / Supprimer."""

    def __init__(self, session: Session, undo_stack: QUndoStack, campaign_id: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.undo_stack = undo_stack
        self.campaign_id = campaign_id
        campaign = mapper.get(session.con, Campaign, campaign_id)
        self.setWindowTitle(self.tr("Questions de la campagne « {0} »").format(campaign.name))

        intro = QLabel(self.tr("Chaque question est notée de 1 à 5, ou « non concerné ». "
                               "L'appréciation globale de la mission est toujours posée en "
                               "premier et ne figure pas dans cette liste."))
        intro.setWordWrap(True)
        self.model = CampaignItemsModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Questions"))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName(self.tr("Libellé de la question"))
        self.label_edit.setPlaceholderText(self.tr("Libellé de la question (Entrée : ajouter)"))
        self.label_edit.textChanged.connect(self._update_buttons)
        self.label_edit.returnPressed.connect(self._return_pressed)
        label = QLabel(self.tr("&Libellé :"))
        label.setBuddy(self.label_edit)

        self.add_button = QPushButton(self.tr("&Ajouter"))
        self.add_button.setToolTip(self.tr("Ajoute le libellé saisi en fin de questionnaire"))
        self.rename_button = QPushButton(self.tr("&Renommer"))
        self.rename_button.setToolTip(self.tr("Donne le libellé saisi à la question choisie"))
        self.up_button = QPushButton(self.tr("&Monter"))
        self.down_button = QPushButton(self.tr("&Descendre"))
        self.delete_button = QPushButton(self.tr("&Supprimer"))
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.up_button.clicked.connect(lambda: self.move("up"))
        self.down_button.clicked.connect(lambda: self.move("down"))
        self.delete_button.clicked.connect(self.delete)

        self.locked_label = QLabel()
        self.locked_label.setObjectName("lockedReason")
        self.locked_label.setWordWrap(True)
        self.locked_label.hide()
        self.errors = ErrorLabel()

        buttons = QVBoxLayout()
        for button in (self.add_button, self.rename_button, self.up_button, self.down_button,
                       self.delete_button):
            button.setAutoDefault(False)  # Entrée in the label must not press them
            buttons.addWidget(button)
        buttons.addStretch()
        middle = QHBoxLayout()
        middle.addWidget(self.view, 1)
        middle.addLayout(buttons)
        edit_row = QHBoxLayout()
        edit_row.addWidget(label)
        edit_row.addWidget(self.label_edit, 1)
        close = close_buttons(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.locked_label)
        layout.addLayout(middle, 1)
        layout.addLayout(edit_row)
        layout.addWidget(self.errors)
        layout.addWidget(close)
        self.resize(620, 420)

        self.locked = False
        session.changed.connect(self._on_changed)
        self.reload()

    # ---- State

    def current_item(self) -> CampaignItem | None:
        index = self.view.currentIndex()
        return self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def reload(self, select: int | None = None) -> None:
        """Read the items again (after a change here, or an undo), keeping the selection."""
        con = self.session.con
        if select is None:
            current = self.current_item()
            select = current.id if current else None
        try:
            mapper.get(con, Campaign, self.campaign_id)
        except PexdeskError:  # the campaign's creation was undone
            self.model.set_items([])
            self.locked = True
            self.locked_label.setText(self.tr("Cette campagne n'existe plus."))
            self.locked_label.show()
            self._update_buttons()
            return
        self.model.set_items(feedback.items_of(con, self.campaign_id))
        self.locked = feedback.has_responses(con, self.campaign_id)
        self.locked_label.setText(self.tr(
            "La campagne a déjà des réponses : ses questions ne peuvent plus être modifiées "
            "(elles doivent rester celles auxquelles les partenaires ont répondu)."))
        self.locked_label.setVisible(self.locked)
        self.label_edit.setReadOnly(self.locked)
        row = self.model.row_of(select)
        if row >= 0:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._update_buttons()

    def _on_changed(self, table: str) -> None:
        if table in ("campaign", "campaign_item", "response") and self.isVisible():
            self.reload()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.data(current, Qt.ItemDataRole.UserRole) if current.isValid() else None
        if item is not None:
            self.label_edit.setText(item.label_text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.current_item()
        row = self.view.currentIndex().row() if item else -1
        text = self.label_edit.text().strip()
        editable = not self.locked
        self.add_button.setEnabled(editable and bool(text))
        self.rename_button.setEnabled(editable and item is not None and bool(text)
                                      and text != item.label_text)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < self.model.rowCount() - 1)
        self.delete_button.setEnabled(editable and item is not None)

    # ---- Changes

    def _change(self, text: str, action: Callable, select: Callable[[object], int | None]) -> bool:
        """Run one change as an undoable action; show the French refusal if there is one."""
        session = self.session
        before = capture(session.con, "campaign", self.campaign_id)
        try:
            result = session.write("campaign_item", action)
        except ValidationError as error:
            self.errors.show_messages([e.message for e in error.errors])
            self.reload()
            return False
        except PexdeskError as error:
            self.errors.show_messages([str(error)])
            self.reload()
            return False
        self.errors.clear_messages()
        self.undo_stack.push(ItemsCommand(session, text, before,
                                          capture(session.con, "campaign", self.campaign_id)))
        self.reload(select=select(result))
        return True

    def add(self) -> None:
        label = self.label_edit.text().strip()
        if self.locked or not label:
            return
        if self._change(self.tr("l'ajout d'une question"),
                        lambda con: feedback.add_item(con, self.campaign_id, label),
                        lambda added: added.id):
            self.label_edit.selectAll()

    def rename(self) -> None:
        item = self.current_item()
        label = self.label_edit.text().strip()
        if self.locked or item is None or not label:
            return
        self._change(self.tr("le changement de libellé d'une question"),
                     lambda con: feedback.rename_item(con, item.id, label),
                     lambda renamed: renamed.id)

    def move(self, where: str) -> None:
        item = self.current_item()
        if self.locked or item is None:
            return
        self._change(self.tr("le déplacement d'une question"),
                     lambda con: feedback.move_item(con, item.id, where),
                     lambda _: item.id)
        self.view.setFocus()

    def delete(self) -> None:
        item = self.current_item()
        if self.locked or item is None:
            return
        row = self.view.currentIndex().row()
        following = self.model.items[row + 1] if row + 1 < len(self.model.items) else (
            self.model.items[row - 1] if row > 0 else None)
        self._change(self.tr("la suppression d'une question"),
                     lambda con: feedback.delete_item(con, item.id),
                     lambda _: following.id if following else None)

    def _return_pressed(self) -> None:
        """Entrée in the label adds it (Renommer stays a deliberate click or Alt+R)."""
        if self.add_button.isEnabled():
            self.add()
