"""« Questionnaire à imprimer… » on « Retours des partenaires »: the campaign's paper
questionnaire as a PDF, opened in the system's viewer to print (see ``pdf_button``)."""

from __future__ import annotations

from pexdesk.core.domain.models import Campaign
from pexdesk.core.repositories import mapper
from pexdesk.core.safety.files import safe_file_name
from pexdesk.ui.pdf_button import PdfButton, PdfJob


def proposed_file_name(campaign: str) -> str:
    """« Questionnaire Enquete 2026.pdf »: a name any Windows folder accepts."""
    return safe_file_name(f"Questionnaire {campaign}") + ".pdf"


class QuestionnaireButton(PdfButton):
    """The questionnaire of the campaign the screen shows (its subject)."""

    def __init__(self, session, parent=None):
        super().__init__(self.tr("Questi&onnaire à imprimer…"), session, parent)
        self.setAccessibleName(self.tr("Questionnaire à imprimer"))
        self.setToolTip(self.tr("Le questionnaire de la campagne en PDF, à imprimer pour les "
                                "partenaires qui répondent sur papier : ses questions dans "
                                "l'ordre de la saisie"))

    def job(self, campaign_id: int) -> PdfJob:
        campaign = mapper.get(self.session.con, Campaign, campaign_id).name

        def build(con, out):
            # reportlab and its fonts load here, off the UI thread
            from pexdesk.core.services.reporting.questionnaire import (gather_questionnaire,
                                                                      render_questionnaire)

            data = gather_questionnaire(con, campaign)
            written = render_questionnaire(data, out)
            return written, data.summary(written)

        return PdfJob(
            file_name=proposed_file_name(campaign),
            dialog_title=self.tr("Enregistrer le questionnaire à imprimer"),
            preparing=self.tr("Préparation du questionnaire « {0} »…").format(campaign),
            saved=self.tr("Questionnaire enregistré"),
            opened=self.tr("Questionnaire enregistré et ouvert pour l'impression : {0}"),
            not_saved=self.tr("Questionnaire non enregistré"),
            build=build)
