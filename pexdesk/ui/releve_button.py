"""« Relevé PDF… » beside the meeting form of Réunions CCAPEX: the relevé of the meeting
shown, as a PDF to send its members (see ``pdf_button``).

The relevé prints the meeting as the base has it. Unsaved changes of the form are asked
about first, as when another meeting is chosen: saved, they are in it; dropped, the form
shows the meeting as saved again, as the relevé does.
"""

from __future__ import annotations

from datetime import date

from pexdesk.core.domain.kinds import MEETING_KIND_LABELS
from pexdesk.core.safety.files import safe_file_name
from pexdesk.ui.pdf_button import PdfButton, PdfJob


def proposed_file_name(kind: str, held_on: date) -> str:
    """« Releve Sous-CCAPEX 2026-11-16.pdf »: the relevés of a folder in the order they
    were held, in a name any Windows folder accepts."""
    return safe_file_name(f"Relevé {MEETING_KIND_LABELS[kind]} {held_on.isoformat()}") + ".pdf"


class ReleveButton(PdfButton):
    """The relevé of the saved meeting the form shows (its subject); ``screen`` is the
    Réunions CCAPEX list, whose form it is."""

    def __init__(self, screen):
        # Alt+V: the one letter of its name no label of the screen takes; the follow-ups'
        # « Rou&vrir » shares it, on the « Suites à donner » tab, which hides the form.
        super().__init__(self.tr("Rele&vé PDF…"), screen.session)
        self.screen = screen
        self.setAccessibleName(self.tr("Relevé de la réunion en PDF"))
        self.setToolTip(self.tr("Le relevé de la réunion enregistrée, à envoyer aux membres : "
                                "participants, dossiers et avis, notes et suites à donner"))

    def job(self, meeting_id: int) -> PdfJob | None:
        screen, con = self.screen, self.session.con
        unsaved = screen.editor.dirty
        if unsaved and not screen.settle_unsaved_of(meeting_id):
            return None
        row = screen.fetch_one(con, meeting_id)
        if row is None:  # deleted meanwhile: nothing to print
            return None
        if unsaved:  # dropped, the changes would still show in the form
            screen.editor.load(row, con)

        def build(con, out):
            # reportlab and its fonts load here, off the UI thread
            from pexdesk.core.services.reporting.releve import gather_releve, render_releve

            data = gather_releve(con, meeting_id)
            written = render_releve(data, out)
            return written, data.summary(written)

        return PdfJob(
            file_name=proposed_file_name(row.kind, row.held_on),
            dialog_title=self.tr("Enregistrer le relevé de la réunion"),
            preparing=self.tr("Préparation du relevé « {0} »…").format(screen.row_title(row)),
            saved=self.tr("Relevé enregistré"),
            opened=self.tr("Relevé enregistré et ouvert : {0}"),
            not_saved=self.tr("Relevé non enregistré"),
            build=build)
