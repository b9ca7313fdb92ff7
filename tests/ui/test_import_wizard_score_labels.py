"""« Importer un fichier… »: score labels pexdesk does not know (« Très bien », « Passable »…)
are listed in the preview and translated by the user, from the keyboard; never guessed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox

from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.repositories import feedback
from pexdesk.ui.import_wizard import ScoreLabelModel
from tests.survey_data import (SCHOOL_ANIM, SCHOOL_DIAG, SCHOOL_GLOBAL, SCHOOL_SCALE_SCORES,
                               write_school_scale_export)
from tests.ui.helpers import read
from tests.ui.test_import_wizard import (GOOGLE, choose_file, commit, next_and_plan,
                                         open_wizard, problems_shown)


def score_label_row(page, label: str) -> int:
    model = page.labels_model
    return next(row for row in range(model.rowCount())
                if model.index(row, ScoreLabelModel.LABEL).data() == label)


def test_unknown_score_labels_are_translated_from_the_keyboard_and_imported(
        window, qtbot, monkeypatch, tmp_path):
    _, wizard = open_wizard(window, qtbot, monkeypatch, write_school_scale_export(tmp_path))
    choose_file(wizard, qtbot, "Échelle scolaire")
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    model, view = page.labels_model, page.labels_view
    assert page.labels_box.isVisibleTo(page)
    assert view.accessibleName() == "Libellés à traduire en notes"
    assert [tuple(model.index(row, column).data() for column in range(4))
            for row in range(model.rowCount())] == [
        ("Très bien", "À choisir", "4", f"{SCHOOL_GLOBAL}, {SCHOOL_DIAG}, {SCHOOL_ANIM}"),
        ("Bien", "À choisir", "3", f"{SCHOOL_GLOBAL}, {SCHOOL_DIAG}, {SCHOOL_ANIM}"),
        ("Assez bien", "À choisir", "2", f"{SCHOOL_GLOBAL}, {SCHOOL_DIAG}"),
        ("Passable", "À choisir", "2", f"{SCHOOL_GLOBAL}, {SCHOOL_DIAG}"),
        ("Insuffisant", "À choisir", "1", SCHOOL_DIAG)]
    assert page.counts.text() == "5 lignes lues, 0 valide, 5 invalides."
    assert len(problems_shown(wizard)) == 12 and not page.isComplete()

    # Tab goes from the roles table to the labels; F2 opens the score's list on « À choisir »
    # (nothing proposed), a digit picks the score without re-planning, Enter applies it.
    qtbot.waitUntil(page.columns_view.hasFocus)
    QTest.keyClick(page.columns_view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view
    for label, key, shown in (("Très bien", Qt.Key.Key_5, "5"), ("Bien", Qt.Key.Key_4, "4"),
                              ("Assez bien", Qt.Key.Key_3, "3"),
                              ("Passable", Qt.Key.Key_2, "2"),
                              ("Insuffisant", Qt.Key.Key_N, "Non concerné")):
        row = score_label_row(page, label)
        while view.currentIndex().row() != row:
            QTest.keyClick(view, Qt.Key.Key_Down if view.currentIndex().row() < row
                           else Qt.Key.Key_Up)
        assert view.currentIndex().column() == ScoreLabelModel.SCORE
        QTest.keyClick(view, Qt.Key.Key_F2)
        combo = QApplication.focusWidget()
        assert isinstance(combo, QComboBox) and combo.accessibleName() == "Note du libellé"
        assert combo.currentText() == "À choisir"
        plan_before = wizard.plan
        QTest.keyClick(combo, key)
        assert combo.currentText().startswith(shown) and wizard.plan is plan_before
        QTest.keyClick(combo, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy,
                        timeout=10_000)
        assert model.index(score_label_row(page, label), ScoreLabelModel.SCORE).data() == shown
        qtbot.waitUntil(view.hasFocus)  # back in the labels, on the same label
        assert view.currentIndex().row() == score_label_row(page, label)
    assert wizard.options.score_labels == {"Très bien": 5, "Bien": 4, "Assez bien": 3,
                                           "Passable": 2, "Insuffisant": NOT_CONCERNED}
    assert page.counts.text() == "5 lignes lues, 5 importables, 0 rejetée."
    assert problems_shown(wizard) == []  # the list followed the translations
    assert page.isComplete()

    commit(wizard, qtbot)
    campaign = feedback.find_campaign(window.session.con, "Échelle scolaire")
    labels = {item.id: item.label_text
              for item in feedback.items_of(window.session.con, campaign.id)}
    stored = [(r.origin_row, r.overall_score,
               {labels[item]: score for item, score in r.answers.items()})
              for r in feedback.responses_of(window.session.con, campaign.id)]
    expected = [(row, overall, {item: NOT_CONCERNED if (row, item) == (5, SCHOOL_DIAG)
                                else score for item, score in answers.items()})
                for row, overall, answers in SCHOOL_SCALE_SCORES]  # « Insuffisant » → NC
    assert stored == expected
    summary = read("\n".join(wizard.result_page.summary.lines()))
    assert "« Insuffisant » → non concerné" in summary


def test_a_translation_can_be_taken_back_and_labels_hide_without_any(window, qtbot, monkeypatch,
                                                                   tmp_path):
    _, wizard = open_wizard(window, qtbot, monkeypatch, write_school_scale_export(tmp_path))
    choose_file(wizard, qtbot)
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    model = page.labels_model
    index = model.index(score_label_row(page, "Passable"), ScoreLabelModel.SCORE)
    plan_before = wizard.plan
    assert model.setData(index, 2)  # as the combo box does
    qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
    assert wizard.options.score_labels == {"Passable": 2}
    plan_before = wizard.plan
    model.setData(model.index(score_label_row(page, "Passable"), ScoreLabelModel.SCORE), None)
    qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
    assert wizard.options.score_labels == {}
    assert model.index(score_label_row(page, "Passable"), ScoreLabelModel.SCORE).data() \
        == "À choisir"
    wizard.reject()

    _, other = open_wizard(window, qtbot, monkeypatch, GOOGLE)  # known labels only
    choose_file(other, qtbot, "Sans libellés inconnus")
    next_and_plan(other, qtbot)
    assert other.preview_page.labels_model.rowCount() == 0
    assert not other.preview_page.labels_box.isVisibleTo(other.preview_page)
    other.reject()


def test_translations_stay_when_another_sheet_is_chosen(window, qtbot, monkeypatch, tmp_path):
    """Roles belong to one sheet's columns; translations belong to the form's scale, which
    the sheets of one workbook share."""
    from tests.workbooks import workbook_bytes

    header, *answers = [line.split(";") for line in
                        write_school_scale_export(tmp_path).read_text("utf-8").splitlines()]
    workbook = tmp_path / "echelle.xlsx"
    workbook.write_bytes(workbook_bytes({"2023": [header, *answers],
                                         "2024": [header, *answers[:2]]}))
    _, wizard = open_wizard(window, qtbot, monkeypatch, workbook)
    choose_file(wizard, qtbot, "Échelle scolaire")
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    model = page.labels_model
    for label, score in (("Très bien", 5), ("Bien", 4), ("Assez bien", 3)):
        plan_before = wizard.plan
        model.setData(model.index(score_label_row(page, label), ScoreLabelModel.SCORE), score)
        qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
    assert page.counts.text() == "2 lignes lues, 2 importables, 0 rejetée."

    picker = page.sheet_picker
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    plan_before = wizard.plan
    qtbot.keyClick(picker.combo, Qt.Key.Key_Up)  # « 2024 », the latest, was read first
    qtbot.waitUntil(lambda: wizard.plan is not plan_before and not wizard.busy)
    assert "feuille « 2023 » lue" in read(page.source.text())
    assert wizard.options.score_labels == {"Très bien": 5, "Bien": 4, "Assez bien": 3}
    assert model.index(score_label_row(page, "Bien"), ScoreLabelModel.SCORE).data() == "4"
    assert model.index(score_label_row(page, "Passable"), ScoreLabelModel.SCORE).data() == (
        "À choisir")  # met on this sheet only
