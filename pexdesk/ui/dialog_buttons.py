"""Button boxes shared by pexdesk's dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox


def close_buttons(on_close: Callable[[], object]) -> QDialogButtonBox:
    """A box with one « Fermer » button calling ``on_close`` (Escape too, through the box's
    reject). The label is set here rather than left to Qt's translations, which a
    frozen build or a system without them would show in English."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    close = box.button(QDialogButtonBox.StandardButton.Close)
    close.setText(QCoreApplication.translate("dialog_buttons", "Fermer"))
    close.setAutoDefault(False)
    box.rejected.connect(on_close)
    return box
