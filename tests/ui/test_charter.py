"""Feuille de route, tab « Charte »: the charte départementale typed with the keyboard, its
objectives evaluated beside them, saved, undone, read back from the base reopened; refused
input said beside its field, nothing saved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from pexdesk.core.domain.models import Direction, IndicatorValue, Partner
from pexdesk.core.repositories import charters, indicators, partners
from tests.ui.conftest import shown_window
from tests.ui.helpers import open_section, press, read, type_text
from tests.ui.test_mnemonics import assert_one_place_per_letter
from tests.ui.test_small_screen import LAPTOP_AT_150

YEAR = date.today().year - 1


def charter_tab(window, qtbot):
    """Feuille de route, then Alt+H: the « Charte » tab."""
    screen = open_section(window, qtbot, "roadmap")
    press(qtbot, window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert screen.tabs.currentWidget() is screen.charter and screen.editor_area.isHidden()
    return screen.charter


def alt(qtbot, window, key) -> None:
    press(qtbot, window, key, Qt.KeyboardModifier.AltModifier)


def type_in_cells(qtbot, *texts: str) -> None:
    """Type each text in the cell being edited, then Tab to the next one."""
    for text in texts:
        cell = QApplication.focusWidget()
        if text:
            type_text(cell, text)
        qtbot.keyClick(cell, Qt.Key.Key_Tab)


def add_objective(qtbot, view, *cells: str) -> None:
    qtbot.mouseClick(view.objectives.add_button, Qt.MouseButton.LeftButton)
    assert view.objectives.view.isAncestorOf(QApplication.focusWidget())
    type_in_cells(qtbot, *cells)


def type_charter(qtbot, window, view, valid_to: str) -> None:
    alt(qtbot, window, Qt.Key.Key_T)
    type_text(QApplication.focusWidget(), "Charte 2024-2029")
    alt(qtbot, window, Qt.Key.Key_P)
    qtbot.keyClicks(QApplication.focusWidget(), "20/11/2023")
    alt(qtbot, window, Qt.Key.Key_G)
    qtbot.keyClicks(QApplication.focusWidget(), "12/12/2023")
    alt(qtbot, window, Qt.Key.Key_V)
    qtbot.keyClicks(QApplication.focusWidget(), "01/01/2024")
    alt(qtbot, window, Qt.Key.Key_U)
    assert QApplication.focusWidget() is view.valid_to
    qtbot.keyClicks(view.valid_to, valid_to)


def cell_text(view, row: int, title: str) -> str:
    model = view.model
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) == title)
    return model.index(row, column).data()


def test_a_charte_and_two_objectives_typed_saved_and_read_back(qtbot, ui_settings, base_path):
    with shown_window(qtbot, ui_settings, base_path) as window:
        con = window.session.con
        exec_id = next(i.id for i in indicators.catalogue(con) if i.code == "CFP_EXEC")
        indicators.set_values(con, [IndicatorValue(
            indicator_id=exec_id, department_code="32", month=date(YEAR, month, 1), value=4)
            for month in range(1, 10)])
        partners.save(con, Partner(name="CAF du Gers", category_code="CAF",
                                   charter_signatory=True))
        view = charter_tab(window, qtbot)
        assert read(view.signatories.text()) == "1 partenaire signataire"
        type_charter(qtbot, window, view, "31/12/2029")
        add_objective(qtbot, view, "Moins d'expulsions effectives", "Interventions eff",
                      str(YEAR), "bai", "52", "48")
        add_objective(qtbot, view, "Liste des maires à jour", "", str(YEAR), "", "", "")
        assert cell_text(view, 0, "Indicateur") == "Interventions effectives de la force publique"
        # Beside the objective as typed: 9 months of 4, a partial year whose sum is under
        # the ceiling in the months entered of a year now over.
        assert [cell_text(view, 0, title) for title in
                ("Réalisé", "Mois saisis", "Écart", "Évaluation")] == [
            "36", "9 sur 12", "−12", "atteint sur les 9 mois saisis"]
        assert cell_text(view, 1, "Évaluation") == "non évaluable (objectif qualitatif)"
        # Under the table, the objective last typed in, then the one clicked, read whole.
        assert read(view.reading.text()) == (
            f"Liste des maires à jour — {YEAR} : non évaluable (objectif qualitatif)")
        table = view.objectives.view
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.visualRect(view.model.index(0, 0)).center())
        assert read(view.reading.text()) == (
            f"Moins d'expulsions effectives — Interventions effectives de la force publique, "
            f"{YEAR} : 36 (cumul de l'année) pour une cible de 48 ; atteint sur les 9 mois "
            f"saisis")
        press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert not view.dirty
        [saved] = charters.charters(con)
        assert (saved.label_text, saved.approved_on, saved.valid_to) == (
            "Charte 2024-2029", date(2023, 11, 20), date(2029, 12, 31))

    with shown_window(qtbot, ui_settings, base_path) as window:
        view = charter_tab(window, qtbot)
        assert (view.label.text(), view.signed_on.text(), view.valid_from.text()) == (
            "Charte 2024-2029", "12/12/2023", "01/01/2024")
        assert view.choice.currentText() == "Charte 2024-2029"
        first, second = view.model.records()
        assert (first.label_text, first.year, first.direction, first.baseline, first.target) == (
            "Moins d'expulsions effectives", YEAR, Direction.BAISSE, 52, 48)
        assert (second.label_text, second.indicator_id, second.target) == (
            "Liste des maires à jour", None, None)
        assert cell_text(view, 0, "Évaluation") == "atteint sur les 9 mois saisis"


def test_invalid_input_is_said_beside_its_field_and_nothing_is_saved(window, qtbot):
    view = charter_tab(window, qtbot)
    type_charter(qtbot, window, view, "31/12/2031")
    add_objective(qtbot, view, "Moins d'expulsions effectives", "CFP_EXEC", "20x5")
    assert read(view.objectives.refusal.text()) == (
        "Année : « 20x5 » n'est pas une année (par exemple 2025). La valeur précédente est "
        "gardée.")
    type_in_cells(qtbot, "", "52")  # the direction kept, a reference, no target
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    errors = view.form._errors
    assert read(errors["validity"].text()) == (
        "« En vigueur jusqu'au » : une charte vaut au plus 6 ans (jusqu'au 1er janvier 2030 "
        "pour une charte en vigueur du 1er janvier 2024).")
    assert read(errors["objectives"].text()) == (
        "Objectif n° 1 : « Cible » est obligatoire pour un objectif chiffré (lié à un "
        "indicateur) : sans elle, il ne peut pas être évalué.")
    assert read(view.form.general_errors.text()).startswith("Rien n'a été enregistré")
    assert view.dirty and charters.charters(window.session.con) == []


def test_saving_the_charte_is_undone_and_redone(window, qtbot):
    view = charter_tab(window, qtbot)
    type_charter(qtbot, window, view, "31/12/2029")
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    con = window.session.con
    assert len(charters.charters(con)) == 1
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert charters.charters(con) == [] and view.label.text() == ""
    press(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert view.label.text() == "Charte 2024-2029"


def test_the_signatories_button_lists_them_on_partenaires(window, qtbot):
    con = window.session.con
    partners.save(con, Partner(name="CAF du Gers", category_code="CAF", charter_signatory=True))
    partners.save(con, Partner(name="UDAF du Gers", category_code="UDAF"))
    view = charter_tab(window, qtbot)
    qtbot.mouseClick(view.signatories_button, Qt.MouseButton.LeftButton)
    screen = open_section(window, qtbot, "partners")
    assert window.current_screen() is screen and screen.charter_filter.isChecked()
    assert screen.proxy.rowCount() == 1


def test_the_charte_tab_has_its_own_letters(window, qtbot):
    charter_tab(window, qtbot)
    assert_one_place_per_letter(window, window.current_screen())


def rows_in_view(view) -> int:
    """The objectives whose row shows whole in the part of the form in view."""
    table = view.objectives.view
    scroll = view.findChild(QScrollArea)
    count = 0
    for row in range(view.model.rowCount()):
        rect = table.visualRect(view.model.index(row, 0))
        top_left = table.viewport().mapTo(scroll.viewport(), rect.topLeft())
        if scroll.viewport().rect().contains(QRect(top_left, rect.size())):
            count += 1
    return count


def test_at_150_percent_every_column_and_the_objective_chosen_read_whole(
        qtbot, ui_settings, demo_base):
    """At 150 % the four dates took a row each and the objectives table three rows; its
    evaluations lay a sideways scroll away, the objectives cut to « Réduire le… »."""
    with shown_window(qtbot, ui_settings, demo_base, LAPTOP_AT_150 - QSize(10, 40)) as window:
        view = charter_tab(window, qtbot)
        qtbot.wait(100)  # laid out
        table = view.objectives.view
        assert view.model.rowCount() == 6
        assert rows_in_view(view) >= 5
        assert table.horizontalScrollBar().maximum() == 0
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.visualRect(view.model.index(1, 0)).center())
        qtbot.wait(50)  # laid out again
        objective = view.model.records()[1]
        line = read(view.reading.text())
        assert line.startswith(f"{objective.label_text} — Stock de CFP accordés non exécutés, "
                               f"{objective.year} : ")
        assert line.endswith(f"pour une cible de 130 ; {cell_text(view, 1, 'Évaluation')}")
        scroll = view.findChild(QScrollArea)
        shown = QRect(view.reading.mapTo(scroll.viewport(), QPoint(0, 0)), view.reading.size())
        assert scroll.viewport().rect().contains(shown)
        assert view.reading.height() >= view.reading.heightForWidth(view.reading.width())
        assert rows_in_view(view) >= 5
        qtbot.keyClick(table, Qt.Key.Key_Down)
        assert read(view.reading.text()).startswith(view.model.records()[2].label_text + " — ")


def test_the_dates_read_two_by_two_and_tab_goes_through_them_in_that_order(window, qtbot):
    view = charter_tab(window, qtbot)
    alt(qtbot, window, Qt.Key.Key_P)
    reached = [QApplication.focusWidget()]
    for _ in range(3):
        press(qtbot, window, Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == [view.approved_on, view.signed_on, view.valid_from, view.valid_to]

    def at(field) -> QPoint:
        return field.mapTo(view.form, QPoint(0, 0))

    assert at(view.approved_on).y() == at(view.signed_on).y() < at(view.valid_from).y() \
        == at(view.valid_to).y()
    assert at(view.signed_on).x() == at(view.valid_to).x()
    assert [field.accessibleName() for field in reached] == [
        "Approuvée le", "Signée le", "En vigueur du", "En vigueur jusqu'au"]


def test_at_150_percent_the_line_under_the_table_reads_whole_as_the_tab_opens(
        qtbot, ui_settings, demo_base):
    """The line under the table (« Choisissez un objectif dans le tableau pour le lire ici
    en entier. ») lay half under the bottom edge of the part in view."""
    with shown_window(qtbot, ui_settings, demo_base, LAPTOP_AT_150 - QSize(10, 40)) as window:
        view = charter_tab(window, qtbot)
        qtbot.wait(100)  # laid out
        scroll = view.findChild(QScrollArea)
        assert scroll.verticalScrollBar().value() == 0  # the charte's title in view
        assert read(view.reading.text()) == (
            "Choisissez un objectif dans le tableau pour le lire ici en entier.")
        reading = view.reading
        lines = QSize(reading.width(), reading.heightForWidth(reading.width()))
        shown = QRect(reading.mapTo(scroll.viewport(), QPoint(0, 0)), lines)
        assert scroll.viewport().rect().contains(shown)
        assert rows_in_view(view) >= 5
        table = view.objectives.view
        height = table.height()
        for row in range(view.model.rowCount()):  # some read on two lines: no row jumps
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                             pos=table.visualRect(view.model.index(row, 0)).center())
            qtbot.wait(20)
            assert table.height() == height


def test_an_objective_without_an_indicator_shows_asks_and_keeps_no_direction(window, qtbot):
    """A direction says which side of its target the indicator's figure is to end on: an
    objective without one showed « baisse », asked it and saved it."""
    view = charter_tab(window, qtbot)
    type_charter(qtbot, window, view, "31/12/2029")
    add_objective(qtbot, view, "Liste des maires à jour", "", str(YEAR))
    assert QApplication.focusWidget().accessibleName() == "Référence"  # Sens passed by
    assert cell_text(view, 0, "Sens") == ""
    table = view.objectives.view
    direction = view.model.index(0, view.model.column_of("direction"))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(direction).center())
    for key in (Qt.Key.Key_F2, Qt.Key.Key_F4):
        qtbot.keyClick(table, key)
        assert table.state() != table.State.EditingState
    # An objective whose indicator is taken away loses its direction.
    add_objective(qtbot, view, "Moins d'expulsions effectives", "Interventions eff",
                  str(YEAR), "hau", "48", "52")
    assert cell_text(view, 1, "Sens") == "hausse"
    indicator = view.model.index(1, view.model.column_of("indicator_id"))
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton,
                      pos=table.visualRect(indicator).center())
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert (cell_text(view, 1, "Indicateur"), cell_text(view, 1, "Sens")) == ("", "")
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not view.dirty
    assert [tuple(row) for row in window.session.con.execute(
        "SELECT label, indicator_id, direction FROM charter_objective ORDER BY id")] == [
        ("Liste des maires à jour", None, None), ("Moins d'expulsions effectives", None, None)]
    assert [cell_text(view, row, "Sens") for row in range(2)] == ["", ""]


def test_a_reference_and_target_read_with_their_indicator_s_unit(window, qtbot):
    """Beside a realised « 39,3 % », the reference and target read « 36,0 % » and « 45,0 % »
    (not « 36 » and « 45 »); typing in the cell starts from the bare figure."""
    con = window.session.con
    presence = next(i.id for i in indicators.catalogue(con) if i.code == "DSF_PRESENCE")
    indicators.set_values(con, [IndicatorValue(
        indicator_id=presence, department_code="32", month=date(YEAR, 1, 1), value=39.3)])
    view = charter_tab(window, qtbot)
    type_charter(qtbot, window, view, "31/12/2029")
    add_objective(qtbot, view, "Rencontrer le locataire", "DSF réalisés en prés",
                  str(YEAR), "hau", "36", "45")
    assert [cell_text(view, 0, title) for title in ("Référence", "Cible", "Réalisé")] == [
        "36,0\u202f%", "45,0\u202f%", "39,3\u202f%"]
    table = view.objectives.view
    reference = view.model.index(0, next(c for c in range(view.model.columnCount())
                                         if view.model.headerData(
                                             c, Qt.Orientation.Horizontal) == "Référence"))
    table.setCurrentIndex(reference)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert QApplication.focusWidget().text() == "36"
