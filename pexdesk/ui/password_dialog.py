"""A small dialog asking for the password of an encrypted copy (twice when encrypting)."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from pexdesk.core.errors import PexdeskError
from pexdesk.core.safety import archive
from pexdesk.ui.widgets import ErrorLabel


class PasswordDialog(QDialog):
    def __init__(self, confirm: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.confirm = confirm
        self.setWindowTitle(self.tr("Chiffrer avec un mot de passe") if confirm
                            else self.tr("Sauvegarde chiffrée"))
        intro = QLabel(self.tr(
            "La copie sera chiffrée : sans ce mot de passe, personne ne pourra la lire, "
            "pas même vous. Gardez-le à part (sur papier, dans le coffre de l'ADIL).")
            if confirm else self.tr("Cette sauvegarde est chiffrée : indiquez son mot de passe."))
        intro.setWordWrap(True)
        self.setMinimumWidth(460)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Mot de passe :"), self.first)
        if confirm:
            form.addRow(self.tr("Le même, pour vérifier :"), self.second)
        self.errors = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = bool(self.first.text()) and (not self.confirm
                                          or self.first.text() == self.second.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        if self.confirm and self.second.text() and self.first.text() != self.second.text():
            self.errors.show_messages([self.tr("Les deux mots de passe diffèrent.")])
        else:
            self.errors.clear_messages()

    def accept(self) -> None:
        if self.confirm:
            if self.first.text() != self.second.text():
                return
            try:
                archive.check_new_password(self.first.text())
            except PexdeskError as exc:
                self.errors.show_messages([str(exc)])
                return
        super().accept()

    def password(self) -> str:
        return self.first.text()


def ask_password(parent: QWidget | None, confirm: bool) -> str | None:
    """The password typed, or None when the user cancelled."""
    dialog = PasswordDialog(confirm, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.password()
    finally:
        dialog.deleteLater()
