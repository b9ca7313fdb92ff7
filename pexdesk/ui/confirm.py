"""The one way pexdesk asks before doing something that cannot be taken back lightly."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from pexdesk.ui.typography import typeset


def confirm(parent: QWidget, icon: QMessageBox.Icon, title: str, question: str, details: str,
            accept: str, refuse: str) -> bool:
    """Ask ``question``; True if the user chose ``accept``.

    The buttons say what they do (« Supprimer » / « Conserver ») rather than Oui / Non, and
    the safe answer is the default, so that Enter pressed by habit never destroys anything.
    The question and its details often carry the core's text (a record's title, an error's
    message): they are typeset.
    """
    box = QMessageBox(icon, title, typeset(question),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setInformativeText(typeset(details))
    for standard, text in ((QMessageBox.StandardButton.Yes, accept),
                           (QMessageBox.StandardButton.No, refuse)):
        button = box.button(standard)
        button.setText(text)
        button.setIcon(QIcon())  # the style's Yes/No icons would paint « Supprimer » green
    box.setDefaultButton(QMessageBox.StandardButton.No)
    answer = box.exec()
    box.deleteLater()
    return answer == QMessageBox.StandardButton.Yes
