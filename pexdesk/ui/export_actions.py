"""« Exporter… » from a list: the same exports as ``pexdesk export``, chosen by file type.
A list narrowed by its search or filters exports the records it shows
(:meth:`pexdesk.ui.screens.list_screen.ListScreen.export_shown`), and says so.

The file is written off the UI thread through a read-only connection of its own (an
export of 100,000 responses to XLSX takes tens of seconds); the journal entry is then
added on the UI thread's connection, which can write.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from pexdesk.core.errors import PexdeskError
from pexdesk.core.services import exchange
from pexdesk.ui.import_folder import window_settings
from pexdesk.ui.output_files import remembered_folder
from pexdesk.ui.session import Session
from pexdesk.ui.typography import typeset
from pexdesk.ui.workers import run_in_background

FILTERS = {".xlsx": "Classeur Excel (*.xlsx)", ".csv": "CSV pour Excel (*.csv)",
           ".ics": "Agenda iCalendar (*.ics)", ".vcf": "Cartes de visite vCard (*.vcf)"}


def choose_and_export(parent: QWidget, session: Session, table: str,
                      options: exchange.Options | None = None, detail: str = "",
                      report=None, scope: str = "") -> None:
    """Ask where (and so in which format), then export in the background; ``report(text)``
    receives the French outcome for a status line, typeset. ``scope`` (French) names what is
    exported when it is not the whole table (« 12 partenaires affichés sur 240 (recherche
    appliquée) »): the dialog's title and the outcome repeat it, so that a user who
    filtered the list knows the file holds what they saw, and no more."""
    settings = window_settings(parent)  # the window's: tests run on settings of their own
    extensions = exchange.formats_of(table)
    proposed = remembered_folder(settings, "exports") / exchange.default_file_name(table, extensions[0],
                                                                    detail=detail)
    name, chosen_filter = QFileDialog.getSaveFileName(
        parent, parent.tr("Exporter {0}").format(scope) if scope else parent.tr("Exporter"),
        str(proposed),
        ";;".join(FILTERS[ext] for ext in extensions))
    if not name:
        return
    out = Path(name)
    if out.suffix.lower() not in extensions:
        extension = next(ext for ext in extensions if FILTERS[ext] == chosen_filter)
        out = out.with_name(out.name + extension)
    settings.set_folder("exports", out.parent)

    def work(progress):
        with session.reading() as con:
            return exchange.export(con, table, out, options, record=False)

    def done(result: exchange.ExportResult) -> None:
        if session.is_open and not session.base.read_only:
            session.journal(lambda con: exchange.record_export(con, result))
        if report is not None:
            report(typeset(result.text(scope)))

    def failed(error: Exception) -> None:
        message = str(error) if isinstance(error, PexdeskError) else parent.tr(
            "L'export a échoué ({0}).").format(error)
        QMessageBox.warning(parent, parent.tr("Export impossible"), typeset(message))

    if report is not None:
        report(parent.tr("Export en cours vers {0}…").format(out))
    run_in_background(work, done, failed, owner=parent)
