"""« Relevé PDF… » beside the meeting form of Réunions CCAPEX: the relevé of the meeting
selected, proposed in the bilans' folder, written off the UI thread, opened in the system
viewer and announced in the status bar; unsaved changes of the form asked about first."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import FollowUp, Meeting, Partner
from pexdesk.core.formatting import format_date
from pexdesk.core.repositories import meetings, partners
from pexdesk.ui.output_files import REPORTS_FOLDER
from tests.core.reporting_helpers import pdf_text
from tests.ui.conftest import shown_read_only, shown_window
from tests.ui.helpers import (click_row, journal_rows, open_section, read, type_text,
                              wait_for_opening_backup)
from tests.ui.test_questionnaire_ui import answer_save_dialog, message

LEFT = Qt.MouseButton.LeftButton
TODAY = date.today()
SOUS_CCAPEX_DAY = TODAY - timedelta(days=20)
GROUPE_DAY = TODAY - timedelta(days=50)
pytestmark = pytest.mark.usefixtures("opened")  # no real viewer ever opens


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


@pytest.fixture
def meetings_base(base_path) -> Path:
    """A sous-CCAPEX attended by two organisations, with a late follow-up and a done one; a
    groupe de travail without anything."""
    with Base.open(base_path) as base:
        con = base.con
        caf = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
        office = partners.save(con, Partner(name="Gers Habitat", category_code="BAILSOC"))
        meetings.save(con, Meeting(held_on=SOUS_CCAPEX_DAY, kind=MeetingKind.SOUS_CCAPEX,
                                   territory="Condom", place="Mairie", dossiers_examined=8,
                                   opinions_issued=6, notes="Séance de rentrée."),
                      [caf.id, office.id],
                      [FollowUp(description="Relancer le bailleur", owner_partner_id=office.id,
                                due_on=TODAY - timedelta(days=1)),
                       FollowUp(description="Diffuser le relevé", done=True)])
        meetings.save(con, Meeting(held_on=GROUPE_DAY, kind=MeetingKind.GROUPE_TRAVAIL))
    return base_path


@pytest.fixture
def window(qtbot, ui_settings, meetings_base):
    """The window, once the backup made on opening has announced itself: on a loaded machine
    its « Sauvegarde automatique faite » could replace the relevé's line before it is read."""
    with shown_window(qtbot, ui_settings, meetings_base) as window:
        wait_for_opening_backup(window, qtbot)
        yield window


def open_meeting(window, qtbot, held_on: date):
    """Réunions CCAPEX, the meeting held on ``held_on`` clicked in the list."""
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, day(held_on))
    assert screen.editor.record_id is not None
    return screen


def wait_written(window, qtbot) -> None:
    qtbot.waitUntil(lambda: message(window).startswith("Relevé enregistré"), timeout=30_000)


def test_the_releve_of_the_meeting_clicked_is_saved_opened_and_announced(
        window, qtbot, ui_settings, tmp_path, monkeypatch, opened):
    folder = tmp_path / "relevés"
    folder.mkdir()
    ui_settings.set_folder(REPORTS_FOLDER, folder)  # where the last bilan went
    out = folder / "pour les membres.pdf"
    asked = answer_save_dialog(monkeypatch, folder / "pour les membres")  # .pdf added
    screen = open_meeting(window, qtbot, SOUS_CCAPEX_DAY)
    button = screen.releve_button
    assert button.isEnabled() and button.text() == "Rele&vé PDF…"
    assert button.accessibleName() == "Relevé de la réunion en PDF" and button.toolTip()

    qtbot.mouseClick(button, LEFT)
    wait_written(window, qtbot)

    assert asked == [("Enregistrer le relevé de la réunion",
                      str(folder / f"Releve Sous-CCAPEX {SOUS_CCAPEX_DAY.isoformat()}.pdf"),
                      "Documents PDF (*.pdf)")]
    assert message(window) == f"Relevé enregistré et ouvert : {out}"
    assert opened == [QUrl.fromLocalFile(str(out))]
    text = pdf_text(out)
    assert f"Sous-CCAPEX du {SOUS_CCAPEX_DAY.day}" in text
    assert "CAF du Gers CAF Gers Habitat Bailleur social" in text
    assert "Dossiers examinés 8 Avis et recommandations émis 6" in text
    assert "Relancer le bailleur Gers Habitat" in text and "en retard" in text
    assert [p.name for p in folder.iterdir()] == [out.name]  # no temporary file left
    assert ui_settings.folder(REPORTS_FOLDER) == folder
    assert button.isEnabled()


