"""« Questionnaire à imprimer… » on Retours des partenaires: the save dialog proposes the
campaign's file in the bilans' folder, the PDF is written off the UI thread, opened in the
system viewer, and the status bar says so; a base opened read-only prints it too."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import Campaign
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback
from pexdesk.ui.output_files import REPORTS_FOLDER
from tests.core.reporting_helpers import pdf_text
from tests.ui.conftest import shown_read_only, shown_window
from tests.ui.helpers import journal_rows, open_section, read, wait_for_opening_backup

LEFT = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.usefixtures("opened")  # no real viewer ever opens


@pytest.fixture
def with_campaign(base_path) -> Path:
    with Base.open(base_path) as base:
        feedback.create_campaign(base.con, Campaign(name="Enquête 2025",
                                                    period_start=date(2025, 3, 1)),
                                 [(item.code, item.label) for item in ANIL_ITEMS])
    return base_path


def answer_save_dialog(monkeypatch, chosen: Path | None) -> list[tuple]:
    """The save dialog answers ``chosen`` (None: Annuler); returns what it was asked."""
    asked: list[tuple] = []

    def save_file_name(parent, title, proposed, filters, *args):
        asked.append((title, proposed, filters))
        return (str(chosen) if chosen else "", filters)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_file_name))
    return asked


def message(window) -> str:
    return read(window.statusBar().currentMessage())


def open_feedback(window, qtbot):
    """Retours des partenaires, once the opening backup has said so in the status bar."""
    screen = open_section(window, qtbot, "feedback")
    wait_for_opening_backup(window, qtbot)
    return screen


def test_the_questionnaire_is_saved_opened_and_announced(
        qtbot, ui_settings, with_campaign, tmp_path, monkeypatch, opened):
    folder = tmp_path / "bilans"
    folder.mkdir()
    ui_settings.set_folder(REPORTS_FOLDER, folder)  # where the last bilan went
    out = folder / "pour la CCAPEX.pdf"
    asked = answer_save_dialog(monkeypatch, folder / "pour la CCAPEX")  # .pdf added
    with shown_window(qtbot, ui_settings, with_campaign) as window:
        screen = open_feedback(window, qtbot)
        button = screen.questionnaire_button
        assert button.isEnabled() and button.text() == "Questi&onnaire à imprimer…"
        assert button.accessibleName() and button.toolTip()

        qtbot.mouseClick(button, LEFT)
        qtbot.waitUntil(lambda: message(window).startswith("Questionnaire enregistré"),
                        timeout=30_000)

        assert asked == [("Enregistrer le questionnaire à imprimer",
                          str(folder / "Questionnaire Enquete 2025.pdf"),
                          "Documents PDF (*.pdf)")]
        assert message(window) == f"Questionnaire enregistré et ouvert pour l'impression : {out}"
        assert opened == [QUrl.fromLocalFile(str(out))]
        text = pdf_text(out)
        assert "Enquête 2025" in text and "Page 1 / 2" in text
        assert all(f"{n}. {item.label}" in text for n, item in enumerate(ANIL_ITEMS, 1))
        assert [p.name for p in folder.iterdir()] == [out.name]  # no temporary file left
        assert ui_settings.folder(REPORTS_FOLDER) == folder
        assert button.isEnabled()


def test_the_questionnaire_is_in_the_journal(qtbot, ui_settings, with_campaign, tmp_path,
                                             monkeypatch):
    out = tmp_path / "q.pdf"
    answer_save_dialog(monkeypatch, out)
    with shown_window(qtbot, ui_settings, with_campaign) as window:
        screen = open_feedback(window, qtbot)
        qtbot.mouseClick(screen.questionnaire_button, LEFT)
        qtbot.waitUntil(lambda: message(window).startswith("Questionnaire enregistré"),
                        timeout=30_000)
        assert journal_rows(window, qtbot)[0][1:] == [
            "document PDF", "", "",
            f"Questionnaire aux partenaires (campagne « Enquête 2025 ») vers {out}"]


def test_annuler_in_the_dialog_writes_nothing(window, qtbot, ui_settings, tmp_path,
                                              monkeypatch, opened):
    feedback.create_campaign(window.session.con, Campaign(name="Enquête 2025"), ["Animation"])
    asked = answer_save_dialog(monkeypatch, None)
    screen = open_feedback(window, qtbot)
    qtbot.mouseClick(screen.questionnaire_button, LEFT)
    qtbot.wait(200)
    assert len(asked) == 1 and "Questionnaire" not in message(window)
    assert opened == [] and list(tmp_path.rglob("*.pdf")) == []
    assert ui_settings.folder(REPORTS_FOLDER) is None


def test_a_base_opened_read_only_prints_it_too(qtbot, ui_settings, with_campaign, tmp_path,
                                                monkeypatch, opened):
    out = tmp_path / "q.pdf"
    answer_save_dialog(monkeypatch, out)
    with shown_read_only(qtbot, ui_settings, with_campaign) as window:
        screen = open_feedback(window, qtbot)
        assert not screen.items_button.isEnabled()  # what writes is off…
        assert screen.questionnaire_button.isEnabled()  # …not this
        qtbot.mouseClick(screen.questionnaire_button, LEFT)
        qtbot.waitUntil(lambda: opened == [QUrl.fromLocalFile(str(out))], timeout=30_000)
        assert "Enquête 2025" in pdf_text(out)


def test_a_failure_is_said_in_french_and_leaves_nothing(window, qtbot, tmp_path, monkeypatch,
                                                         opened):
    feedback.create_campaign(window.session.con, Campaign(name="Enquête 2025"), ["Animation"])
    gone = tmp_path / "retiré"
    answer_save_dialog(monkeypatch, gone / "q.pdf")  # a folder removed meanwhile (a USB key)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text: warnings.append((title, read(text)))))
    screen = open_feedback(window, qtbot)
    qtbot.mouseClick(screen.questionnaire_button, LEFT)
    qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
    assert warnings == [("Questionnaire non enregistré",
                         f"Le dossier {gone} n'existe pas : rien n'a été écrit.")]
    assert message(window) == "Questionnaire non enregistré."
    assert opened == [] and not gone.exists()
    assert screen.questionnaire_button.isEnabled()  # ready to try again


def test_without_a_pdf_viewer_the_status_bar_says_where_the_file_is(window, qtbot, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    feedback.create_campaign(window.session.con, Campaign(name="Enquête 2025"), ["Animation"])
    out = tmp_path / "q.pdf"
    answer_save_dialog(monkeypatch, out)
    screen = open_feedback(window, qtbot)
    qtbot.mouseClick(screen.questionnaire_button, LEFT)
    qtbot.waitUntil(lambda: message(window).startswith("Questionnaire enregistré"),
                    timeout=30_000)
    assert message(window) == (f"Questionnaire enregistré. Aucune application n'a pu ouvrir "
                               f"{out}. Ouvrez-le depuis l'explorateur de fichiers.")
    assert out.is_file()


def test_a_file_held_open_elsewhere_is_kept_and_the_warning_says_why(window, qtbot, tmp_path,
                                                                      monkeypatch, opened):
    """Windows refuses to replace a PDF open in a viewer: the last printed one stays, and
    the message says to close it."""
    from pexdesk.core.services.reporting import document

    feedback.create_campaign(window.session.con, Campaign(name="Enquête 2025"), ["Animation"])
    out = tmp_path / "q.pdf"
    out.write_bytes(b"%PDF- la version imprimee hier")
    answer_save_dialog(monkeypatch, out)

    def held(self, story):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(document.ReportDocument, "render", held)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text: warnings.append(read(text))))
    screen = open_feedback(window, qtbot)
    qtbot.mouseClick(screen.questionnaire_button, LEFT)
    qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
    assert warnings == [f"Impossible d'écrire le questionnaire {out} (permission refusée) : "
                        "aucun fichier n'a été écrit. Si ce fichier est ouvert dans un lecteur "
                        "PDF, fermez-le puis recommencez."]
    assert out.read_bytes() == b"%PDF- la version imprimee hier" and opened == []
