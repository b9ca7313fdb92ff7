"""Dialog creating a new base: département, ADIL, chargé(e) de mission, file location."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import ValidationError
from pexdesk.ui.department_picker import DepartmentPicker
from pexdesk.ui.forms import DateField
from pexdesk.ui.widgets import ErrorLabel


class NewBaseDialog(QDialog):
    def __init__(self, default_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nouvelle base"))
        self.department = DepartmentPicker()
        self.department.setAccessibleName(self.tr("Département"))
        self.adil = QLineEdit()
        self.adil.setAccessibleName(self.tr("ADIL"))
        self.adil.setPlaceholderText(self.tr("ex. ADIL du Gers"))
        self.officer = QLineEdit()
        self.officer.setAccessibleName(self.tr("Chargé(e) de mission"))
        self.mission_start = DateField()
        self.mission_start.setAccessibleName(self.tr("Début de la mission"))
        self.path = QLineEdit(str(default_path))
        self.path.setAccessibleName(self.tr("Fichier de la base"))
        browse = QPushButton(self.tr("C&hoisir…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path)
        path_row.addWidget(browse)
        self.errors = ErrorLabel()
        self.department.editTextChanged.connect(self.errors.clear_messages)
        for field in (self.adil, self.officer, self.mission_start, self.path):
            field.textEdited.connect(self.errors.clear_messages)

        form = QFormLayout()
        form.addRow(self.tr("&Département :"), self.department)
        form.addRow(self.tr("&ADIL :"), self.adil)
        form.addRow(self.tr("&Chargé(e) de mission :"), self.officer)
        form.addRow(self.tr("Dé&but de la mission :"), self.mission_start)
        path_label = QLabel(self.tr("&Fichier :"))
        path_label.setBuddy(self.path)  # the row holds a layout: Qt would show the « & » as is
        form.addRow(path_label, path_row)
        note = QLabel(self.tr("La date de début de la mission est facultative : elle ouvre la "
                              "période « Depuis le début de la mission ». Tout se modifie "
                              "ensuite dans Fichier → Profil de la base…\n"
                              "Conseil : gardez la base sur le disque de cet ordinateur, pas dans "
                              "un dossier synchronisé (OneDrive…) ni sur un lecteur réseau."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Cré&er la base"))
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def profile(self) -> Profile:
        return Profile(department_code=self.department.code(), adil_name=self.adil.text().strip(),
                       officer_name=self.officer.text().strip(),
                       mission_start=self._typed_start())

    def _typed_start(self) -> date | None:
        """The mission's start as typed; None when empty or mistyped (which
        :meth:`_accept_if_valid` refuses)."""
        try:
            return self.mission_start.value()
        except ValueError:
            return None

    def chosen_path(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Emplacement de la nouvelle base"),
                                              self.path.text(),
                                              self.tr("Bases pexdesk (*.db)"))
        if name:
            self.path.setText(name if name.endswith(".db") else name + ".db")

    def _accept_if_valid(self) -> None:
        problems = []
        try:
            self.mission_start.value()
        except ValueError as exc:
            problems.append(self.tr("« Début de la mission » : {0}").format(exc))
        try:
            self.profile().check()
        except ValidationError as exc:
            unknown = self.department.problem()
            problems += [self.tr("« Département » : {0}").format(unknown)] if unknown else []
            problems += [error.message for error in exc.errors
                         if not (unknown and error.field == "department_code")]
        path = self.chosen_path()
        if not self.path.text().strip():
            problems.append(self.tr("« Fichier » est obligatoire."))
        elif path.exists():
            problems.append(self.tr("Le fichier {0} existe déjà : choisissez un autre nom.")
                            .format(path))
        if problems:
            self.errors.show_messages(problems)
            return
        self.accept()
