"""The département field of every form that asks for one: all 101 départements, found by
name or code as the user types."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from pexdesk.core.reference.departments import departments
from pexdesk.core.services.importing.values import Invalid, parse_department


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
