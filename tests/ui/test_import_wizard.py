"""« Importer un fichier… » on Retours des partenaires: preview, roles, problems, commit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QApplication, QComboBox, QLabel, QPushButton, QTableView,
                               QWizard)

from pexdesk.core.domain.models import Campaign
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback
from pexdesk.core.services.importing import Role
from pexdesk.ui.import_wizard import ColumnRoleModel, ImportWizard
from tests.ui.helpers import (add_partner_by_form, open_section, read, record_reading_threads,
                              type_text)
from tests.workbooks import NOTES, survey_workbook, workbook_bytes

SURVEYS = Path(__file__).parents[1] / "fixtures" / "surveys"
GOOGLE = SURVEYS / "google_forms.csv"
LAPTOP_AT_150 = QSize(1366 * 2 // 3, 768 * 2 // 3)
INVALID = SURVEYS / "invalid.csv"


def count(window, table: str) -> int:
    return window.session.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def counts(window) -> dict[str, int]:
    return {t: count(window, t) for t in ("campaign", "campaign_item", "response", "answer",
                                          "import_batch")}


def open_wizard(window, qtbot, monkeypatch, path: Path) -> tuple[object, ImportWizard]:
    screen = open_section(window, qtbot, "feedback")
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(path), ""))
    screen.open_import_wizard()
    wizard = screen.import_wizard
    qtbot.waitUntil(wizard.isVisible)
    return screen, wizard


def choose_file(wizard, qtbot, name: str | None = None) -> None:
    browse = [b for b in wizard.file_page.findChildren(QPushButton) if "Parcourir" in b.text()][0]
    browse.click()  # the file dialog is replaced by the test's answer
    if name is not None:
        wizard.file_page.name.clear()
        type_text(wizard.file_page.name, name)


def next_and_plan(wizard, qtbot) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.plan is not None and not wizard.busy, timeout=10_000)


def commit(wizard, qtbot) -> None:
    """Click « Importer » and wait for the import to be written."""
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        wizard.button(QWizard.WizardButton.CommitButton).click()


def import_google_forms(window, qtbot, monkeypatch, name: str) -> None:
    """The Google Forms export imported whole into a new campaign ``name``."""
    _, wizard = open_wizard(window, qtbot, monkeypatch, GOOGLE)
    choose_file(wizard, qtbot, name)
    next_and_plan(wizard, qtbot)
    commit(wizard, qtbot)
    wizard.button(QWizard.WizardButton.FinishButton).click()


def role_row(wizard, name_start: str) -> int:
    model = wizard.preview_page.columns_model
    for row in range(model.rowCount()):
        if model.index(row, ColumnRoleModel.NAME).data().startswith(name_start):
            return row
    raise AssertionError(name_start)


def problems_shown(wizard) -> list[tuple[str, str, str]]:
    model = wizard.preview_page.problems_model
    return [tuple(read(model.index(r, c).data()) for c in (0, 1, 3))
            for r in range(model.rowCount())]


def test_google_forms_preview_change_role_and_import(window, qtbot, monkeypatch):
    before = counts(window)
    screen, wizard = open_wizard(window, qtbot, monkeypatch, GOOGLE)
    assert screen.import_button.text().replace("&", "") == "Importer un fichier…"
    choose_file(wizard, qtbot, "Enquête Google 2024")
    assert wizard.file_page.isComplete()
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    source = read(page.source.text())
    assert "Google Forms" in source
    assert "Windows-1252" in source and "point-virgule" in source
    model = page.columns_model
    assert model.index(role_row(wizard, "Adresse e-mail"), ColumnRoleModel.ROLE).data() \
        == "ignorée (données personnelles)"
    assert not model.flags(model.index(role_row(wizard, "Adresse e-mail"),
                                       ColumnRoleModel.ROLE)) & Qt.ItemFlag.ItemIsEditable
    assert model.index(role_row(wizard, "Vous repr"), ColumnRoleModel.ROLE).data() \
        == "Catégorie de partenaire"
    assert page.counts.text() == "7 lignes lues, 7 importables, 0 rejetée."
    assert page.problems_view.isVisibleTo(page)  # a warning to read
    assert any(row == "7" and column == "Vous représentez" for row, column, _ in
               problems_shown(wizard))  # the « Association » warning, located

    # Change a role through the model (as the combo delegate does): the comment is ignored.
    comment = role_row(wizard, "Commentaires")
    plan_before = wizard.plan
    assert model.setData(model.index(comment, ColumnRoleModel.ROLE), Role.IGNORED)
    qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
    assert model.index(comment, ColumnRoleModel.ROLE).data() == "Ignorée"
    assert wizard.plan.column(Role.COMMENT) is None
    # …and back.
    plan_before = wizard.plan
    model.setData(model.index(comment, ColumnRoleModel.ROLE), Role.COMMENT)
    qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
    assert counts(window) == before  # nothing written by planning

    assert page.isComplete()
    importer = wizard.button(QWizard.WizardButton.CommitButton)
    assert importer.text().replace("&", "") == "Importer"
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        importer.click()
    assert wizard.currentPage() is wizard.result_page
    summary = read("\n".join(wizard.result_page.summary.lines()))
    assert "7 lignes lues, 7 réponses importées, 0 rejetée" in summary
    campaign = next(c for c in feedback.campaigns(window.session.con)
                    if c.name == "Enquête Google 2024")
    responses = feedback.responses_of(window.session.con, campaign.id)
    assert len(responses) == 7
    first = min(responses, key=lambda r: r.origin_row)
    assert (first.category_code, first.department_code, first.overall_score) == \
        ("BAILSOC", "35", 4)
    diagnostic = window.session.con.execute(
        """SELECT a.score FROM answer a JOIN campaign_item i ON i.id = a.item_id
           WHERE a.response_id = ? AND i.label LIKE 'Diagnostic%'""", (first.id,)).fetchone()
    assert tuple(diagnostic) == (5,)  # « Très satisfait »
    assert first.comment == "RAS"
    wizard.button(QWizard.WizardButton.FinishButton).click()
    # The list shows the imported campaign and its responses.
    qtbot.waitUntil(lambda: screen.campaign_id == campaign.id and not screen.loading
                    and screen.model.total_count() == 7, timeout=10_000)


def test_same_file_again_is_refused_and_adds_nothing(window, qtbot, monkeypatch):
    import_google_forms(window, qtbot, monkeypatch, "Première")
    after_first = counts(window)

    _, again = open_wizard(window, qtbot, monkeypatch, GOOGLE)
    choose_file(again, qtbot, "Seconde")
    next_and_plan(again, qtbot)
    page = again.preview_page
    assert page.previous.isVisible()
    assert "déjà été importé" in page.previous.text()
    assert not page.isComplete()
    assert not again.button(QWizard.WizardButton.CommitButton).isEnabled()
    again.reject()
    assert counts(window) == after_first


def test_invalid_rows_listed_by_row_and_column_then_skipped(window, qtbot, monkeypatch):
    before = counts(window)
    _, wizard = open_wizard(window, qtbot, monkeypatch, INVALID)
    choose_file(wizard, qtbot)
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    shown = problems_shown(wizard)
    assert ("3", "Département",
            "« Bretagne » n'est pas un département français (code INSEE, nom, ou « Nom (code) » "
            "attendu).") in shown
    assert any(row == "6" and column == "Animation des partenariats" for row, column, _ in shown)
    assert page.counts.text() == "7 lignes lues, 3 valides, 4 invalides."
    assert not page.isComplete()
    assert read(page.verdict.text()).endswith(
        "importez seulement les lignes valides (case « Ignorer les lignes invalides »).")
    assert "--skip-invalid" not in page.verdict.text()
    page.skip_invalid.setChecked(True)
    assert page.counts.text() == "7 lignes lues, 3 importables, 4 rejetées."
    assert page.isComplete()
    commit(wizard, qtbot)
    assert count(window, "response") == before["response"] + 3


def test_cancel_after_preview_writes_nothing(window, qtbot, monkeypatch):
    before = counts(window)
    _, wizard = open_wizard(window, qtbot, monkeypatch, GOOGLE)
    choose_file(wizard, qtbot, "Annulée")
    next_and_plan(wizard, qtbot)
    assert wizard.preview_page.isComplete()
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert not wizard.isVisible()
    assert counts(window) == before


def test_existing_campaign_lists_unmatched_columns(window, qtbot, monkeypatch):
    campaign = feedback.create_campaign(
        window.session.con, Campaign(name="Enquête ANIL"),
        [(item.code, item.label) for item in ANIL_ITEMS])
    screen, wizard = open_wizard(window, qtbot, monkeypatch, SURVEYS / "generic.tsv")
    choose_file(wizard, qtbot)
    wizard.file_page.existing_radio.setChecked(True)
    wizard.file_page.campaign.setCurrentIndex(wizard.file_page.campaign.findData(campaign.id))
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    assert page.unmatched.isVisible()
    assert "Qualité des supports" in page.unmatched.text()
    model = page.columns_model
    row = role_row(wizard, "Qualité des supports")
    assert model.index(row, ColumnRoleModel.QUESTION).data().startswith("aucune question")
    wizard.reject()


def test_new_campaign_name_already_taken_is_refused(window, qtbot, monkeypatch):
    feedback.create_campaign(window.session.con, Campaign(name="Doublon"), [])
    _, wizard = open_wizard(window, qtbot, monkeypatch, GOOGLE)
    choose_file(wizard, qtbot, "Doublon")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.file_page
    assert "existe déjà" in wizard.error.text()
    wizard.reject()


def import_generic_export(window) -> None:
    from pexdesk.core.services.importing import commit_responses, plan_responses, read_file

    con = window.session.con
    commit_responses(con, plan_responses(con, read_file(SURVEYS / "generic.tsv")))


def preview_of_the_export_downloaded_again(window, qtbot, monkeypatch, tmp_path):
    """The wizard's preview of generic.tsv downloaded again: the same rows, in another order
    (no new row)."""
    rows = (SURVEYS / "generic.tsv").read_text("utf-8").splitlines()
    again = tmp_path / "generic (2).tsv"
    again.write_text("\n".join([rows[0], *reversed(rows[1:])]) + "\n", "utf-8")
    _, wizard = open_wizard(window, qtbot, monkeypatch, again)
    choose_file(wizard, qtbot)
    next_and_plan(wizard, qtbot)
    return wizard, wizard.preview_page


def test_a_grown_export_shows_the_rows_already_imported_and_adds_only_the_new_one(
        window, qtbot, monkeypatch, tmp_path):
    import_generic_export(window)
    before = count(window, "response")
    grown = tmp_path / "generic (1).tsv"
    grown.write_bytes((SURVEYS / "generic.tsv").read_bytes()
                      + "CAF\t35\t2\t2\t2\t2\t2\t2\tNouvelle\n".encode())
    _, wizard = open_wizard(window, qtbot, monkeypatch, grown)
    choose_file(wizard, qtbot)
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    assert page.counts.text() == ("6 lignes lues, 1 importable, 0 rejetée, "
                                  "5 déjà importées, ignorées.")
    assert read(page.verdict.text()).endswith(
        "Attention : les lignes de ce fichier déjà importées sont dans « generic ». Pour "
        "compléter cette campagne, revenez à l'étape précédente et choisissez « Dans une "
        "campagne existante ».")
    commit(wizard, qtbot)
    assert count(window, "response") == before + 1


def test_an_export_with_nothing_new_cannot_be_committed(window, qtbot, monkeypatch, tmp_path):
    import_generic_export(window)
    wizard, page = preview_of_the_export_downloaded_again(window, qtbot, monkeypatch, tmp_path)
    assert read(page.verdict.text()) == ("Rien de nouveau à importer : ces réponses ont déjà été "
                                   "importées.")
    assert page.problems_title.text() == "Aucun problème."
    assert not page.problems_view.isVisibleTo(page)  # an empty table said nothing more
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()


def test_rows_purged_since_their_import_are_counted_and_not_imported(window, qtbot,
                                                                     monkeypatch, tmp_path):
    from pexdesk.core.safety import retention

    import_generic_export(window)
    con = window.session.con
    con.execute("UPDATE response SET responded_on = '2015-01-01'")
    retention.purge(con, retention.plan_purge(con, 3))
    wizard, page = preview_of_the_export_downloaded_again(window, qtbot, monkeypatch, tmp_path)
    assert page.counts.text() == ("5 lignes lues, 0 importable, 0 rejetée, "
                                  "5 supprimées par une purge, ignorées.")
    assert read(page.verdict.text()) == ("Rien de nouveau à importer : ces réponses ont été "
                                         "supprimées par une purge des données anciennes.")
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert count(window, "response") == 0


def test_a_file_imported_with_a_wrong_role_is_imported_again_by_replacing(window, qtbot,
                                                                          monkeypatch):
    from pexdesk.core.services.importing import (ResponseImportOptions, commit_responses,
                                                 plan_responses, read_file)

    con = window.session.con
    options = ResponseImportOptions(roles={"Appréciation globale": Role.COMMENT})
    commit_responses(con, plan_responses(con, read_file(SURVEYS / "generic.tsv"), options))
    _, wizard = open_wizard(window, qtbot, monkeypatch, SURVEYS / "generic.tsv")
    choose_file(wizard, qtbot, "Tableau corrigé")
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    assert read(page.previous.text()).endswith(
        "Pour l'importer à nouveau avec d'autres rôles de colonnes, cochez « Remplacer les "
        "réponses déjà importées ».")
    assert page.replace.isVisible() and not page.isComplete()
    page.replace.setChecked(True)
    qtbot.waitUntil(lambda: not wizard.busy and wizard.plan is not None
                    and bool(wizard.plan.replaced), timeout=10_000)
    assert read(page.verdict.text()).startswith("Import possible : 5 réponses seront importées "
                                          "en une seule fois. 5 réponses importées auparavant")
    commit(wizard, qtbot)
    assert count(window, "response") == 5
    assert window.session.con.execute(
        "SELECT count(overall_score) FROM response").fetchone()[0] == 5


def assert_fits_the_screen_with_its_buttons(wizard, button: QWizard.WizardButton) -> None:
    available = wizard.screen().availableGeometry()
    assert wizard.width() <= available.width() and wizard.height() <= available.height()
    assert wizard.minimumSize().boundedTo(LAPTOP_AT_150) == wizard.minimumSize()
    shown = wizard.button(button)
    corner = shown.mapTo(wizard, shown.rect().bottomRight())
    assert shown.isVisible() and wizard.rect().contains(corner)


def test_the_wizard_opens_within_the_screen_with_importer_visible(window, qtbot, monkeypatch):
    _, wizard = open_wizard(window, qtbot, monkeypatch, INVALID)
    choose_file(wizard, qtbot)
    next_and_plan(wizard, qtbot)
    assert_fits_the_screen_with_its_buttons(wizard, QWizard.WizardButton.CommitButton)
    assert wizard.preview_page.verdict.isVisible()
    assert not wizard.preview_page.status.isVisible()  # no blank line once planned


def test_many_rejected_rows_scroll_instead_of_growing_the_wizard(window, qtbot, monkeypatch,
                                                                 tmp_path):
    rows = (SURVEYS / "invalid.csv").read_text("utf-8").splitlines()
    many = tmp_path / "many.csv"
    many.write_text("\n".join([rows[0], rows[1]] + [f"CAF,Bretagne,{n % 5 + 1},4,3,n{n}"
                                                     for n in range(150)]) + "\n", "utf-8")
    _, wizard = open_wizard(window, qtbot, monkeypatch, many)
    choose_file(wizard, qtbot)
    next_and_plan(wizard, qtbot)
    wizard.preview_page.skip_invalid.setChecked(True)
    commit(wizard, qtbot)
    qtbot.wait(50)
    summary = wizard.result_page.summary
    assert len(summary.lines()) > 150  # one line per rejected row, all kept
    assert summary.verticalScrollBar().maximum() > 0
    assert_fits_the_screen_with_its_buttons(wizard, QWizard.WizardButton.FinishButton)


def test_the_roles_table_works_from_the_keyboard(window, qtbot, monkeypatch):
    _, wizard = open_wizard(window, qtbot, monkeypatch, GOOGLE)
    choose_file(wizard, qtbot, "Au clavier")
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    view = page.columns_view
    qtbot.waitUntil(view.hasFocus)  # not page 1's hidden « Fichier » field
    assert "appuyez sur F2" in " ".join(label.text() for label in page.findChildren(QLabel))

    # F2 opens the role's list; Down browses it without re-planning; Enter applies.
    comment = role_row(wizard, "Commentaires")
    view.setCurrentIndex(page.columns_model.index(comment, ColumnRoleModel.ROLE))
    QTest.keyClick(view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox) and combo.currentText() == "Commentaire"
    plan_before = wizard.plan
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Question notée (1 à 5)"
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is combo and wizard.plan is plan_before
    assert combo.currentText() == "Date de réponse"
    QTest.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
    assert page.columns_model.index(comment, ColumnRoleModel.ROLE).data() == "Date de réponse"
    qtbot.waitUntil(view.hasFocus)  # back in the table, on the same row
    assert view.currentIndex().row() == comment

    # A pick in the open list (the mouse's way) still applies at once.
    QTest.keyClick(view, Qt.Key.Key_F2)
    combo, plan_before = QApplication.focusWidget(), wizard.plan
    combo.showPopup()
    combo.view().setCurrentIndex(combo.model().index(combo.findText("Commentaire"), 0))
    QTest.keyClick(combo.view(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
    assert page.columns_model.index(comment, ColumnRoleModel.ROLE).data() == "Commentaire"
    assert wizard.focusWidget() is view
    wizard.activateWindow()  # offscreen, no window is active again after a popup
    qtbot.waitActive(wizard)
    qtbot.waitUntil(view.hasFocus)

    # Tab leaves the tables for the check boxes and buttons, from a cell and from an editor.
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.problems_view
    QTest.keyClick(page.problems_view, Qt.Key.Key_Tab)
    assert not isinstance(QApplication.focusWidget(), QTableView)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_F2)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert not view.isAncestorOf(QApplication.focusWidget())
    assert QApplication.focusWidget() is not view


def test_the_file_dialog_opens_in_the_last_import_folder(window, qtbot, monkeypatch, tmp_path):
    starts = []

    def dialog(parent, title, start, filters):
        starts.append(start)
        return str(tmp_path / "enquete.csv"), ""

    _, wizard = open_wizard(window, qtbot, monkeypatch, GOOGLE)
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", dialog)
    choose_file(wizard, qtbot)
    home = Path.home()  # the downloads if there are some, never the current directory
    assert starts[0] in (str(home / "Downloads"), str(home / "Téléchargements"), str(home))
    wizard.reject()
    _, again = open_wizard(window, qtbot, monkeypatch, GOOGLE)
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", dialog)
    choose_file(again, qtbot)
    assert starts[1] == str(tmp_path)


def test_one_question_and_cut_examples_read_as_french(window, qtbot, monkeypatch, tmp_path):
    one = tmp_path / "une question.csv"
    one.write_text("Type de structure,Département,Diagnostic,Commentaires\n"
                   "CAF,35,4,Une remarque bien plus longue que trente caractères\n", "utf-8")
    _, wizard = open_wizard(window, qtbot, monkeypatch, one)
    choose_file(wizard, qtbot)
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    assert "(1 question)" in read(page.source.text())
    model = page.columns_model
    detail = read(model.index(role_row(wizard, "Commentaires"), ColumnRoleModel.NOTE).data())
    assert "« Une remarque bien plus longue… »" in detail


def test_a_missing_category_column_is_designated_in_the_wizard_not_by_a_cli_option(
        window, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "sans_categorie.csv"
    path.write_text("Département,Animation des partenariats\n35,4\n29,5\n", encoding="utf-8")
    _, wizard = open_wizard(window, qtbot, monkeypatch, path)
    choose_file(wizard, qtbot)
    next_and_plan(wizard, qtbot)
    messages = [read(problem[2]) for problem in problems_shown(wizard)]
    assert any(m.endswith("désignez-la (colonne « Rôle » du tableau des colonnes, ci-dessus).")
               for m in messages)
    assert not any("--" in m for m in messages)


# --- a workbook of several sheets ---------------------------------------------------------------

def sheet_items(wizard) -> list[str]:
    combo = wizard.preview_page.sheet_picker.combo
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_csv_or_a_one_sheet_workbook_offers_no_sheet(window, qtbot, monkeypatch, tmp_path):
    one = tmp_path / "une_feuille.xlsx"  # its empty sheets are nothing to choose from
    header, *answers = [line.split("\t") for line in
                        (SURVEYS / "generic.tsv").read_text("utf-8").splitlines()]
    one.write_bytes(workbook_bytes({"Feuil1": [], "Réponses": [header, *answers],
                                    "Feuil3": []}))
    for path in (GOOGLE, one):
        _, wizard = open_wizard(window, qtbot, monkeypatch, path)
        choose_file(wizard, qtbot, path.stem)
        next_and_plan(wizard, qtbot)
        assert not wizard.preview_page.sheet_picker.isVisibleTo(wizard.preview_page)
        wizard.reject()
    assert "feuille « Réponses » lue" in read(wizard.preview_page.source.text())


def test_another_sheet_is_chosen_from_the_keyboard_and_read_off_the_ui_thread(
        window, qtbot, monkeypatch, tmp_path):
    import threading

    from pexdesk.ui import import_wizard

    threads = record_reading_threads(monkeypatch, import_wizard)
    before = counts(window)
    _, wizard = open_wizard(window, qtbot, monkeypatch,
                            survey_workbook(tmp_path / "enquetes.xlsx"))
    choose_file(wizard, qtbot, "Enquête 2024")
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    picker = page.sheet_picker
    assert picker.isVisible()
    assert sheet_items(wizard) == ["Notes (1 ligne)", "2023 (3 lignes)", "2024 (5 lignes)"]
    assert picker.combo.currentText() == "2024 (5 lignes)"  # the latest year
    assert "feuille « 2024 » lue" in read(page.source.text())
    assert page.counts.text() == "5 lignes lues, 5 importables, 0 rejetée."

    # A role changed on this sheet's columns does not follow to another sheet's.
    comment = role_row(wizard, "Remarques")
    plan_before = wizard.plan
    page.columns_model.setData(page.columns_model.index(comment, ColumnRoleModel.ROLE),
                               Role.IGNORED)
    qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
    assert wizard.plan.column(Role.COMMENT) is None

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is picker.combo  # « &Feuille »
    plan_before = wizard.plan
    qtbot.keyClick(picker.combo, Qt.Key.Key_Up)
    assert wizard.busy and not page.isComplete()
    qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
    assert "feuille « 2023 » lue" in read(page.source.text())
    assert page.counts.text() == "3 lignes lues, 3 importables, 0 rejetée."
    assert wizard.plan.column(Role.COMMENT).name == "Remarques"
    assert QApplication.focusWidget() is picker.combo  # the keyboard stays on the sheets
    assert threads and threading.main_thread() not in threads

    # Shift+Tab from the roles table comes back to the sheets.
    page.columns_view.setFocus()
    qtbot.keyClick(page.columns_view, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is picker.combo

    commit(wizard, qtbot)
    assert counts(window)["response"] == before["response"] + 3


def test_back_and_next_keep_the_sheet_and_roles_another_file_forgets_them(
        window, qtbot, monkeypatch, tmp_path):
    first = survey_workbook(tmp_path / "enquetes.xlsx")
    _, wizard = open_wizard(window, qtbot, monkeypatch, first)
    choose_file(wizard, qtbot, "Enquête")
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    picker = page.sheet_picker
    picker.combo.setCurrentIndex(picker.combo.findData("2023"))  # as a click in its list does
    qtbot.waitUntil(lambda: not wizard.busy and "« 2023 » lue" in read(page.source.text()))
    plan_before = wizard.plan
    page.columns_model.setData(page.columns_model.index(role_row(wizard, "Remarques"),
                                                        ColumnRoleModel.ROLE), Role.IGNORED)
    qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
    wizard.back()
    next_and_plan(wizard, qtbot)
    assert "feuille « 2023 » lue" in read(page.source.text())
    assert wizard.plan.column(Role.COMMENT) is None  # the role chosen is still chosen

    wizard.back()
    wizard.file_page.path.setText(str(survey_workbook(tmp_path / "copie.xlsx")))
    next_and_plan(wizard, qtbot)
    assert "copie.xlsx" in read(page.source.text())
    assert "feuille « 2024 » lue" in read(page.source.text())
    assert wizard.plan.column(Role.COMMENT).name == "Remarques"


def test_a_sheet_that_cannot_be_read_still_offers_the_others(window, qtbot, monkeypatch,
                                                              tmp_path):
    path = tmp_path / "enquetes.xlsx"
    header, *answers = [line.split("\t") for line in
                        (SURVEYS / "generic.tsv").read_text("utf-8").splitlines()]
    path.write_bytes(workbook_bytes({"Calculs": [["Total", "Moyenne"], ["=1+1", 3]],
                                     "Réponses": [header, *answers]}))
    _, wizard = open_wizard(window, qtbot, monkeypatch, path)
    choose_file(wizard, qtbot, "Enquête")
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: not wizard.busy and wizard.error.text() != "")
    assert read(wizard.error.text()).startswith("Le fichier ne peut pas être importé : "
                                                "enquetes.xlsx : formule sans valeur")
    picker = wizard.preview_page.sheet_picker
    assert picker.isVisible() and picker.combo.currentText() == "Calculs (1 ligne)"
    picker.combo.setFocus()
    qtbot.keyClick(picker.combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: wizard.plan is not None and not wizard.busy)
    assert wizard.error.text() == ""
    assert "feuille « Réponses » lue" in read(wizard.preview_page.source.text())
    assert wizard.preview_page.isComplete()


def test_each_sheet_announces_the_rows_its_preview_reads(window, qtbot, monkeypatch, tmp_path):
    """A title line above the header, the header itself, a « Notes » tab: the count beside
    a sheet's name is the preview's « lignes lues », not the rows of the spreadsheet."""
    header, *answers = [line.split("\t") for line in
                        (SURVEYS / "generic.tsv").read_text("utf-8").splitlines()]
    path = tmp_path / "enquetes.xlsx"
    path.write_bytes(workbook_bytes({
        "Notes": NOTES, "Export": [["Enquête partenaires – export du 02/04/2025"], header,
                                   *answers[:4]],
        "Réponses": [header, *answers[:2]]}))
    _, wizard = open_wizard(window, qtbot, monkeypatch, path)
    choose_file(wizard, qtbot, "Enquête")
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    picker = page.sheet_picker
    assert picker.combo.currentText() == "Export (4 lignes)"
    assert page.counts.text().startswith("4 lignes lues, ")
    picker.combo.setFocus()
    for key, shown, counted in ((Qt.Key.Key_Down, "Réponses (2 lignes)", "2 lignes lues, "),
                                (Qt.Key.Key_Home, "Notes (1 ligne)", "1 ligne lue, ")):
        plan_before = wizard.plan
        qtbot.keyClick(picker.combo, key)
        qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
        assert picker.combo.currentText() == shown
        assert page.counts.text().startswith(counted)


def test_of_tabs_per_year_the_latest_is_read_and_imported(window, qtbot, monkeypatch,
                                                          tmp_path):
    """The tabs out of order, a « Notes » tab first: « 2025 » is read, not the first table."""
    header, *answers = [line.split("\t") for line in
                        (SURVEYS / "generic.tsv").read_text("utf-8").splitlines()]
    path = tmp_path / "enquetes.xlsx"
    path.write_bytes(workbook_bytes({"Notes": NOTES, "2024": [header, *answers[:2]],
                                     "2025": [header, *answers[:4]],
                                     "2023": [header, *answers[:3]]}))
    before = counts(window)
    _, wizard = open_wizard(window, qtbot, monkeypatch, path)
    choose_file(wizard, qtbot, "Enquête 2025")
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    assert page.sheet_picker.combo.currentText() == "2025 (4 lignes)"
    assert ("feuille « 2025 » lue ; non lues : « Notes », « 2024 », « 2023 »"
            in read(page.source.text()))
    assert page.counts.text() == "4 lignes lues, 4 importables, 0 rejetée."
    commit(wizard, qtbot)
    assert counts(window)["response"] == before["response"] + 4


def test_an_import_clears_the_undo_history_it_would_otherwise_break(window, qtbot, monkeypatch):
    """The wizard commits on a connection of its own, outside the undo history: what came
    before it can no longer be undone (a campaign it filled would go, with its responses)."""
    add_partner_by_form(window, qtbot, "CAF du Gers", "CAF")
    assert window.undo_stack.canUndo()

    import_google_forms(window, qtbot, monkeypatch, "Première")
    assert count(window, "response") > 0
    assert not window.undo_stack.canUndo()
    assert read(window.statusBar().currentMessage()).startswith("Historique d'annulation vidé")
