"""« Importer un tableau… » on the Indicateurs screen: the monthly figures received as a
spreadsheet (the DDETS's template, an extraction of counts, a pexdesk export), previewed,
then imported instead of typed again.

The preview and the import are those of :class:`ImportPreviewDialog` (the file read and
planned off the UI thread, a workbook's sheets offered): how many values are new,
unchanged, or different from the base's (each listed, base → file), the invalid rows with
their reasons. « Remplacer les valeurs différentes » replaces the base's values that
differ; otherwise they are kept.

Unlike a partner import, this one is one step of the undo stack, as a paste into the grid
is: it writes independent cells that nothing else builds on, so Ctrl+Z puts each back as
it was (absent, or its former figure, source and comment) and Ctrl+Y writes it again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QWidget

from pexdesk.core.services.importing.indicators import (IndicatorImportOptions,
                                                        IndicatorImportResult, IndicatorPlan,
                                                        State, commit_indicators,
                                                        count_indicator_rows, plan_indicators)
from pexdesk.core.services.snapshots import absent, capture_all
from pexdesk.ui.commands import RecordsCommand
from pexdesk.ui.import_folder import choose_import_file
from pexdesk.ui.import_preview_dialog import ImportPreviewDialog

CHANGED_TABLES = ("indicator_value",)


class IndicatorImportDialog(ImportPreviewDialog):
    """Preview of a table's import, then the import itself, with undo."""

    count_rows = staticmethod(count_indicator_rows)

    def __init__(self, session, undo_stack, path: str, today: date,
                 parent: QWidget | None = None):
        super().__init__(session, path, parent)
        self.undo_stack = undo_stack
        self.options = IndicatorImportOptions(today=today)
        """The grid's today: the months it calls « à venir » are those the import refuses."""
        self.setWindowTitle(self.tr("Importer un tableau d'indicateurs"))
        self.replace_values = self.option
        self.replace_values.setText(self.tr("&Remplacer les valeurs différentes"))
        self.replace_values.setToolTip(self.tr("Remplacer les valeurs de la base qui diffèrent de "
                                        "celles du fichier (sinon, elles sont gardées)."))

    def plan_sheet(self, con, sheet) -> IndicatorPlan:
        return plan_indicators(con, sheet, self.options)

    def replace_hint(self) -> str:
        return self.tr("case « Remplacer les valeurs différentes »")

    def preview_lines(self, plan: IndicatorPlan) -> list[str]:
        return plan.preview_lines(self.replace_hint())

    def importable(self, plan: IndicatorPlan) -> bool:
        return plan.importable() and plan.writes

    def option_applies(self, plan: IndicatorPlan) -> bool:
        return plan.importable() and bool(plan.in_state(State.DIFFERENT))

    def option_toggled(self, checked: bool) -> None:
        if self.plan is not None:  # the comparison stands: only what is written changes
            self.plan.options = replace(self.plan.options, replace=checked)
        super().option_toggled(checked)

    def write(self, plan: IndicatorPlan) -> IndicatorImportResult:
        """Commit ``plan`` and push its undo: each value written, before and after."""
        def action(con):
            stored = [value.stored for value in plan.to_write() if value.stored is not None]
            befores = dict(zip(((value.indicator_id, value.month) for value in stored),
                               capture_all(con, "indicator_value", [v.id for v in stored])))
            result = commit_indicators(con, plan)
            written = result.written
            afters = capture_all(con, "indicator_value", [record.id for record in written])
            return result, [(befores.get((record.indicator_id, record.month))
                             or absent("indicator_value", record.id), after)
                            for record, after in zip(written, afters)]

        result, steps = self.session.write(CHANGED_TABLES, action)
        if steps:
            self.undo_stack.push(RecordsCommand(
                self.session, self.tr("l'import de {0}").format(plan.sheet.file_name), steps))
        return result

    def result_lines(self, result: IndicatorImportResult) -> list[str]:
        return result.lines(self.replace_hint())

    def done_text(self) -> str:
        return self.tr("Import terminé : les valeurs sont dans la grille ; Ctrl+Z annule "
                       "l'import.")


def open_import(screen, previous: IndicatorImportDialog | None,
                today: date) -> IndicatorImportDialog | None:
    """Ask for the file, then open its preview over ``screen`` (the Indicateurs screen, whose
    ``today`` it takes); the dialog left open before (``previous``) is closed. Once a table
    is imported, closing the dialog shows the year of its last month in the grid. Returns
    the dialog shown."""
    path = choose_import_file(screen, screen.tr("Importer un tableau d'indicateurs"),
                              screen.tr("Tableaux (*.csv *.xlsx);;Tous les fichiers (*)"))
    if not path:
        return previous
    if previous is not None:
        previous.close()
        previous.deleteLater()
    dialog = IndicatorImportDialog(screen.session, screen.undo_stack, path, today, screen)

    def closed() -> None:
        if dialog.result is not None and dialog.result.written:
            screen.focus_on({"month": max(record.month for record in dialog.result.written)})

    dialog.finished.connect(closed)
    dialog.open()
    return dialog
