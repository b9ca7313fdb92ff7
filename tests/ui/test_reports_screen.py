"""Bilans: kind, period and sections chosen in the screen, the PDF built on a worker
thread (progress, cancel), opened, and its folder remembered."""

from __future__ import annotations

import importlib.util
import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QThreadPool, QTimer, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from pexdesk.core.domain.models import (Action, Campaign, JournalEntry, Meeting, Partner,
                                        Response)
from pexdesk.core.formatting import format_date, format_month
from pexdesk.core.repositories import feedback, meetings, partners, roadmap
from pexdesk.core.safety import journal
from pexdesk.core.services.reporting import build, catalog
from pexdesk.core.services.reporting.periods import (Period, default_month, default_period,
                                                     month_before)
from pexdesk.ui.main_window import MainWindow
from pexdesk.ui.profile_dialog import ProfileDialog
from pexdesk.ui.output_files import REPORTS_FOLDER
from pexdesk.ui.screens.reports import ReportsScreen, proposed_file_name
from tests.ui.helpers import (open_section, read, type_text, wait_for_opening_backup,
                              when_dialog_shows)
from tests.ui.test_mnemonics import assert_one_place_per_letter

BUILD_TIMEOUT_MS = 30_000
pytestmark = pytest.mark.usefixtures("opened")  # no real viewer ever opens


def write_some_activity(con) -> None:
    today = date.today()
    partner = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    meetings.save(con, Meeting(held_on=today - timedelta(days=20), kind="PLENIERE",
                               dossiers_examined=14, opinions_issued=11), [partner.id])
    meetings.save(con, Meeting(held_on=today - timedelta(days=50), kind="TECHNIQUE",
                               dossiers_examined=6, opinions_issued=5))
    axis = roadmap.axes(con)[0].id
    roadmap.save_action(con, Action(axis_id=axis, title="Former les travailleurs sociaux",
                                    status="EN_COURS", progress=40))


def open_reports(window, qtbot) -> ReportsScreen:
    return open_section(window, qtbot, "reports")


def type_path(screen: ReportsScreen, qtbot, path: Path) -> None:
    screen.path_edit.clear()
    qtbot.keyClicks(screen.path_edit, str(path))


def generate_and_wait(screen: ReportsScreen, qtbot) -> None:
    qtbot.mouseClick(screen.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.running, timeout=BUILD_TIMEOUT_MS)


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def slow_builds(monkeypatch, pause_s: float = 0.03) -> None:
    """Each progress step of the real build waits a little: a build of several seconds."""
    real = build.build_report

    def slow(*args, progress=None, **kwargs):
        def slowed(fraction, message):
            time.sleep(pause_s)
            progress(fraction, message)
        return real(*args, progress=slowed, **kwargs)

    monkeypatch.setattr(build, "build_report", slow)


def test_the_screen_says_it_has_loaded(window, qtbot):
    screen = ReportsScreen(window.session, window.undo_stack)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.loaded, timeout=5_000):
        screen.activate()
    assert open_reports(window, qtbot).shown_data


