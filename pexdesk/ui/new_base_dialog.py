"""Dialog creating a new base: département, ADIL, chargé(e) de mission, file location."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QCompleter, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from pexdesk.core.domain.models import Profile
from pexdesk.core.errors import ValidationError
from pexdesk.core.reference.departments import departments
from pexdesk.core.services.importing.values import Invalid, parse_department
from pexdesk.ui.widgets import ErrorLabel


class DepartmentPicker(QComboBox):
    """All 101 départements incl. 2A/2B and overseas; type a name or a code to find one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in departments().items():
            self.addItem(f"{code} – {name}", code)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setCurrentIndex(-1)
        self.lineEdit().setPlaceholderText(self.tr("Tapez un nom ou un numéro de département"))

        self.lineEdit().editingFinished.connect(self._settle)

    def code(self) -> str:
        """The code of the département typed or picked: « Gers », « gers », « 2a », « reunion »
        and « 32 – Gers » all name one; what names none comes back as typed, for the
        profile's check to refuse."""
        parsed = parse_department(self.currentText())
        return parsed if isinstance(parsed, str) else self.currentText().strip()

    def problem(self) -> str | None:
        """Why the text names no département, in French; None when it names one."""
        parsed = parse_department(self.currentText())
        return parsed.message if isinstance(parsed, Invalid) else None

    def _settle(self) -> None:
        """Show the département a typed name or code designates, as the list spells it."""
        parsed = parse_department(self.currentText())
        if isinstance(parsed, str) and self.currentData() != parsed:
            self.set_code(parsed)

    def set_code(self, code: str) -> None:
        self.setCurrentIndex(self.findData(code))


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
        self.path = QLineEdit(str(default_path))
        self.path.setAccessibleName(self.tr("Fichier de la base"))
        browse = QPushButton(self.tr("C&hoisir…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path)
        path_row.addWidget(browse)
        self.errors = ErrorLabel()
        self.department.editTextChanged.connect(self.errors.clear_messages)
        for field in (self.adil, self.officer, self.path):
            field.textEdited.connect(self.errors.clear_messages)

        form = QFormLayout()
        form.addRow(self.tr("&Département :"), self.department)
        form.addRow(self.tr("&ADIL :"), self.adil)
        form.addRow(self.tr("&Chargé(e) de mission :"), self.officer)
        path_label = QLabel(self.tr("&Fichier :"))
        path_label.setBuddy(self.path)  # the row holds a layout: Qt would show the « & » as is
        form.addRow(path_label, path_row)
        note = QLabel(self.tr("Conseil : gardez la base sur le disque de cet ordinateur, pas dans "
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
                       officer_name=self.officer.text().strip())

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