def test_the_releve_is_in_the_journal(window, qtbot, tmp_path, monkeypatch):
    """It leaves the ADIL: the journal says which, and where it went, as for a bilan."""
    out = tmp_path / "pour les membres.pdf"
    answer_save_dialog(monkeypatch, out)
    screen = open_meeting(window, qtbot, SOUS_CCAPEX_DAY)
    qtbot.mouseClick(screen.releve_button, LEFT)
    wait_written(window, qtbot)
    assert journal_rows(window, qtbot)[0][1:] == [
        "document PDF", "", "", f"Relevé de la réunion (Sous-CCAPEX du "
                                f"{format_date(SOUS_CCAPEX_DAY)}, Condom) vers {out}"]
    # journaling it is no record of the user's: the status bar does not call it a save
    assert window.saved_label.text() == "Aucun enregistrement depuis l'ouverture"


def test_another_meeting_gets_its_own_releve(window, qtbot, tmp_path, monkeypatch):
    asked = answer_save_dialog(monkeypatch, tmp_path / "gt.pdf")
    screen = open_meeting(window, qtbot, SOUS_CCAPEX_DAY)
    click_row(qtbot, screen, day(GROUPE_DAY))
    qtbot.mouseClick(screen.releve_button, LEFT)
    wait_written(window, qtbot)
    assert Path(asked[0][1]).name == f"Releve Groupe de travail {GROUPE_DAY.isoformat()}.pdf"
    text = pdf_text(tmp_path / "gt.pdf")
    assert "Groupe de travail du" in text and "Aucun participant enregistré." in text
    assert "Dossiers examinés" not in text


def test_alt_v_makes_the_releve_not_the_follow_ups_rouvrir(window, qtbot, tmp_path,
                                                          monkeypatch):
    """« Rou&vrir » on the « Suites à donner » tab shares the letter: that tab hides the
    form, and the Liste tab hides it."""
    asked = answer_save_dialog(monkeypatch, tmp_path / "r.pdf")
    screen = open_meeting(window, qtbot, SOUS_CCAPEX_DAY)
    view = screen.followups
    screen.tabs.setCurrentWidget(view)
    view.state_filter.setCurrentIndex(view.state_filter.findText("Faites"))
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    assert view.done_button.text() == "Rou&vrir"
    screen.tabs.setCurrentIndex(0)
    screen.table.setFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    wait_written(window, qtbot)
    assert len(asked) == 1 and (tmp_path / "r.pdf").is_file()
    assert window.session.con.execute(
        "SELECT done FROM meeting_followup WHERE description = 'Diffuser le relevé'"
    ).fetchone()[0] == 1


def test_the_button_is_off_until_a_meeting_is_saved(window, qtbot, tmp_path, monkeypatch):
    screen = open_section(window, qtbot, "meetings")
    qtbot.keyClick(screen.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert screen.editor.record_id is None and not screen.releve_button.isEnabled()
    qtbot.keyClicks(screen.editor.held_on, day(TODAY - timedelta(days=3)))
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen.editor.held_on, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert screen.editor.record_id is not None and screen.releve_button.isEnabled()


@pytest.fixture
def question(monkeypatch) -> tuple[list[str], list[QMessageBox.StandardButton]]:
    """The unsaved-changes question: what it said, and the answers to give, in turn."""
    asked, answers = [], []

    def ask(parent, title, text, *rest):
        asked.append(read(text))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(ask))
    return asked, answers


def stored_place(window) -> str:
    return window.session.con.execute("SELECT place FROM meeting WHERE held_on = ?", (
        SOUS_CCAPEX_DAY.isoformat(),)).fetchone()[0]


def releve_asked_with_place_typed(window, qtbot, answers, answer):
    """The sous-CCAPEX shown, « annexe » typed after its place (not saved), then « Relevé
    PDF… » clicked, the unsaved changes' question answered ``answer``."""
    screen = open_meeting(window, qtbot, SOUS_CCAPEX_DAY)
    qtbot.keyClick(screen.editor.place, Qt.Key.Key_End)
    type_text(screen.editor.place, " annexe")
    answers.append(answer)
    qtbot.mouseClick(screen.releve_button, LEFT)
    return screen


