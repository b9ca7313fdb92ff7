"""A button that makes one document of the base as a PDF: « Questionnaire à imprimer… » on
Retours des partenaires, « Relevé PDF… » on Réunions CCAPEX.

It asks where to save the file, proposed in the folder of the last bilan (the same key as
« Bilans »), builds it on a worker thread through a read-only connection of its own
(reportlab loads there, not on the UI thread), written atomically by the core, opens it
in the system's viewer and says so in the status bar. The document leaves the ADIL: it is
recorded in the base's journal as a bilan is (shared/domain.md §9), on the session's
writing connection; a base opened read-only is not written, and prints it all the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QPushButton, QWidget

from pexdesk.core.safety import journal
from pexdesk.ui.import_folder import window_settings
from pexdesk.ui.output_files import REPORTS_FOLDER, open_with_system, reports_folder
from pexdesk.ui.typography import typeset
from pexdesk.ui.workers import error_text, run_in_background

STATUS_MS = 15_000


@dataclass(frozen=True)
class PdfJob:
    """One document to make, and its French wording."""

    file_name: str
    """Proposed in the save dialog, in the folder of the last bilan."""
    dialog_title: str
    preparing: str
    """The status bar's message while it is built."""
    saved: str
    """« Questionnaire enregistré »: before the reason a viewer could not open it."""
    opened: str
    """The status bar's message once it is open in the viewer, {0} the file."""
    not_saved: str
    """« Questionnaire non enregistré »: the warning's title, and the status bar's."""
    build: Callable[[sqlite3.Connection, Path], tuple[Path, str]]
    """Writes the PDF from a read-only connection; runs on the worker thread. Returns the
    file written and the journal's line for it."""


class PdfButton(QPushButton):
    """Asks where to save the PDF of the record it is set to (:meth:`set_subject`), writes
    it, opens it. Subclasses say what the PDF is (:meth:`job`)."""

    def __init__(self, text: str, session, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.session = session
        self.subject: int | None = None
        self.running = False
        self.out: Path | None = None
        """The file being written, or last written."""
        self.clicked.connect(self.make_pdf)
        self.setEnabled(False)

    def set_subject(self, record_id: int | None) -> None:
        """The record whose PDF the button makes (None: none, the button is off)."""
        self.subject = record_id
        self.setEnabled(record_id is not None and not self.running)

    def job(self, record_id: int) -> PdfJob | None:
        """The PDF of ``record_id``; None when there is nothing to make after all (the user
        kept unsaved changes)."""
        raise NotImplementedError

    def make_pdf(self) -> None:
        if self.subject is None or self.running:
            return
        job = self.job(self.subject)
        if job is None:
            return
        settings = window_settings(self)
        name, _ = QFileDialog.getSaveFileName(
            self, job.dialog_title, str(reports_folder(settings) / job.file_name),
            self.tr("Documents PDF (*.pdf)"))
        if not name:
            return
        out = Path(name)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        settings.set_folder(REPORTS_FOLDER, out.parent)
        session, self.out = self.session, out

        def work(progress):
            with session.reading() as con:
                return job.build(con, out)

        self._set_running(True)
        self._say(job.preparing)
        run_in_background(work, lambda path: self._written(job, path),
                          lambda error: self._failed(job, error), owner=self)

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.setEnabled(not running and self.subject is not None)

    def _written(self, job: PdfJob, written: tuple[Path, str]) -> None:
        self._set_running(False)
        path, summary = written
        problem = open_with_system(path)
        if problem is None:
            self._say(job.opened.format(path))
        else:
            self._say(f"{job.saved}. {problem}")  # names the file
        session = self.session
        if session.is_open and not session.base.read_only:
            session.journal(lambda con: journal.record(con, "REPORT", summary))

    def _failed(self, job: PdfJob, error: Exception) -> None:
        self._set_running(False)
        self._say(f"{job.not_saved}.")
        message = error_text(error)
        if self.out is not None and self.out.exists():  # Windows cannot replace an open file
            message += self.tr(" Si ce fichier est ouvert dans un lecteur PDF, fermez-le puis "
                               "recommencez.")
        QMessageBox.warning(self, job.not_saved, typeset(message))

    def _say(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(typeset(text), STATUS_MS)
