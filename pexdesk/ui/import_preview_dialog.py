"""The preview-then-import dialog shared by « Importer un annuaire… » (Partenaires) and
« Importer un tableau… » (Indicateurs).

The file is read and planned off the UI thread through a read-only connection, so a
refused import leaves the base as it was; the dialog shows the plan's preview, and
« Importer » writes it in one transaction through the session. A workbook of several sheets
offers them (« Feuille », :class:`SheetPicker`): another sheet is read and planned again the
same way, and only the answer for the last sheet chosen is shown. Each importer says how
its rows are counted and planned, what its one check box changes, and how it writes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from pexdesk.core.errors import PexdeskError
from pexdesk.core.services.importing import read_file
from pexdesk.core.services.importing.reading import RowCounter
from pexdesk.ui.sheet_picker import SheetPicker
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import fit_to_screen
from pexdesk.ui.workers import LatestOnly, error_text


class ImportPreviewDialog(QDialog):
    """Preview of a file's import, then the import itself (or nothing, on Annuler).

    A subclass gives :attr:`count_rows`, names the window and the check box :attr:`option`
    once built (the file is read once the event loop runs, after that), and overrides
    :meth:`plan_sheet` (run on a loading thread: it must touch no widget),
    :meth:`preview_lines`, :meth:`importable`, :meth:`option_applies`, :meth:`write` and
    :meth:`result_lines`."""

    count_rows: RowCounter

    def __init__(self, session, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.path = session, path
        self.plan = None
        self.result = None
        self.planning = True
        fit_to_screen(self, QSize(720, 520))  # 150 % on a laptop leaves 512 px of height
        self.status = QLabel(self.tr("Lecture et analyse du fichier…"))
        self.status.setWordWrap(True)
        self.sheet_picker = SheetPicker()
        self.sheet_picker.chosen.connect(self._start_planning)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Aperçu de l'import"))
        self.option = QCheckBox()
        self.option.setEnabled(False)
        self.option.toggled.connect(self.option_toggled)
        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton(self.tr("&Importer"))
        self.import_button.setEnabled(False)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setText(self.tr("Annuler"))
        self.import_button.clicked.connect(self.commit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.sheet_picker)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.option)
        layout.addWidget(self.buttons)
        self._plans = LatestOnly(self)
        # Once the event loop runs: the subclass's own set-up, which the planning thread
        # may read, is done by then.
        QTimer.singleShot(0, self, self._start_planning)

    # ---- What each importer says

    def plan_sheet(self, con, sheet):
        """The plan of ``sheet`` against the base (``con`` is read-only)."""
        raise NotImplementedError

    def preview_lines(self, plan) -> list[str]:
        raise NotImplementedError

    def importable(self, plan) -> bool:
        """« Importer » can be clicked: something to write, as the check box stands."""
        raise NotImplementedError

    def option_applies(self, plan) -> bool:
        """The check box means something for this plan."""
        raise NotImplementedError

    def write(self, plan):
        """Write ``plan`` through the session; a PexdeskError says why nothing was."""
        raise NotImplementedError

    def result_lines(self, result) -> list[str]:
        raise NotImplementedError

    def done_text(self) -> str:
        return self.tr("Import terminé.")

    def option_toggled(self, checked: bool) -> None:
        self.render()

    # ---- Planning (read-only, off the UI thread)

    def _start_planning(self, sheet_name: str | None = None) -> None:
        """Read ``sheet_name`` (None: the default sheet) and plan it; the preview shown
        stays, greyed, until the new one replaces it, and cannot be imported meanwhile."""
        session, path, count_rows, plan_sheet = (self.session, self.path, self.count_rows,
                                                 self.plan_sheet)
        self.planning = True
        self.plan = None
        self.import_button.setEnabled(False)
        self.option.setEnabled(False)
        self.preview.setEnabled(False)
        self.status.setText(self.tr("Lecture et analyse du fichier…"))

        def work(progress):
            sheet = read_file(path, sheet_name, count_rows)
            with session.reading() as con:
                return plan_sheet(con, sheet)

        self._plans.run(work, self._planned, self._plan_failed)

    def _planned(self, plan) -> None:
        self.planning = False
        self.plan = plan
        self.preview.setEnabled(True)
        self.sheet_picker.show_read(plan.sheet)
        self.option.setEnabled(self.option_applies(plan))
        self.status.setText(self.tr("Aperçu de l'import : rien n'est enregistré avant "
                                    "« Importer »."))
        self.render()

    def _plan_failed(self, error: Exception) -> None:
        self.planning = False
        self.plan = None
        self.import_button.setEnabled(False)
        self.preview.clear()  # another sheet's preview would pass for this one's
        self.preview.setEnabled(True)
        self.sheet_picker.show_failure(error)
        self.status.setText(typeset(self.tr("Le fichier ne peut pas être importé : {0}")
                                    .format(error_text(error))))

    def render(self) -> None:
        if self.plan is None or self.result is not None:
            return
        self.preview.setPlainText(typeset("\n".join(self.preview_lines(self.plan))))
        self.import_button.setEnabled(self.importable(self.plan))

    # ---- Commit (one transaction on the session's connection)

    def commit(self) -> None:
        plan = self.plan
        if plan is None or not self.importable(plan):
            return
        try:
            result = self.write(plan)
        except PexdeskError as error:
            self.status.setText(typeset(self.tr("Rien n'a été importé : {0}")
                                        .format(error_text(error))))
            return
        self.result = result
        self.import_button.setEnabled(False)
        self.option.setEnabled(False)
        self.sheet_picker.setEnabled(False)  # imported: another sheet is another import
        self.close_button.setText(self.tr("Fermer"))
        self.status.setText(self.done_text())
        self.preview.setPlainText(typeset("\n".join(self.result_lines(result))))