def test_unsaved_changes_are_asked_about_first_and_annuler_keeps_them(
        window, qtbot, tmp_path, monkeypatch, question, opened):
    asked, answers = question
    dialog = answer_save_dialog(monkeypatch, tmp_path / "r.pdf")
    screen = releve_asked_with_place_typed(window, qtbot, answers,
                                           QMessageBox.StandardButton.Cancel)
    assert asked == [f"Le formulaire « Sous-CCAPEX du {day(SOUS_CCAPEX_DAY)} » contient des "
                     "modifications non enregistrées. Voulez-vous les enregistrer ?"]
    assert dialog == [] and opened == [] and list(tmp_path.glob("*.pdf")) == []
    assert screen.editor.dirty and screen.editor.place.text() == "Mairie annexe"
    assert stored_place(window) == "Mairie"


def test_saving_first_puts_the_changes_in_the_releve(window, qtbot, tmp_path, monkeypatch,
                                                    question):
    asked, answers = question
    answer_save_dialog(monkeypatch, tmp_path / "r.pdf")
    screen = releve_asked_with_place_typed(window, qtbot, answers,
                                           QMessageBox.StandardButton.Save)
    wait_written(window, qtbot)
    assert len(asked) == 1 and stored_place(window) == "Mairie annexe"
    assert not screen.editor.dirty
    assert "Lieu Mairie annexe" in pdf_text(tmp_path / "r.pdf")


def test_dropping_them_prints_and_shows_the_meeting_as_saved(window, qtbot, tmp_path,
                                                            monkeypatch, question):
    asked, answers = question
    answer_save_dialog(monkeypatch, tmp_path / "r.pdf")
    screen = releve_asked_with_place_typed(window, qtbot, answers,
                                           QMessageBox.StandardButton.Discard)
    wait_written(window, qtbot)
    assert len(asked) == 1 and stored_place(window) == "Mairie"
    assert not screen.editor.dirty and screen.editor.place.text() == "Mairie"
    text = pdf_text(tmp_path / "r.pdf")
    assert "Lieu Mairie" in text and "annexe" not in text


def test_a_failure_is_said_in_french_and_leaves_nothing(window, qtbot, tmp_path, monkeypatch,
                                                         opened):
    gone = tmp_path / "retiré"
    answer_save_dialog(monkeypatch, gone / "r.pdf")  # a folder removed meanwhile (a USB key)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text: warnings.append((title, read(text)))))
    screen = open_meeting(window, qtbot, SOUS_CCAPEX_DAY)
    qtbot.mouseClick(screen.releve_button, LEFT)
    qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
    assert warnings == [("Relevé non enregistré",
                         f"Le dossier {gone} n'existe pas : rien n'a été écrit.")]
    assert message(window) == "Relevé non enregistré."
    assert opened == [] and not gone.exists() and screen.releve_button.isEnabled()


def test_the_releve_is_built_off_the_ui_thread(window, qtbot, tmp_path, monkeypatch):
    import threading

    from pexdesk.core.services.reporting import releve

    threads = []
    real = releve.render_releve
    monkeypatch.setattr(releve, "render_releve", lambda data, out: (
        threads.append(threading.current_thread()), real(data, out))[1])
    answer_save_dialog(monkeypatch, tmp_path / "r.pdf")
    screen = open_meeting(window, qtbot, SOUS_CCAPEX_DAY)
    qtbot.mouseClick(screen.releve_button, LEFT)
    wait_written(window, qtbot)
    assert len(threads) == 1 and threads[0] is not QApplication.instance().thread()
    assert threads[0] is not threading.main_thread()


def test_a_base_opened_read_only_makes_it_too(qtbot, ui_settings, meetings_base, tmp_path,
                                              monkeypatch, opened):
    out = tmp_path / "r.pdf"
    answer_save_dialog(monkeypatch, out)
    with shown_read_only(qtbot, ui_settings, meetings_base) as window:
        screen = open_meeting(window, qtbot, SOUS_CCAPEX_DAY)
        assert not screen.duplicate_button.isEnabled()  # what writes is off…
        qtbot.mouseClick(screen.releve_button, LEFT)  # …not this
        qtbot.waitUntil(lambda: opened == [QUrl.fromLocalFile(str(out))], timeout=30_000)
        assert "Sous-CCAPEX du" in pdf_text(out)