def test_activity_bilan_is_written_opened_and_its_folder_remembered(
        window, qtbot, tmp_path, opened, ui_settings, base_path, monkeypatch):
    write_some_activity(window.session.con)
    out_folder = tmp_path / "bilans"
    out_folder.mkdir()
    screen = open_reports(window, qtbot)
    assert screen.current_kind().key == "activite"
    assert screen.open_after.isChecked()
    proposed = Path(screen.path_edit.text()).name
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a, **k: (str(out_folder / proposed), "Documents PDF (*.pdf)")))
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)

    generate_and_wait(screen, qtbot)

    written = out_folder / proposed
    assert written.read_bytes().startswith(b"%PDF-")
    assert leftovers(out_folder) == [proposed]  # no temporary file left beside it
    period = default_period(window.session.base.profile(), date.today())
    text = pdf_text(written)
    assert "ADIL du Gers" in text
    assert f"{format_date(period.first)} – {format_date(period.last)}" in text
    assert "CAF du Gers" in text
    pages = len(PdfReader(written).pages)
    assert re.fullmatch(rf"Bilan enregistré : {re.escape(str(written))} \({pages} pages, "
                        r"\d+,\d s\)", read(screen.status.text()))
    if screen.viewer is None:  # PySide6-Essentials: the system viewer shows it
        assert opened == [QUrl.fromLocalFile(str(written))]
    else:  # PySide6 with QtPdf: the screen's own preview shows it
        assert opened == []
        assert screen.pdf_document.pageCount() == pages
        assert screen.results.currentWidget() is screen.viewer
    assert screen.error.isHidden()
    assert screen.history.rowCount() == 1
    assert screen.history.index(0, 3).data() == str(pages)

    qtbot.mouseClick(screen.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == QUrl.fromLocalFile(str(out_folder))

    assert ui_settings.folder(REPORTS_FOLDER) == out_folder
    again = MainWindow(ui_settings)
    qtbot.addWidget(again)
    window.close()  # one window per base
    assert again.open_base(base_path)
    again_screen = open_section(again, qtbot, "reports")
    assert Path(again_screen.path_edit.text()).parent == out_folder


def test_proposed_name_follows_the_period_and_is_safe_on_windows(window, qtbot):
    screen = open_reports(window, qtbot)
    previous = date.today().year - 1
    screen.period.combo.setCurrentIndex(screen.period.combo.findData("previous_year",
                                                                     Qt.ItemDataRole.UserRole))
    assert Path(screen.path_edit.text()).name == (
        f"Bilan activite {previous}-01-01 au {previous}-12-31.pdf")
    assert screen.period.first.text() == f"01/01/{previous}"
    assert screen.period.last.text() == f"31/12/{previous}"
    nbsp = "\u00a0"  # a date never splits over two lines (« 27 novembre / 2026 » did)
    assert screen.period_text.text() == (f"Du 1er{nbsp}janvier{nbsp}{previous} "
                                         f"au 31{nbsp}décembre{nbsp}{previous}")

    assert proposed_file_name("satisfaction", date(2025, 1, 1), date(2025, 12, 31),
                              "Campagne 2025 / CAF") == (
        "Bilan satisfaction Campagne 2025 _ CAF 2025-01-01 au 2025-12-31.pdf")


def test_a_name_typed_by_the_user_is_kept_when_the_period_changes(window, qtbot, tmp_path):
    screen = open_reports(window, qtbot)
    type_path(screen, qtbot, tmp_path / "mon bilan")
    screen.period.combo.setCurrentIndex(screen.period.combo.findData("current_year",
                                                                     Qt.ItemDataRole.UserRole))
    assert screen.path_edit.text() == str(tmp_path / "mon bilan")
    qtbot.keyClick(screen.path_edit, Qt.Key.Key_Return)  # Entrée generates
    qtbot.waitUntil(lambda: not screen.running, timeout=BUILD_TIMEOUT_MS)
    assert (tmp_path / "mon bilan.pdf").exists()  # « .pdf » added


def test_a_bilan_written_in_the_application_is_journaled(window, qtbot, tmp_path):
    wait_for_opening_backup(window, qtbot)
    screen = open_reports(window, qtbot)
    type_path(screen, qtbot, tmp_path / "bilan.pdf")
    generate_and_wait(screen, qtbot)
    entry = journal.entries(window.session.con, newest_first=True, limit=1)[0]
    assert (entry.action_label, entry.summary) == (
        "document PDF",
        f"Bilan d'activité ({screen.coverage_text()}) vers {tmp_path / 'bilan.pdf'}")
    # journaling the bilan is no record of the user's: the status bar does not call it a save
    assert window.saved_label.text() == "Aucun enregistrement depuis l'ouverture"


def test_an_invalid_period_is_refused_in_the_screen(window, qtbot, tmp_path):
    screen = open_reports(window, qtbot)
    type_path(screen, qtbot, tmp_path / "bilan.pdf")
    screen.period.first.clear()
    qtbot.keyClicks(screen.period.first, "31/12/2025")
    assert screen.period.combo.currentData(Qt.ItemDataRole.UserRole) == "custom"
    screen.period.last.clear()
    qtbot.keyClicks(screen.period.last, "01/01/2025")

    qtbot.mouseClick(screen.generate_button, Qt.MouseButton.LeftButton)
    assert not screen.running
    assert screen.period.errors.isVisibleTo(screen)
    assert "Période invalide" in screen.period.errors.text()

    screen.period.last.clear()
    qtbot.keyClicks(screen.period.last, "32/01/2026")
    qtbot.mouseClick(screen.generate_button, Qt.MouseButton.LeftButton)
    assert not screen.running
    assert screen.period.errors.text()
    assert not (tmp_path / "bilan.pdf").exists()


def test_the_bilan_follows_the_period_typed_even_without_enter(window, qtbot, tmp_path):
    screen = open_reports(window, qtbot)
    type_path(screen, qtbot, tmp_path / Path(screen.path_edit.text()).name)  # still proposed
    qtbot.keyClick(screen, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # « Pé&riode »
    assert screen.period.combo.hasFocus()
    for field, text in ((screen.period.first, "01/01/2025"), (screen.period.last, "30/6/25")):
        field.selectAll()
        qtbot.keyClicks(field, text)
    assert screen.period.combo.currentText() == "Période personnalisée…"
    qtbot.keyClick(screen.period.last, Qt.Key.Key_Return)
    assert read(screen.period_text.text()) == "Du 1er janvier 2025 au 30 juin 2025"
    assert screen.path_edit.text() == str(tmp_path / "Bilan activite 2025-01-01 au 2025-06-30.pdf")

    screen.period.first.selectAll()  # typed, « Générer » pressed without Entrée
    qtbot.keyClicks(screen.period.first, "01/03/2025")
    generate_and_wait(screen, qtbot)
    assert read(screen.period_text.text()) == "Du 1er mars 2025 au 30 juin 2025"
    assert (tmp_path / "Bilan activite 2025-03-01 au 2025-06-30.pdf").exists()
    assert screen.history.index(0, 2).data() == screen.period_text.text()


def test_no_section_checked_is_refused(window, qtbot, tmp_path):
    screen = open_reports(window, qtbot)
    type_path(screen, qtbot, tmp_path / "bilan.pdf")
    assert screen.chosen_sections() == catalog.KINDS["activite"].section_keys
    qtbot.mouseClick(screen.no_sections, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.generate_button, Qt.MouseButton.LeftButton)
    assert not screen.running
    assert "Cochez au moins une section" in screen.sections_errors.text()
    assert not (tmp_path / "bilan.pdf").exists()


def test_chosen_sections_only(window, qtbot, tmp_path):
    screen = open_reports(window, qtbot)
    type_path(screen, qtbot, tmp_path / "bilan.pdf")
    qtbot.mouseClick(screen.no_sections, Qt.MouseButton.LeftButton)
    synthese = next(row for row in range(screen.sections.rowCount())
                    if screen.sections.item(row).data(Qt.ItemDataRole.UserRole) == "synthese")
    screen.sections.item(synthese).setCheckState(Qt.CheckState.Checked)
    generate_and_wait(screen, qtbot)
    text = pdf_text(tmp_path / "bilan.pdf")
    assert "Synthèse" in text
    assert "Annexes" not in text


def test_an_existing_file_is_replaced_only_if_the_user_agrees(window, qtbot, tmp_path,
                                                              monkeypatch):
    target = tmp_path / "bilan.pdf"
    target.write_bytes(b"ancien")
    screen = open_reports(window, qtbot)
    type_path(screen, qtbot, target)
    asked = []

    def answer(reply):
        def question(parent, title, text, *args, **kwargs):
            asked.append(text)
            return reply
        return staticmethod(question)

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(screen.generate_button, Qt.MouseButton.LeftButton)
    assert not screen.running
    assert target.read_bytes() == b"ancien"
    assert "existe déjà" in asked[0]

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    generate_and_wait(screen, qtbot)
    assert target.read_bytes().startswith(b"%PDF-")


def test_the_window_answers_during_a_build_and_cancel_stops_it(window, qtbot, tmp_path,
                                                                monkeypatch, opened):
    write_some_activity(window.session.con)
    slow_builds(monkeypatch)
    screen = open_reports(window, qtbot)
    target = tmp_path / "bilan.pdf"
    type_path(screen, qtbot, target)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)

    qtbot.mouseClick(screen.generate_button, Qt.MouseButton.LeftButton)
    assert screen.running
    assert screen.progress.isVisibleTo(screen) and screen.cancel_button.isEnabled()
    assert not screen.generate_button.isEnabled()
    qtbot.waitUntil(lambda: screen.progress.value() >= 10, timeout=BUILD_TIMEOUT_MS)
    assert screen.running
    assert len(ticks) >= 5  # the UI thread kept running its timers during the build
    # the user can still browse the other sections meanwhile
    window.show_screen("partners")
    window.show_screen("reports")

    assert screen.cancel_button.shortcut() == QKeySequence(QKeySequence.StandardKey.Cancel)
    qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    assert screen.progress_text.text() == "Annulation en cours…"
    qtbot.waitUntil(lambda: not screen.running, timeout=BUILD_TIMEOUT_MS)
    timer.stop()
    assert screen.status.text().startswith("Génération annulée")
    assert not target.exists()
    assert not any(name.startswith(".bilan.pdf") for name in leftovers(tmp_path))
    assert opened == []
    assert screen.generate_button.isEnabled()
    assert screen.history.rowCount() == 0


def test_closing_the_base_during_a_build_asks_then_cancels(window, qtbot, tmp_path, monkeypatch):
    slow_builds(monkeypatch)
    screen = open_reports(window, qtbot)
    type_path(screen, qtbot, tmp_path / "bilan.pdf")
    qtbot.mouseClick(screen.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.progress.value() >= 5, timeout=BUILD_TIMEOUT_MS)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.No))
    assert not screen.can_leave()
    assert screen.running

    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.Yes))
    window.close_base()  # the screen goes away while the build stops
    assert window.session is None
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0,
                    timeout=BUILD_TIMEOUT_MS)  # the build's thread has stopped
    qtbot.wait(50)
    assert not (tmp_path / "bilan.pdf").exists()
    assert not any(p.name.startswith(".bilan.pdf") for p in tmp_path.iterdir())


