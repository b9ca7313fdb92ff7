"""« Importer un fichier… » with a survey export downloaded again: the preview names the
responses imported before that the file no longer holds, beside what will be imported;
the import goes on and deletes nothing, unless the user ticks the box to delete them with
the import."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from pexdesk.core.services.importing import (ResponseImportOptions, commit_responses,
                                             plan_responses, read_file)
from tests.survey_data import EXPORT, EXPORT_ROWS, REDOWNLOADED_ROWS, write_export
from tests.ui.helpers import add_partner_by_form, cell, press, read
from tests.ui.test_import_wizard import choose_file, commit, count, next_and_plan, open_wizard


def import_first_download(window, tmp_path) -> dict[str, int]:
    """The export's first download imported into « Enquête 2024 »; response number by
    comment."""
    con = window.session.con
    options = ResponseImportOptions(campaign="Enquête 2024")
    commit_responses(con, plan_responses(con, read_file(write_export(tmp_path, EXPORT_ROWS)),
                                         options))
    return {comment: number for number, comment in con.execute("SELECT id, comment FROM response")}


def preview(window, qtbot, monkeypatch, tmp_path, *, existing: bool,
            rows: list[str] = REDOWNLOADED_ROWS):
    _, wizard = open_wizard(window, qtbot, monkeypatch, write_export(tmp_path, rows))
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
    assert not page.drop_vanished.isVisibleTo(page)


def replanned(wizard, qtbot, dropping: bool) -> None:
    qtbot.waitUntil(lambda: not wizard.busy and wizard.plan is not None
                    and bool(wizard.plan.dropped) == dropping, timeout=10_000)


def numbers_listed(window, qtbot, count: str) -> set[int]:
    """The N° column of Retours once the list counts ``count`` (« 6 réponses »)."""
    screen = window.show_screen("feedback")
    qtbot.waitUntil(lambda: screen.count_label.text() == count, timeout=10_000)
    return {int(cell(screen, row, "N°")) for row in range(screen.proxy.rowCount())}


def test_the_ticked_box_deletes_the_old_responses_with_the_import(window, qtbot, monkeypatch,
                                                                  tmp_path):
    numbers = import_first_download(window, tmp_path)
    old = {numbers["Réponse 2"], numbers["Réponse 5"]}
    assert old <= numbers_listed(window, qtbot, "6 réponses")
    wizard, page = preview(window, qtbot, monkeypatch, tmp_path, existing=True)
    box = page.drop_vanished
    assert box.isVisibleTo(page) and not box.isChecked()  # deleting is the user's choice
    assert box.text() == "&Supprimer de la campagne ces 2 réponses antérieures absentes du " \
                         "fichier"

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    replanned(wizard, qtbot, dropping=True)
    assert box.isChecked()
    assert read(page.vanished.text()).endswith(
        "modifiées ou supprimées dans l'outil d'enquête. Elles seront supprimées de la "
        "campagne par cet import.")
    assert page.counts.text() == ("6 lignes lues, 2 importables, 0 rejetée, 4 déjà importées, "
                                  "ignorées ; 2 réponses antérieures supprimées.")
    assert read(page.verdict.text()) == ("Import possible : 2 réponses seront importées et 2 "
                                         "réponses antérieures supprimées en une seule fois.")
    commit(wizard, qtbot)
    summary = read("\n".join(wizard.result_page.summary.lines()))
    assert ("2 réponses importées auparavant de « Enquête PEX (réponses).csv », absentes de "
            "ce fichier (modifiées ou supprimées dans l'outil d'enquête), ont été supprimées "
            f"de la campagne : n° {min(old)} et n° {max(old)}.") in summary
    wizard.button(QWizard.WizardButton.FinishButton).click()
    listed = numbers_listed(window, qtbot, "6 réponses")  # 6 + 2 new − 2 deleted
    assert not listed & old and count(window, "response") == 6


def test_the_mnemonic_ticks_the_box_and_back_next_keeps_it_for_the_same_file(
        window, qtbot, monkeypatch, tmp_path):
    import_first_download(window, tmp_path)
    wizard, page = preview(window, qtbot, monkeypatch, tmp_path, existing=True)
    press(qtbot, wizard, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    replanned(wizard, qtbot, dropping=True)
    assert page.drop_vanished.isChecked()
    assert QApplication.focusWidget() is page.drop_vanished  # given back after the replan

    wizard.button(QWizard.WizardButton.BackButton).click()
    next_and_plan(wizard, qtbot)
    assert page.drop_vanished.isChecked() and wizard.plan.dropped
    assert page.counts.text().endswith("; 2 réponses antérieures supprimées.")

    wizard.button(QWizard.WizardButton.BackButton).click()  # another download: not ticked
    wizard.file_page.path.setText(str(write_export(tmp_path, REDOWNLOADED_ROWS)))
    next_and_plan(wizard, qtbot)
    assert page.drop_vanished.isVisibleTo(page) and not page.drop_vanished.isChecked()
    assert not wizard.plan.dropped

    page.drop_vanished.setFocus()
    press(qtbot, wizard, Qt.Key.Key_Space)  # and untick: the import deletes nothing
    replanned(wizard, qtbot, dropping=True)
    press(qtbot, wizard, Qt.Key.Key_Space)
    replanned(wizard, qtbot, dropping=False)
    commit(wizard, qtbot)
    assert count(window, "response") == 8


def test_a_download_that_only_lost_a_row_is_imported_to_delete_it(window, qtbot, monkeypatch,
                                                                  tmp_path):
    numbers = import_first_download(window, tmp_path)
    add_partner_by_form(window, qtbot, "CAF du Gers", "CAF")
    assert window.undo_stack.canUndo()
    wizard, page = preview(window, qtbot, monkeypatch, tmp_path, existing=True,
                           rows=EXPORT_ROWS[:4] + EXPORT_ROWS[5:])
    importer = wizard.button(QWizard.WizardButton.CommitButton)
    assert read(page.verdict.text()) == ("Rien de nouveau à importer : ces réponses ont déjà "
                                         "été importées.")
    assert not importer.isEnabled()
    assert page.drop_vanished.text() == ("&Supprimer de la campagne cette réponse antérieure "
                                         "absente du fichier")
    qtbot.mouseClick(page.drop_vanished, Qt.MouseButton.LeftButton)
    replanned(wizard, qtbot, dropping=True)
    assert read(page.verdict.text()) == ("Import possible : aucune nouvelle réponse ; 1 réponse "
                                         "antérieure sera supprimée.")
    assert importer.isEnabled()
    commit(wizard, qtbot)
    assert "a été supprimée de la campagne : n° {0}.".format(numbers["Réponse 5"]) in read(
        "\n".join(wizard.result_page.summary.lines()))
    assert not window.undo_stack.canUndo()  # nothing imported, but a response deleted
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert numbers["Réponse 5"] not in numbers_listed(window, qtbot, "5 réponses")
