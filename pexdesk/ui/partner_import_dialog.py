"""Importer un annuaire de partenaires (CSV, XLSX) depuis l'écran Partenaires.

The preview and the import are those of :class:`ImportPreviewDialog`; « Importer » writes
the directory in one transaction through the session (a directory is small), beyond the
reach of Ctrl+Z (it completes partners that later edits build on), and the session tells
the screens showing partners and contacts to refresh. « Ignorer les lignes invalides »
imports the valid rows only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from pexdesk.core.services.importing.partners import (PartnerPlan, commit_partners,
                                                      count_partner_rows, plan_partners)
from pexdesk.ui.import_folder import choose_import_file
from pexdesk.ui.import_preview_dialog import ImportPreviewDialog

CHANGED_TABLES = ("partner", "contact", "partner_tag")
"""What a partner import writes: the screens showing these refresh."""


def choose_directory_file(parent: QWidget) -> str:
    return choose_import_file(parent, parent.tr("Importer un annuaire de partenaires"),
                              parent.tr("Annuaires (*.csv *.xlsx);;Tous les fichiers (*)"))


class PartnerImportDialog(ImportPreviewDialog):
    """Preview of a directory's import, then the import itself (or nothing, on Annuler)."""

    count_rows = staticmethod(count_partner_rows)

    def __init__(self, session, path: str, parent: QWidget | None = None):
        super().__init__(session, path, parent)
        self.setWindowTitle(self.tr("Importer un annuaire de partenaires"))
        self.skip_invalid = self.option
        self.skip_invalid.setText(self.tr("Ignorer les lignes in&valides"))
        self.skip_invalid.setToolTip(self.tr("Importer les lignes valides et écarter les autres "
                                             "(sinon, une seule ligne invalide et rien n'est "
                                             "importé)."))

    def plan_sheet(self, con, sheet) -> PartnerPlan:
        return plan_partners(con, sheet)

    def preview_lines(self, plan: PartnerPlan) -> list[str]:
        return plan.preview_lines(self.skip_invalid.isChecked(),
                                  self.tr("case « Ignorer les lignes invalides »"))

    def importable(self, plan: PartnerPlan) -> bool:
        # A file already imported would add nothing: say so and offer nothing to click.
        return plan.importable(self.skip_invalid.isChecked()) and plan.previous is None

    def option_applies(self, plan: PartnerPlan) -> bool:
        return bool(plan.invalid_count) and plan.previous is None

    def write(self, plan: PartnerPlan):
        skip = self.skip_invalid.isChecked()
        return self.session.write_beyond_undo(
            CHANGED_TABLES, lambda con: commit_partners(con, plan, skip_invalid=skip))

    def result_lines(self, result) -> list[str]:
        return result.lines()
