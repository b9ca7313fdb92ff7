"""« Feuille : » — which sheet of a workbook an import reads, shared by the survey import
wizard and the partner import dialog.

A workbook often holds more than the table to import: KoboToolbox puts each repeat group on
a sheet of its own, an officer keeps a tab per year or a « Notes » tab first. The core reads
a sensible default (:func:`pexdesk.core.services.importing.reading._default_sheet`: of a tab
per year, the latest) and lists every sheet with the rows its dialog's import would read
from it (``Sheet.sheets``, counted by the importer's ``RowCounter``), the count the
preview then reports; this picker offers the non-empty ones, and only when there are two
or more, so that a CSV or a one-sheet workbook shows nothing more.

The picker reads nothing itself: ``chosen`` tells its dialog, which reads the sheet off the
UI thread as it reads the file. It stays enabled while that read runs, so that the arrow
keys go on browsing the sheets (a disabled combo box would lose the keyboard); the dialog
keeps only the answer for the last sheet chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from pexdesk.core.errors import UnreadableSheetError
from pexdesk.core.formatting import plural
from pexdesk.core.services.importing import Sheet, SheetInfo


class SheetPicker(QWidget):
    """A « Feuille » label and its combo box; hidden until a workbook of several non-empty
    sheets is read."""

    chosen = Signal(str)
    """The name of the sheet the user picked (never emitted by :meth:`show_sheets`)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Feuille du classeur"))
        self.combo.setToolTip(self.tr("Ce classeur a plusieurs feuilles : choisissez celle qui "
                                      "contient les lignes à importer."))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label = QLabel(self.tr("&Feuille :"))
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addStretch()
        self._offered: tuple[SheetInfo, ...] = ()
        self.combo.currentIndexChanged.connect(self._changed)
        self.hide()

    def show_read(self, sheet: Sheet) -> None:
        """After a read: the workbook's sheets, the one read selected."""
        self.show_sheets(sheet.sheets, sheet.sheet_name)

    def show_failure(self, error: Exception) -> None:
        """After a refused read: a workbook whose chosen sheet cannot be read (empty, a
        formula without value, over a cap…) still offers its other sheets; any other refusal
        (not a workbook, damaged) leaves nothing to choose."""
        if isinstance(error, UnreadableSheetError):
            self.show_sheets(error.sheets, error.sheet_name)
        else:
            self.show_sheets((), None)

    def show_sheets(self, sheets: tuple[SheetInfo, ...], current: str | None) -> None:
        """Offer the non-empty ``sheets`` (an empty one cannot be imported), ``current``
        selected; hidden when fewer than two are left to choose from."""
        offered = tuple(info for info in sheets if not info.empty or info.name == current)
        self.combo.blockSignals(True)  # what the program shows is no choice of the user's
        try:
            if offered != self._offered:
                self._offered = offered
                self.combo.clear()
                for info in offered:
                    self.combo.addItem(self.item_text(info), info.name)
            self.combo.setCurrentIndex(self.combo.findData(current) if current else -1)
        finally:
            self.combo.blockSignals(False)
        self.setVisible(sum(1 for info in offered if not info.empty) > 1)

    def item_text(self, info: SheetInfo) -> str:
        """« 2024 (41 lignes) », « Listes (masquée, 2 lignes) », « Notes (0 ligne) »."""
        size = (self.tr("vide") if info.empty
                else plural(info.rows, self.tr("ligne"), self.tr("lignes")))
        if info.hidden:
            return self.tr("{0} (masquée, {1})").format(info.name, size)
        return self.tr("{0} ({1})").format(info.name, size)

    def current(self) -> str | None:
        return self.combo.currentData()

    def _changed(self, index: int) -> None:
        if index >= 0:
            self.chosen.emit(self.combo.itemData(index))
