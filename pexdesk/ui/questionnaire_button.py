"""« Questionnaire à imprimer… » on « Retours des partenaires »: the campaign's paper
questionnaire as a PDF, opened in the system's viewer to print.

The file is proposed in the folder of the last bilan (the same key as « Bilans »), built
on a worker thread through a read-only connection of its own (reportlab loads there, not
on the UI thread), written atomically by the core. Nothing is written in the base, so the
button works on a base opened read-only too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QPushButton, QWidget

from pexdesk.core.domain.models import Campaign
from pexdesk.core.repositories import mapper
from pexdesk.core.safety.files import safe_file_name
from pexdesk.ui.import_folder import window_settings
from pexdesk.ui.output_files import REPORTS_FOLDER, open_with_system, reports_folder
from pexdesk.ui.typography import typeset
from pexdesk.ui.workers import error_text, run_in_background

STATUS_MS = 15_000


def proposed_file_name(campaign: str) -> str:
    """« Questionnaire Enquete 2026.pdf »: a name any Windows folder accepts."""
    return safe_file_name(f"Questionnaire {campaign}") + ".pdf"


class QuestionnaireButton(QPushButton):
    """Asks where to save the chosen campaign's questionnaire, writes it, opens it."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(self.tr("Questi&onnaire à imprimer…"), parent)
        self.session = session
        self.campaign_id: int | None = None
        self.running = False
        self.setAccessibleName(self.tr("Questionnaire à imprimer"))
        self.setToolTip(self.tr("Le questionnaire de la campagne en PDF, à imprimer pour les "
                                "partenaires qui répondent sur papier : ses questions dans "
                                "l'ordre de la saisie"))
        self.out: Path | None = None
        """The file being written, or last written."""
        self.clicked.connect(self.print_questionnaire)
        self.setEnabled(False)

    def set_campaign(self, campaign_id: int | None) -> None:
        """The campaign shown on the screen (None: none, the button is off)."""
        self.campaign_id = campaign_id
        self.setEnabled(campaign_id is not None and not self.running)

    def print_questionnaire(self) -> None:
        if self.campaign_id is None or self.running:
            return
        campaign = mapper.get(self.session.con, Campaign, self.campaign_id).name
        settings = window_settings(self)
        proposed = reports_folder(settings) / proposed_file_name(campaign)
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Enregistrer le questionnaire à imprimer"), str(proposed),
            self.tr("Documents PDF (*.pdf)"))
        if not name:
            return
        out = Path(name)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        settings.set_folder(REPORTS_FOLDER, out.parent)
        session, self.out = self.session, out

        def work(progress):
            # reportlab and its fonts load here, off the UI thread
            from pexdesk.core.services.reporting.questionnaire import build_questionnaire

            with session.reading() as con:
                return build_questionnaire(con, out, campaign)

        self._set_running(True)
        self._say(self.tr("Préparation du questionnaire « {0} »…").format(campaign))
        run_in_background(work, self._written, self._failed, owner=self)

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.setEnabled(not running and self.campaign_id is not None)

    def _written(self, path: Path) -> None:
        self._set_running(False)
        problem = open_with_system(path)
        if problem is None:
            self._say(self.tr("Questionnaire enregistré et ouvert pour l'impression : {0}")
                      .format(path))
        else:
            self._say(self.tr("Questionnaire enregistré. {0}").format(problem))  # names it

    def _failed(self, error: Exception) -> None:
        self._set_running(False)
        self._say(self.tr("Questionnaire non enregistré."))
        message = error_text(error)
        if self.out is not None and self.out.exists():  # Windows cannot replace an open file
            message += self.tr(" Si ce fichier est ouvert dans un lecteur PDF, fermez-le puis "
                               "recommencez.")
        QMessageBox.warning(self, self.tr("Questionnaire non enregistré"), typeset(message))

    def _say(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(typeset(text), STATUS_MS)