def test_a_missing_folder_is_reported_in_french(window, qtbot, tmp_path, opened):
    folder = tmp_path / "bilans"
    folder.mkdir()
    screen = open_reports(window, qtbot)
    type_path(screen, qtbot, folder / "bilan.pdf")
    folder.rmdir()  # removed (USB key unplugged) after the name was chosen
    qtbot.mouseClick(screen.generate_button, Qt.MouseButton.LeftButton)
    assert not screen.running
    assert "n'existe pas" in screen.output_errors.text()
    assert not (folder / "bilan.pdf").exists()
    assert opened == []


def test_a_failure_during_the_build_is_shown_in_french(window, qtbot, tmp_path, monkeypatch,
                                                       opened):
    target = tmp_path / "bilan.pdf"
    screen = open_reports(window, qtbot)
    type_path(screen, qtbot, target)

    def write_fails(*args, **kwargs):
        raise catalog.ReportError(f"Impossible d'écrire le bilan {target} (disque plein) : "
                                    "aucun fichier n'a été écrit.")

    monkeypatch.setattr(build, "build_report", write_fails)
    generate_and_wait(screen, qtbot)
    assert screen.error.text().startswith("Impossible d'écrire le bilan")
    assert screen.error.isVisibleTo(screen)

    def crashes(*args, **kwargs):
        raise KeyError("section")

    monkeypatch.setattr(build, "build_report", crashes)
    generate_and_wait(screen, qtbot)
    assert "erreur inattendue" in screen.error.text()
    assert "Traceback" not in screen.error.text()
    assert not target.exists()
    assert opened == []
    assert screen.generate_button.isEnabled()


