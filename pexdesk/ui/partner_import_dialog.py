"""Importer un annuaire de partenaires (CSV, XLSX) depuis l'écran Partenaires.

The file is read and planned off the UI thread through a read-only connection, so a
refused import leaves the base as it was; the dialog shows the plan's preview, and
« Importer » writes it in one transaction through the session (a directory is small),
which then tells the screens showing partners and contacts to refresh. A workbook of
several sheets offers them (« Feuille », :class:`SheetPicker`): another sheet is read and
planned again the same way, and only the answer for the last sheet chosen is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QLabel,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from pexdesk.core.errors import PexdeskError
from pexdesk.core.services.importing import read_file
from pexdesk.core.services.importing.partners import (PartnerPlan, commit_partners,
                                                      count_partner_rows, plan_partners)
from pexdesk.ui.import_folder import choose_import_file
from pexdesk.ui.sheet_picker import SheetPicker
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import fit_to_screen
from pexdesk.ui.workers import LatestOnly, error_text

CHANGED_TABLES = ("partner", "contact", "partner_tag")
"""What a partner import writes: the screens showing these refresh."""



def choose_directory_file(parent: QWidget) -> str:
    return choose_import_file(parent, parent.tr("Importer un annuaire de partenaires"),
                              parent.tr("Annuaires (*.csv *.xlsx);;Tous les fichiers (*)"))


class PartnerImportDialog(QDialog):
    """Preview of a directory's import, then the import itself (or nothing, on Annuler)."""

    def __init__(self, session, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.path = session, path
        self.plan: PartnerPlan | None = None
        self.result = None
        self.planning = True
        self.setWindowTitle(self.tr("Importer un annuaire de partenaires"))
        fit_to_screen(self, QSize(720, 520))  # 150 % on a laptop leaves 512 px of height
        self.status = QLabel(self.tr("Lecture et analyse du fichier…"))
        self.status.setWordWrap(True)
        self.sheet_picker = SheetPicker()
        self.sheet_picker.chosen.connect(self._start_planning)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Aperçu de l'import"))
        self.skip_invalid = QCheckBox(self.tr("Ignorer les lignes in&valides"))
        self.skip_invalid.setToolTip(self.tr("Importer les lignes valides et écarter les autres "
                                             "(sinon, une seule ligne invalide et rien n'est "
                                             "importé)."))
        self.skip_invalid.setEnabled(False)
        self.skip_invalid.toggled.connect(self._render)
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
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.buttons)
        self._plans = LatestOnly(self)
        self._start_planning()

    # ---- Planning (read-only, off the UI thread)

    def _start_planning(self, sheet_name: str | None = None) -> None:
        """Read ``sheet_name`` (None: the default sheet) and plan it; the preview shown
        stays, greyed, until the new one replaces it, and cannot be imported meanwhile."""
        session, path = self.session, self.path
        self.planning = True
        self.plan = None
        self.import_button.setEnabled(False)
        self.skip_invalid.setEnabled(False)
        self.preview.setEnabled(False)
        self.status.setText(self.tr("Lecture et analyse du fichier…"))

        def work(progress):
            sheet = read_file(path, sheet_name, count_partner_rows)
            with session.reading() as con:
                return plan_partners(con, sheet)

        self._plans.run(work, self._planned, self._plan_failed)

    def _planned(self, plan: PartnerPlan) -> None:
        self.planning = False
        self.plan = plan
        self.preview.setEnabled(True)
        self.sheet_picker.show_read(plan.sheet)
        self.skip_invalid.setEnabled(bool(plan.invalid_count) and plan.previous is None)
        self.status.setText(self.tr("Aperçu de l'import : rien n'est enregistré avant "
                                    "« Importer »."))
        self._render()

    def _plan_failed(self, error: Exception) -> None:
        self.planning = False
        self.plan = None
        self.import_button.setEnabled(False)
        self.preview.clear()  # another sheet's preview would pass for this one's
        self.preview.setEnabled(True)
        self.sheet_picker.show_failure(error)
        self.status.setText(typeset(self.tr("Le fichier ne peut pas être importé : {0}")
                                    .format(error_text(error))))

    def _render(self) -> None:
        if self.plan is None or self.result is not None:
            return
        skip = self.skip_invalid.isChecked()
        self.preview.setPlainText(typeset("\n".join(self.plan.preview_lines(
            skip, self.tr("case « Ignorer les lignes invalides »")))))
        # A file already imported would add nothing: say so and offer nothing to click.
        self.import_button.setEnabled(self.plan.importable(skip) and self.plan.previous is None)

    # ---- Commit (one transaction on the session's connection)

    def commit(self) -> None:
        plan = self.plan
        skip = self.skip_invalid.isChecked()
        if plan is None or not plan.importable(skip):
            return
        try:
            result = self.session.write_beyond_undo(
                CHANGED_TABLES, lambda con: commit_partners(con, plan, skip_invalid=skip))
        except PexdeskError as error:
            self.status.setText(typeset(self.tr("Rien n'a été importé : {0}")
                                        .format(error_text(error))))
            return
        self.result = result
        self.import_button.setEnabled(False)
        self.skip_invalid.setEnabled(False)
        self.sheet_picker.setEnabled(False)  # imported: another sheet is another import
        self.close_button.setText(self.tr("Fermer"))
        self.status.setText(self.tr("Import terminé."))
        self.preview.setPlainText(typeset("\n".join(result.lines())))
