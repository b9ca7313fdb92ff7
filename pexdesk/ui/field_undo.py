"""Ctrl+Z and Ctrl+Y typed in a form field reach the window's Annuler and Rétablir once the
field has nothing of its own to take back.

Qt's text fields claim both keys whenever they have the focus, with or without typing to
undo: after Enregistrer (Ctrl+S) with the cursor still in a field, Ctrl+Z did nothing the
user could see, and undoing the save took a click elsewhere first. The field keeps the
keys while it holds typing to undo or redo, as every editor does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QWidget


class FieldUndoHandOver(QObject):
    """Installed on a form's text fields; one per form."""

    def watch(self, field: QWidget) -> None:
        if isinstance(field, QAbstractSpinBox):
            field = field.lineEdit()
        if isinstance(field, (QLineEdit, QPlainTextEdit)):
            field.installEventFilter(self)

    def eventFilter(self, field: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        assert isinstance(event, QKeyEvent)
        if ((event.matches(QKeySequence.StandardKey.Undo) and not _can_undo(field))
                or (event.matches(QKeySequence.StandardKey.Redo) and not _can_redo(field))):
            event.ignore()  # not claimed: the key goes on to the window's shortcut
            return True
        return False


def _can_undo(field: QObject) -> bool:
    if isinstance(field, QPlainTextEdit):
        return field.document().isUndoAvailable()
    return isinstance(field, QLineEdit) and field.isUndoAvailable()


def _can_redo(field: QObject) -> bool:
    if isinstance(field, QPlainTextEdit):
        return field.document().isRedoAvailable()
    return isinstance(field, QLineEdit) and field.isRedoAvailable()