def test_kinds_come_from_the_reporting_catalog(window, qtbot):
    screen = open_reports(window, qtbot)
    keys = [screen.kind.itemData(i, Qt.ItemDataRole.UserRole) for i in range(screen.kind.count())]
    assert keys == ["activite", "satisfaction", "mensuel"] == list(catalog.KINDS)
    assert [screen.kind.itemText(i) for i in range(3)] == ["Bilan d'activité",
                                                           "Bilan de satisfaction",
                                                           "Point mensuel"]
    assert all(screen.kind.model().item(i).isEnabled() for i in range(3))
    assert screen.kind_note.isHidden()
    assert not screen.campaign.isVisibleTo(screen)
    assert [screen.sections.item(row).text() for row in range(screen.sections.rowCount())] == [
        "Synthèse", "Contexte de la mission", "Feuille de route", "Activité de la CCAPEX",
        "Partenariat", "Indicateurs de suivi", "Retours des partenaires", "Annexes"]


def test_a_kind_only_announced_is_listed_disabled_with_why(window, qtbot, monkeypatch):
    monkeypatch.setitem(catalog.PLANNED_KINDS, "annuel", "Le bilan annuel arrive bientôt.")
    screen = open_reports(window, qtbot)
    assert screen.kind.itemText(3) == "Bilan « annuel » (pas encore disponible)"
    assert not screen.kind.model().item(3).isEnabled()
    assert screen.kind_note.isVisibleTo(screen)
    assert screen.kind_note.text().startswith("Le bilan « annuel » n'est pas encore disponible")


