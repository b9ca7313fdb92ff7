"""« Importer un fichier… » with a survey export downloaded again: the preview names the
responses imported before that the file no longer holds, beside what will be imported;
the import goes on and deletes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from pexdesk.core.services.importing import (ResponseImportOptions, commit_responses,
                                             plan_responses, read_file)
from tests.survey_data import EXPORT, EXPORT_ROWS, REDOWNLOADED_ROWS, write_export
from tests.ui.helpers import read
from tests.ui.test_import_wizard import choose_file, commit, count, next_and_plan, open_wizard


def import_first_download(window, tmp_path) -> dict[str, int]:
    """The export's first download imported into « Enquête 2024 »; response number by
    comment."""
    con = window.session.con
    options = ResponseImportOptions(campaign="Enquête 2024")
    commit_responses(con, plan_responses(con, read_file(write_export(tmp_path, EXPORT_ROWS)),
                                         options))
    return {comment: number for number, comment in con.execute("SELECT id, comment FROM response")}


def preview(window, qtbot, monkeypatch, tmp_path, *, existing: bool):
    _, wizard = open_wizard(window, qtbot, monkeypatch,
                            write_export(tmp_path, REDOWNLOADED_ROWS))
    choose_file(wizard, qtbot, None if existing else "Enquête PEX bis")
    if existing:
        qtbot.mouseClick(wizard.file_page.existing_radio, Qt.MouseButton.LeftButton)
    next_and_plan(wizard, qtbot)
    return wizard, wizard.preview_page


def test_the_preview_names_the_responses_the_new_download_lacks(window, qtbot, monkeypatch,
                                                                tmp_path):
    numbers = import_first_download(window, tmp_path)
    wizard, page = preview(window, qtbot, monkeypatch, tmp_path, existing=True)
    assert page.counts.text() == ("6 lignes lues, 2 importables, 0 rejetée, "
                                  "4 déjà importées, ignorées.")
    assert page.vanished.isVisibleTo(page)
    assert read(page.vanished.text()) == (
        f"2 réponses importées auparavant de « {EXPORT} » ne figurent plus dans ce fichier "
        f"(n° {numbers['Réponse 2']} et n° {numbers['Réponse 5']}) : modifiées ou supprimées "
        "dans l'outil d'enquête. Une réponse modifiée est importée comme une nouvelle "
        "réponse : supprimez l'ancienne dans Retours des partenaires si besoin.")
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()  # blocks nothing
    commit(wizard, qtbot)
    assert count(window, "response") == 8  # the edited and the added row; none deleted


def test_into_a_new_campaign_nothing_is_said(window, qtbot, monkeypatch, tmp_path):
    import_first_download(window, tmp_path)
    _, page = preview(window, qtbot, monkeypatch, tmp_path, existing=False)
    assert not page.vanished.isVisibleTo(page) and page.vanished.text() == ""
