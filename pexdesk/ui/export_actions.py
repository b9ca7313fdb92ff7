"""« Exporter… » from a list: the same exports as ``pexdesk export``, chosen by file type.

The file is written off the UI thread through a read-only connection of its own (an
export of 100,000 responses to XLSX takes tens of seconds); the journal entry is then
added on the UI thread's connection, which can write.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from pexdesk.core.errors import PexdeskError
from pexdesk.core.services import exchange
from pexdesk.ui.session import Session
from pexdesk.ui.settings import UiSettings
from pexdesk.ui.workers import run_in_background

FILTERS = {".xlsx": "Classeur Excel (*.xlsx)", ".csv": "CSV pour Excel (*.csv)",
           ".ics": "Agenda iCalendar (*.ics)", ".vcf": "Cartes de visite vCard (*.vcf)"}


def export_folder(settings: UiSettings) -> Path:
    remembered = settings.folder("exports")
    if remembered is not None and remembered.is_dir():
        return remembered
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def choose_and_export(parent: QWidget, session: Session, table: str,
                      options: exchange.Options | None = None, detail: str = "",
                      report=None) -> None:
    """Ask where (and so in which format), then export in the background; ``report(text)``
    receives the French outcome for a status line."""
    settings = UiSettings()
    extensions = exchange.formats_of(table)
    proposed = export_folder(settings) / exchange.default_file_name(table, extensions[0],
                                                                    detail=detail)
    name, chosen_filter = QFileDialog.getSaveFileName(
        parent, parent.tr("Exporter"), str(proposed),
        ";;".join(FILTERS[ext] for ext in extensions))
    if not name:
        return
    out = Path(name)
    if out.suffix.lower() not in extensions:
        extension = next(ext for ext in extensions if FILTERS[ext] == chosen_filter)
        out = out.with_name(out.name + extension)
    settings.set_folder("exports", out.parent)

    def work(progress):
        con = session.reader()
        try:
            return exchange.export(con, table, out, options, record=False)
        finally:
            con.close()

    def done(result: exchange.ExportResult) -> None:
        if session.is_open and not session.base.read_only:
            session.journal(lambda con: exchange.record_export(con, result))
        if report is not None:
            report(result.text())

    def failed(error: Exception) -> None:
        message = str(error) if isinstance(error, PexdeskError) else parent.tr(
            "L'export a échoué ({0}).").format(error)
        QMessageBox.warning(parent, parent.tr("Export impossible"), message)

    if report is not None:
        report(parent.tr("Export en cours vers {0}…").format(out))
    run_in_background(work, done, failed, owner=parent)