def campaign_kind(sections) -> catalog.Kind:
    """A kind covering a feedback campaign, as the reporting catalog would declare it."""
    return catalog.Kind("satisfaction", "Bilan de satisfaction", tuple(sections),
                        takes_campaign=True)


def add_campaign(con, name: str = "Enquête 2025") -> None:
    campaign = feedback.create_campaign(con, Campaign(name=name, period_start=date(2025, 3, 1),
                                                      period_end=date(2025, 4, 30)),
                                        ["Animation"])
    for score, day in ((4, 10), (5, 12), (2, 20)):
        feedback.add_response(con, Response(campaign_id=campaign.id, category_code="CAF",
                                            department_code="32", overall_score=score,
                                            responded_on=date(2025, 3, day)))


def test_a_new_campaign_kind_appears_by_itself_with_its_campaign(window, qtbot, tmp_path,
                                                                 monkeypatch):
    """A kind added to the reporting catalog is offered without touching the screen."""
    activity = catalog.KINDS["activite"]
    monkeypatch.setitem(catalog.KINDS, "satisfaction", campaign_kind(activity.sections[:2]))
    add_campaign(window.session.con)
    calls = []
    real = build.build_report

    def as_activity(source, kind, first, last, *args, **kwargs):
        calls.append((kind, first, last, kwargs.get("campaign"), kwargs.get("sections")))
        return real(source, "activite", first, last, *args, **kwargs)

    monkeypatch.setattr(build, "build_report", as_activity)

    screen = open_reports(window, qtbot)
    assert screen.kind_note.isHidden()
    screen.kind.setCurrentIndex(screen.kind.findText("Bilan de satisfaction"))
    assert screen.campaign.isVisibleTo(screen)
    assert screen.campaign.currentText() == "Enquête 2025"
    assert screen.period.combo.currentText() == "Toute la campagne"
    assert read(screen.period_text.text()) == ("Toutes les réponses de la campagne « Enquête 2025 » "
                                         "(collecte du 1er mars 2025 au 30 avril 2025)")
    assert screen.sections.rowCount() == 2
    assert Path(screen.path_edit.text()).name == "Bilan satisfaction Enquete 2025.pdf"
    type_path(screen, qtbot, tmp_path / "satisfaction.pdf")
    generate_and_wait(screen, qtbot)
    assert calls == [("satisfaction", None, None, "Enquête 2025", ("synthese", "contexte"))]
    assert (tmp_path / "satisfaction.pdf").exists()
    assert screen.history.index(0, 2).data().startswith("Toutes les réponses de la campagne")

    screen.kind.setCurrentIndex(0)
    assert not screen.campaign.isVisibleTo(screen)
    assert screen.period.combo.findText("Toute la campagne") == -1
    assert screen.period.combo.currentData(Qt.ItemDataRole.UserRole) == "default"


def test_a_campaign_kind_over_every_campaign_of_a_period(window, qtbot, monkeypatch):
    activity = catalog.KINDS["activite"]
    monkeypatch.setitem(catalog.KINDS, "satisfaction", campaign_kind(activity.sections))
    screen = open_reports(window, qtbot)
    screen.kind.setCurrentIndex(screen.kind.findText("Bilan de satisfaction"))
    # no campaign in the base: every campaign's responses of a period, the only choice
    assert screen.campaign.count() == 1
    assert screen.chosen_campaign() is None
    assert screen.period.combo.findText("Toute la campagne") == -1
    assert screen.period_text.text().startswith("Réponses de toutes les campagnes datées du ")


def test_satisfaction_bilan_of_a_whole_campaign(window, qtbot, tmp_path):
    add_campaign(window.session.con)
    screen = open_reports(window, qtbot)
    screen.kind.setCurrentIndex(screen.kind.findText("Bilan de satisfaction"))
    assert screen.period.combo.currentText() == "Toute la campagne"
    assert screen.chosen_sections() == catalog.KINDS["satisfaction"].section_keys
    type_path(screen, qtbot, tmp_path / "satisfaction.pdf")
    generate_and_wait(screen, qtbot)
    assert screen.error.isHidden(), screen.error.text()
    text = pdf_text(tmp_path / "satisfaction.pdf")
    assert "ADIL du Gers" in text
    assert "Enquête 2025" in text


def test_a_bilan_built_nearly_empty_says_so(window, qtbot, tmp_path):
    screen = open_reports(window, qtbot)
    screen.kind.setCurrentIndex(screen.kind.findText("Bilan de satisfaction"))
    type_path(screen, qtbot, tmp_path / "satisfaction.pdf")
    generate_and_wait(screen, qtbot)
    assert (tmp_path / "satisfaction.pdf").exists()
    assert read(screen.status.text()).endswith(
        "Attention : la base ne contient aucune campagne de retours des partenaires : le bilan "
        "de satisfaction ne contient aucune réponse.")


def test_pdf_preview_only_with_the_qt_pdf_module(window, qtbot):
    """PySide6-Essentials has no QtPdf: the system viewer opens the bilan instead."""
    screen = open_reports(window, qtbot)
    has_qt_pdf = importlib.util.find_spec("PySide6.QtPdfWidgets") is not None
    assert (screen.viewer is not None) == has_qt_pdf
    assert screen.open_after.isVisibleTo(screen) == (not has_qt_pdf)


def test_the_cover_s_author_is_shown_and_changed_from_the_screen(window, qtbot, tmp_path):
    screen = open_reports(window, qtbot)
    assert read(screen.cover_text.text()) == "ADIL du Gers\nRédigé par Camille Martin · sans logo"

    def answer(dialog) -> None:
        dialog.officer.selectAll()
        type_text(dialog.officer, "Dominique Lefèvre")
        qtbot.keyClick(dialog.officer, Qt.Key.Key_Return)

    when_dialog_shows(ProfileDialog, answer)
    qtbot.mouseClick(screen.profile_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Dominique" in screen.cover_text.text())
    assert read(screen.cover_text.text()) == (
        "ADIL du Gers\nRédigé par Dominique Lefèvre · sans logo")
    type_path(screen, qtbot, tmp_path / "bilan.pdf")
    generate_and_wait(screen, qtbot)
    assert "RÉDIGÉ PAR Dominique Lefèvre, chargé(e) de mission PEX" in pdf_text(
        tmp_path / "bilan.pdf")


# --- Point mensuel ------------------------------------------------------------------------------

def test_a_point_mensuel_chosen_with_the_keyboard_month_and_all(window, qtbot, tmp_path, opened):
    """Alt+T, « P », Alt+R, Down, Alt+G: the point mensuel of the month before the one
    proposed, its figures the base's, the month's in place of the period picker."""
    today = date.today()
    proposed = default_month(window.session.base.profile(), today)
    chosen = month_before(proposed)
    con = window.session.con
    meetings.save(con, Meeting(held_on=chosen.first + timedelta(days=9), kind="TECHNIQUE",
                               territory="Auch", dossiers_examined=9, opinions_issued=7))
    action = roadmap.save_action(con, Action(axis_id=roadmap.axes(con)[0].id,
                                             title="Former les travailleurs sociaux",
                                             status="EN_COURS", progress=40))
    roadmap.add_journal_entry(con, JournalEntry(action_id=action.id, entry_on=chosen.first,
                                                text="Première session tenue."))
    screen = open_reports(window, qtbot)
    folder = Path(screen.path_edit.text()).parent

    qtbot.keyClick(screen, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # « &Type : »
    assert screen.kind.hasFocus()
    qtbot.keyClicks(screen.kind, "P")
    assert screen.current_kind().key == "mensuel"
    assert screen.month.isVisibleTo(screen) and not screen.period.isVisibleTo(screen)
    assert screen.cover_box.title() == "En-tête de la note"
    assert [screen.sections.item(r).text() for r in range(screen.sections.rowCount())] == [
        "Le mois en chiffres", "Feuille de route", "Indicateurs", "Réunions de la CCAPEX",
        "À venir"]
    assert_one_place_per_letter(window, screen)
    assert screen.month.itemText(0).startswith(format_month(today.replace(day=1)).capitalize())
    assert screen.month.currentText().startswith(format_month(proposed.first).capitalize())

    qtbot.keyClick(screen, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # « Pé&riode »
    assert screen.month.hasFocus()
    qtbot.keyClick(screen.month, Qt.Key.Key_Down)
    name = f"Point mensuel {chosen.first:%Y-%m}.pdf"
    assert screen.month.currentText() == format_month(chosen.first).capitalize()
    assert read(screen.period_text.text()) == read(Period(chosen.first, chosen.last).heading)
    assert screen.path_edit.text() == str(folder / name)
    type_path(screen, qtbot, tmp_path / name)

    qtbot.keyClick(screen, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # « &Générer »
    # the button clicks itself a moment later (animateClick), the build runs on a worker
    qtbot.waitUntil(lambda: screen.history.rowCount() == 1, timeout=BUILD_TIMEOUT_MS)
    assert screen.error.isHidden(), screen.error.text()
    text = pdf_text(tmp_path / name)
    assert f"Point mensuel — {format_month(chosen.first)}" in text
    assert "Réunions tenues 1 — —" in text  # no other month holds anything: « — », not 0
    assert "Dossiers examinés 9 — —" in text and "Avis et recommandations émis 7 — —" in text
    assert "Former les travailleurs sociaux • " \
           f"{format_date(chosen.first)} — Première session tenue." in text
    pages = len(PdfReader(tmp_path / name).pages)
    assert read(screen.status.text()).startswith(
        f"Bilan enregistré : {tmp_path / name} ({pages} pages")
    assert screen.history.index(0, 1).data() == "Point mensuel"
    assert screen.history.index(0, 2).data() == screen.period_text.text()

    qtbot.keyClick(screen, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert screen.kind.hasFocus()
    qtbot.keyClick(screen.kind, Qt.Key.Key_Home)  # back to a bilan: the period picker again
    assert screen.current_kind().key == "activite"
    assert screen.period.isVisibleTo(screen) and not screen.month.isVisibleTo(screen)
    assert screen.cover_box.title() == "Couverture"
