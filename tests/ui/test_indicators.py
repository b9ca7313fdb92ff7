"""Indicateurs, driven as a user would: select a cell, type, Entrée / Tab, Suppr, Ctrl+Z."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication

from pexdesk.core.domain.models import Indicator, IndicatorValue
from pexdesk.core.repositories import indicators
from pexdesk.ui.main_window import MainWindow
from pexdesk.ui.screens import indicators as screen_module
from pexdesk.ui.screens.indicators import (FIRST_MONTH_COLUMN, PREVIOUS_DECEMBER_COLUMN,
                                           parse_entry)
from pexdesk.ui.widgets import WARNING_BACKGROUND, WARNING_MARK
from tests.ui.helpers import read

TODAY = date(2024, 6, 15)
DEPARTMENT = "32"  # the `base_path` fixture of tests/ui/conftest.py: ADIL du Gers
NNBSP = "\u202f"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """June 2024: May is the month being reported, July onwards is still to come."""
    monkeypatch.setattr(screen_module, "_today", lambda: TODAY)


def column(month: int) -> int:
    return FIRST_MONTH_COLUMN + month - 1


def row_of(screen, code: str) -> int:
    return next(r for r in range(screen.model.rowCount()) if screen.model.indicator(r).code == code)


def open_indicators(window, qtbot):
    screen = window.show_screen("indicators")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    assert screen.shown_data, "the screen says it shows its data (smoke checks wait on it)"
    return screen


def click(screen, qtbot, index) -> None:
    screen.grid.scrollTo(index)
    qtbot.mouseClick(screen.grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.grid.visualRect(index).center())
    assert screen.grid.currentIndex() == index


def type_into(screen, qtbot, row: int, col: int, text: str, key=Qt.Key.Key_Return):
    """Select a cell, type ``text`` on the grid (the first key opens the editor, as in a
    spreadsheet), then press ``key``; returns the editor."""
    grid = screen.grid
    index = screen.model.index(row, col)
    click(screen, qtbot, index)
    qtbot.keyClick(grid, text[0])
    editor = grid.indexWidget(index)
    assert editor is not None, "typing on an entry cell opens its editor"
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, key)
    return editor


def stored(window, first: date, last: date | None = None) -> dict[tuple[str, date], float | None]:
    con = window.session.con
    codes = {i.id: i.code for i in indicators.catalogue(con, active_only=False)}
    return {(codes[v.indicator_id], v.month): v.value
            for v in indicators.values_between(con, DEPARTMENT, first, last or first)}


def put(window, code: str, month: date, value: float | None, **fields) -> None:
    """Store a value as another screen or an import would (through the session)."""
    con = window.session.con
    indicator = next(i for i in indicators.catalogue(con) if i.code == code)
    window.session.write("indicator_value", lambda c: indicators.set_values(c, [IndicatorValue(
        indicator_id=indicator.id, department_code=DEPARTMENT, month=month, value=value,
        **fields)]))


def cell_text(screen, code: str, month: int) -> str:
    return screen.model.index(row_of(screen, code), column(month)).data()


def test_enter_a_month_by_typing(window, qtbot):
    screen = open_indicators(window, qtbot)
    assert screen.year_label.text() == "2024"
    assert screen.grid.currentIndex().column() == column(5), "May, the month being reported"
    assert screen.model.headerData(column(5), Qt.Orientation.Horizontal) == "mai"
    assign, decisions = row_of(screen, "ASSIGN"), row_of(screen, "DECISION_EXP")
    presence = row_of(screen, "DSF_PRESENCE")
    assert decisions == assign + 1

    type_into(screen, qtbot, assign, column(5), "12")
    assert screen.grid.currentIndex().row() == decisions, "Entrée goes to the next indicator"
    type_into(screen, qtbot, decisions, column(5), "1 234")
    type_into(screen, qtbot, presence, column(5), "45,5", key=Qt.Key.Key_Tab)
    assert (screen.grid.currentIndex().row(), screen.grid.currentIndex().column()) == (
        presence, column(6)), "Tab goes to the next month"

    assert stored(window, date(2024, 5, 1)) == {
        ("ASSIGN", date(2024, 5, 1)): 12, ("DECISION_EXP", date(2024, 5, 1)): 1234,
        ("DSF_PRESENCE", date(2024, 5, 1)): 45.5}
    assert cell_text(screen, "ASSIGN", 5) == "12"
    assert cell_text(screen, "DECISION_EXP", 5) == f"1{NNBSP}234"
    assert cell_text(screen, "DSF_PRESENCE", 5) == "45,5"
    assert "DSF réalisés en présence du locataire, mai 2024 : valeur 45,5 enregistrée" in \
        read(screen.status.text())
    assert read(screen.month_count.text()) == "juin 2024 : 0 indicateur saisi sur 20"
    click(screen, qtbot, screen.model.index(assign, column(5)))
    assert read(screen.month_count.text()) == "mai 2024 : 3 indicateurs saisis sur 20"
    assert not screen.message.isVisible()


@pytest.mark.parametrize("code, typed, message", [
    ("ASSIGN", "abc", "« abc » n'est pas un nombre. Tapez par exemple 12 ou 12,5"),
    ("ASSIGN", "-3", "« Valeur » ne peut pas être négative."),
    ("ASSIGN", "12,5", "compte des ménages ou des procédures : tapez un nombre entier"),
    ("ASSIGN", "1.234", "« 1.234 » est ambigu"),
    ("DSF_PRESENCE", "120", "« Valeur » : un pourcentage ne dépasse pas 100 (120 refusé)."),
])
def test_refused_entry_says_why_and_saves_nothing(window, qtbot, code, typed, message):
    screen = open_indicators(window, qtbot)
    row = row_of(screen, code)
    editor = type_into(screen, qtbot, row, column(5), typed)
    assert screen.message.isVisible()
    assert message in read(screen.message.text())
    assert screen.message.text().startswith("Rien n'a été enregistré")
    assert screen.grid.indexWidget(screen.model.index(row, column(5))) is editor, \
        "the editor stays open on what was typed, to correct it"
    assert editor.text() == typed
    assert window.session.con.execute("SELECT count(*) FROM indicator_value").fetchone()[0] == 0
    assert screen.undo_stack.count() == 0
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert screen.grid.indexWidget(screen.model.index(row, column(5))) is None
    assert cell_text(screen, code, 5) == ""
    type_into(screen, qtbot, row, column(5), "7")
    assert not screen.message.isVisible(), "a good entry clears the message"


def test_previous_value_is_shown_while_typing(window, qtbot):
    put(window, "ASSIGN", date(2024, 4, 1), 10.0)
    put(window, "ASSIGN", date(2023, 12, 1), 7.0)
    screen = open_indicators(window, qtbot)
    assign = row_of(screen, "ASSIGN")
    click(screen, qtbot, screen.model.index(assign, column(5)))
    assert read(screen.previous_label.text()) == "Mois précédent (avril 2024) : 10"
    qtbot.keyClick(screen.grid, Qt.Key.Key_F2)
    editor = screen.grid.indexWidget(screen.model.index(assign, column(5)))
    assert editor.placeholderText() == "préc. 10"
    qtbot.keyClicks(editor, "15")
    assert screen.previous_label.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    click(screen, qtbot, screen.model.index(assign, column(5)))
    # The evolution on its own line: wrapped, « · » ended the first one.
    assert read(screen.previous_label.text()) == \
        f"Mois précédent (avril 2024) : 10\névolution : +5 (+50{NNBSP}%)"
    tooltip = read(screen.model.index(assign, column(5)).data(Qt.ItemDataRole.ToolTipRole))
    assert "Valeur : 15" in tooltip and "Mois précédent (avril 2024) : 10" in tooltip

    # January's previous value is December of the year before, shown in its own column.
    assert screen.model.headerData(PREVIOUS_DECEMBER_COLUMN, Qt.Orientation.Horizontal) == \
        "déc. 23"
    assert screen.model.index(assign, PREVIOUS_DECEMBER_COLUMN).data() == "7"
    click(screen, qtbot, screen.model.index(assign, column(1)))
    assert read(screen.previous_label.text()) == "Mois précédent (décembre 2023) : 7"
    click(screen, qtbot, screen.model.index(assign + 1, column(5)))
    assert read(screen.previous_label.text()) == "Mois précédent (avril 2024) : non saisi"


def test_not_available_is_not_zero_and_takes_a_comment(window, qtbot):
    screen = open_indicators(window, qtbot)
    row = row_of(screen, "CFP_EXEC")
    assert not screen.comment.isEnabled(), "no comment on a cell not entered"
    type_into(screen, qtbot, row, column(5), "nd")
    assert stored(window, date(2024, 5, 1)) == {("CFP_EXEC", date(2024, 5, 1)): None}
    assert cell_text(screen, "CFP_EXEC", 5) == "n.d."

    click(screen, qtbot, screen.model.index(row, column(5)))
    assert screen.comment.isEnabled()
    assert screen.source.placeholderText() == "Préfecture"
    qtbot.keyClicks(screen.comment, "Chiffre non transmis, relance faite")  # ASCII: QTest
    qtbot.keyClicks(screen.source, "DDETS 32")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    value = indicators.values_between(window.session.con, DEPARTMENT, date(2024, 5, 1),
                                      date(2024, 5, 1))[0]
    assert (value.value, value.comment, value.source) == (
        None, "Chiffre non transmis, relance faite", "DDETS 32")
    assert not screen.save_button.isEnabled()

    assert read(window.undo_action.iconText()) == (
        "Annuler la modification de la source ou du commentaire : Interventions effectives "
        "de la force publique, mai 2024")
    window.undo_action.trigger()
    value = indicators.values_between(window.session.con, DEPARTMENT, date(2024, 5, 1),
                                      date(2024, 5, 1))[0]
    assert (value.value, value.comment, value.source) == (None, "", "")
    assert screen.comment.text() == ""


def test_undo_removes_the_value_and_redo_brings_it_back(window, qtbot):
    screen = open_indicators(window, qtbot)
    assign = row_of(screen, "ASSIGN")
    may = ("ASSIGN", date(2024, 5, 1))
    type_into(screen, qtbot, assign, column(5), "12")
    type_into(screen, qtbot, assign, column(5), "20")
    assert stored(window, may[1]) == {may: 20}

    window.undo_action.trigger()
    assert stored(window, may[1]) == {may: 12}, "undoing a correction restores the old value"
    assert cell_text(screen, "ASSIGN", 5) == "12"
    window.undo_action.trigger()
    assert stored(window, may[1]) == {}
    assert cell_text(screen, "ASSIGN", 5) == ""
    window.redo_action.trigger()
    assert stored(window, may[1]) == {may: 12}
    assert cell_text(screen, "ASSIGN", 5) == "12"


def test_delete_key_clears_a_cell_with_undo(window, qtbot):
    put(window, "CQL", date(2024, 3, 1), 22.0)
    screen = open_indicators(window, qtbot)
    click(screen, qtbot, screen.model.index(row_of(screen, "CQL"), column(3)))
    qtbot.keyClick(screen.grid, Qt.Key.Key_Delete)
    assert stored(window, date(2024, 3, 1)) == {}
    assert cell_text(screen, "CQL", 3) == ""
    window.undo_action.trigger()
    assert stored(window, date(2024, 3, 1)) == {("CQL", date(2024, 3, 1)): 22}
    assert cell_text(screen, "CQL", 3) == "22"


def test_values_are_there_after_reopening_the_base(window, qtbot, ui_settings, base_path):
    screen = open_indicators(window, qtbot)
    type_into(screen, qtbot, row_of(screen, "ASSIGN"), column(5), "48")
    type_into(screen, qtbot, row_of(screen, "DSF_PRESENCE"), column(5), "36,5")
    window.close()

    again = MainWindow(ui_settings)
    qtbot.addWidget(again)
    assert again.open_base(base_path)
    again.show()
    screen = open_indicators(again, qtbot)
    assert cell_text(screen, "ASSIGN", 5) == "48"
    assert cell_text(screen, "DSF_PRESENCE", 5) == "36,5"
    again.close()


def test_months_to_come_cannot_be_entered(window, qtbot):
    screen = open_indicators(window, qtbot)
    assert not screen.next_year_button.isEnabled(), "2024 is the current year"
    july = screen.model.index(0, column(7))
    assert not screen.model.flags(july) & Qt.ItemFlag.ItemIsEditable
    click(screen, qtbot, july)
    qtbot.keyClick(screen.grid, "5")
    assert screen.grid.indexWidget(july) is None
    assert window.session.con.execute("SELECT count(*) FROM indicator_value").fetchone()[0] == 0
    assert read(screen.message.text()) == "Juillet 2024 : mois à venir, pas encore de saisie."

    qtbot.mouseClick(screen.previous_year_button, Qt.MouseButton.LeftButton)
    assert screen.year_label.text() == "2023"
    assert screen.next_year_button.isEnabled()
    type_into(screen, qtbot, 0, column(12), "9")
    assert stored(window, date(2023, 12, 1)) == {("ASSIGN", date(2023, 12, 1)): 9}
    qtbot.mouseClick(screen.next_year_button, Qt.MouseButton.LeftButton)
    assert screen.model.index(0, PREVIOUS_DECEMBER_COLUMN).data() == "9"


def test_paste_a_column_from_a_spreadsheet_is_one_step(window, qtbot):
    screen = open_indicators(window, qtbot)
    start = row_of(screen, "ASSIGN")
    click(screen, qtbot, screen.model.index(start, column(4)))
    QGuiApplication.clipboard().setText("3\nabc\n")
    qtbot.keyClick(screen.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "Rien n'a été collé" in screen.message.text()
    assert stored(window, date(2024, 4, 1)) == {}

    QGuiApplication.clipboard().setText("48\n-2\n")
    qtbot.keyClick(screen.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "Commandements de quitter les lieux" not in read(screen.message.text())
    assert "Décisions de justice prononçant l'expulsion, avril 2024 : « Valeur » ne peut pas " \
        "être négative." in read(screen.message.text())
    assert stored(window, date(2024, 4, 1)) == {}

    QGuiApplication.clipboard().setText("48\n31\nnd\n")
    qtbot.keyClick(screen.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    april = date(2024, 4, 1)
    assert stored(window, april) == {("ASSIGN", april): 48, ("DECISION_EXP", april): 31,
                                     ("CQL", april): None}
    assert screen.undo_stack.count() == 1
    window.undo_action.trigger()
    assert stored(window, april) == {}


def test_grid_follows_changes_made_elsewhere(window, qtbot):
    screen = open_indicators(window, qtbot)
    put(window, "CFP_DEM", date(2024, 2, 1), 16.0)
    assert cell_text(screen, "CFP_DEM", 2) == "16"
    window.session.write("indicator", lambda con: con.execute(
        "UPDATE indicator SET active = 0 WHERE code = 'CFP_DEM'"))
    assert screen.model.rowCount() == 19


def test_empty_catalogue_says_so(window, qtbot):
    window.session.write("indicator", lambda con: con.execute("UPDATE indicator SET active = 0"))
    screen = window.show_screen("indicators")
    assert screen.model.rowCount() == 0
    assert screen.empty_label.isVisible()
    assert not screen.grid.isVisible()
    assert "aucun indicateur actif" in screen.empty_label.text()


def test_grid_model_contract(window, qtbot, qtmodeltester):
    put(window, "ASSIGN", date(2024, 1, 1), 5.0)
    screen = open_indicators(window, qtbot)
    qtmodeltester.check(screen.model)


def _assign() -> Indicator:
    return Indicator(code="ASSIGN", label_text="Assignations", unit="nb")


def _share() -> Indicator:
    return Indicator(code="DSF_PRESENCE", label_text="Présence", unit="%")


@pytest.mark.parametrize("typed, indicator, expected", [
    ("12", _assign(), 12.0),
    (" 1 234 ", _assign(), 1234.0),
    (f"1{NNBSP}234", _assign(), 1234.0),
    ("-3", _assign(), -3.0),  # the core refuses it, with its own message
    ("45,5", _share(), 45.5),
    ("45,5 %", _share(), 45.5),
    ("12.5", _share(), 12.5),
    (",5", _share(), 0.5),
])
def test_numbers_typed_the_french_way(typed, indicator, expected):
    assert parse_entry(typed, indicator).value == expected


@pytest.mark.parametrize("typed", ["abc", "1,2,3", "12 5", "1 23", "-", ",", "12 €", "1e3"])
def test_not_a_number(typed):
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_entry(typed, _assign())


def test_not_available_and_cleared():
    for typed in ("nd", "ND", "n.d.", "n/d"):
        entry = parse_entry(typed, _assign())
        assert entry.not_available and entry.value is None
    assert parse_entry("  ", _assign()).cleared


def test_another_section_can_point_at_a_cell(window, qtbot):
    screen = open_indicators(window, qtbot)
    screen.focus_on({"code": "CFP_STOCK", "month": date(2023, 11, 1)})
    assert screen.year_label.text() == "2023"
    assert screen.cell_title.text() == ("Stock de CFP accordés non exécutés – novembre 2023 · "
                                        "mois de trêve hivernale")


def test_backspace_then_enter_clears_a_cell(window, qtbot):
    put(window, "CQL", date(2024, 3, 1), 22.0)
    screen = open_indicators(window, qtbot)
    index = screen.model.index(row_of(screen, "CQL"), column(3))
    click(screen, qtbot, index)
    qtbot.keyClick(screen.grid, Qt.Key.Key_Backspace)
    editor = screen.grid.indexWidget(index)
    assert editor is not None and editor.text() == ""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert stored(window, date(2024, 3, 1)) == {}
    assert "valeur effacée" in screen.status.text()


def test_nothing_typed_is_lost(window, qtbot):
    """Ctrl+S, a change of year, another cell: what was typed is saved, never dropped."""
    put(window, "ASSIGN", date(2024, 2, 1), 50.0)
    screen = open_indicators(window, qtbot)
    assign = row_of(screen, "ASSIGN")
    click(screen, qtbot, screen.model.index(assign, column(3)))
    qtbot.keyClick(screen.grid, "4")
    qtbot.keyClicks(screen.grid.indexWidget(screen.model.index(assign, column(3))), "2")
    qtbot.keyClick(screen.grid.focusWidget() or screen.grid, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier)
    assert stored(window, date(2024, 3, 1)) == {("ASSIGN", date(2024, 3, 1)): 42}

    qtbot.keyClick(screen.grid, "7")
    qtbot.mouseClick(screen.previous_year_button, Qt.MouseButton.LeftButton)
    assert stored(window, date(2024, 3, 1)) == {("ASSIGN", date(2024, 3, 1)): 7}
    qtbot.mouseClick(screen.next_year_button, Qt.MouseButton.LeftButton)

    click(screen, qtbot, screen.model.index(assign, column(2)))
    qtbot.keyClicks(screen.comment, "Chiffre provisoire")
    assert screen.save_button.isEnabled()
    click(screen, qtbot, screen.model.index(assign, column(3)))
    value = indicators.values_between(window.session.con, DEPARTMENT, date(2024, 2, 1),
                                      date(2024, 2, 1))[0]
    assert (value.value, value.comment) == (50, "Chiffre provisoire")


def test_the_title_stays_on_one_line_on_a_laptop_screen(window, qtbot):
    window.resize(1366, 700)
    screen = open_indicators(window, qtbot)
    qtbot.wait(50)
    assert read(screen.title.text()) == "Indicateurs mensuels – Gers (32)"
    assert screen.title.height() < 2 * screen.title.fontMetrics().lineSpacing()


def test_row_labels_take_the_room_the_months_leave(window, qtbot):
    window.resize(1366, 700)
    screen = open_indicators(window, qtbot)
    qtbot.wait(50)
    header = screen.grid.verticalHeader()
    label = "Plans d'apurement et protocoles de cohésion sociale"  # 51 characters
    assert any(screen.model.indicator(r).label_text == label
               for r in range(screen.model.rowCount()))
    assert header.width() >= header.fontMetrics().horizontalAdvance(label)


def test_empty_cells_of_a_pasted_column_are_said_to_be_left_as_they_were(window, qtbot):
    screen = open_indicators(window, qtbot)
    put(window, "DECISION_EXP", date(2024, 4, 1), 12)
    click(screen, qtbot, screen.model.index(row_of(screen, "ASSIGN"), column(4)))
    QGuiApplication.clipboard().setText("48\n\n7\n")
    qtbot.keyClick(screen.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert cell_text(screen, "DECISION_EXP", 4) == "12"
    assert read(screen.status.text()) == (
        "2 valeurs collées ; 1 cellule vide dans le tableur, laissée telle quelle")


def test_ctrl_tab_leaves_the_grid_for_the_source_and_comment(window, qtbot):
    """Tab moves to the next month: the source, the comment and « Enregistrer » were out
    of the Tab key's reach."""
    put(window, "ASSIGN", date(2024, 5, 1), 54)
    screen = open_indicators(window, qtbot)
    click(screen, qtbot, screen.model.index(row_of(screen, "ASSIGN"), column(5)))
    qtbot.keyClick(screen.grid, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is screen.source
    qtbot.keyClick(screen.source, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert window.focusWidget() is screen.grid
    assert screen.grid.currentIndex().column() == column(5)  # the cell chosen is kept


def corner_colour(screen, index) -> QColor:
    """The colour painted near the cell's top left corner, where a cell to check has its
    triangle."""
    screen.grid.scrollTo(index)
    image = screen.grid.viewport().grab().toImage()
    rect = screen.grid.visualRect(index)
    ratio = image.devicePixelRatio()
    return image.pixelColor(int((rect.left() + 3) * ratio), int((rect.top() + 2) * ratio))


def test_a_zero_too_many_is_pointed_out_and_kept(window, qtbot):
    screen = open_indicators(window, qtbot)
    assign = row_of(screen, "ASSIGN")
    april, may = screen.model.index(assign, column(4)), screen.model.index(assign, column(5))
    type_into(screen, qtbot, assign, column(4), "60", key=Qt.Key.Key_Tab)
    assert not screen.warning.isVisible()
    type_into(screen, qtbot, assign, column(5), "600")

    assert stored(window, date(2024, 5, 1)) == {("ASSIGN", date(2024, 5, 1)): 600}, "kept"
    assert QApplication.activeModalWidget() is None, "no dialog slows the keying"
    assert screen.grid.currentIndex() == screen.model.index(assign + 1, column(5)), \
        "Entrée went on to the next indicator as usual"
    assert screen.warning.isVisible() and not screen.status.isVisible()
    assert read(screen.warning.text()) == (
        "Assignations aux fins d'expulsion, mai 2024 : valeur 600 enregistrée, mais dix fois "
        "la valeur d'avril 2024 (60). Vérifiez la saisie ; Ctrl+Z annule.")
    assert corner_colour(screen, may) == WARNING_MARK
    assert corner_colour(screen, april) != WARNING_MARK
    assert screen.model.data(may, Qt.ItemDataRole.BackgroundRole).color() == WARNING_BACKGROUND
    assert "À vérifier : 600, dix fois la valeur d'avril 2024 (60)." in read(
        screen.model.data(may, Qt.ItemDataRole.ToolTipRole))
    assert screen.model.data(may, Qt.ItemDataRole.AccessibleTextRole).endswith(
        "600, à vérifier")

    type_into(screen, qtbot, assign + 1, column(5), "31")
    assert not screen.warning.isVisible(), "the next figure's own outcome replaces it"
    assert corner_colour(screen, may) == WARNING_MARK, "the cell stays marked"
    click(screen, qtbot, may)
    assert screen.cell_check.isVisible()
    assert read(screen.cell_check.text()) == "À vérifier : 600, dix fois la valeur d'avril 2024 (60)."
    click(screen, qtbot, april)
    assert not screen.cell_check.isVisible()

    type_into(screen, qtbot, assign, column(5), "61")
    assert not screen.warning.isVisible()
    assert read(screen.status.text()) == \
        "Assignations aux fins d'expulsion, mai 2024 : valeur 61 enregistrée"
    assert corner_colour(screen, may) != WARNING_MARK
    assert screen.model.data(may, Qt.ItemDataRole.BackgroundRole) is None
    assert "À vérifier" not in screen.model.data(may, Qt.ItemDataRole.ToolTipRole)
    click(screen, qtbot, may)
    assert not screen.cell_check.isVisible()


def test_ctrl_z_after_the_warning_restores_the_figure_before(window, qtbot):
    put(window, "CQL", date(2024, 4, 1), 60.0)
    put(window, "CQL", date(2024, 5, 1), 62.0)
    screen = open_indicators(window, qtbot)
    cql = row_of(screen, "CQL")
    may = screen.model.index(cql, column(5))
    type_into(screen, qtbot, cql, column(5), "620")
    assert "Ctrl+Z annule" in screen.warning.text()
    assert corner_colour(screen, may) == WARNING_MARK

    qtbot.keyClick(screen.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(window, date(2024, 5, 1)) == {("CQL", date(2024, 5, 1)): 62}
    assert cell_text(screen, "CQL", 5) == "62"
    assert not screen.warning.isVisible(), "the warning goes with the figure it was about"
    assert corner_colour(screen, may) != WARNING_MARK


def test_a_fall_the_same_month_made_a_year_before_is_not_pointed_out(window, qtbot):
    """Forced evictions stop with the winter truce: November falls tenfold every year."""
    put(window, "CQL", date(2023, 4, 1), 9.0)
    put(window, "CQL", date(2024, 3, 1), 90.0)
    screen = open_indicators(window, qtbot)
    cql = row_of(screen, "CQL")
    type_into(screen, qtbot, cql, column(4), "8")
    assert not screen.warning.isVisible()
    assert corner_colour(screen, screen.model.index(cql, column(4))) != WARNING_MARK


def test_a_pasted_block_says_how_many_of_its_figures_to_check(window, qtbot):
    put(window, "ASSIGN", date(2024, 3, 1), 60.0)
    put(window, "DECISION_EXP", date(2024, 3, 1), 30.0)
    screen = open_indicators(window, qtbot)
    assign = row_of(screen, "ASSIGN")
    click(screen, qtbot, screen.model.index(assign, column(4)))
    QGuiApplication.clipboard().setText("600\n31\n")
    qtbot.keyClick(screen.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert stored(window, date(2024, 4, 1)) == {("ASSIGN", date(2024, 4, 1)): 600,
                                                ("DECISION_EXP", date(2024, 4, 1)): 31}
    assert screen.warning.isVisible()
    assert read(screen.warning.text()).startswith("2 valeurs collées, dont 1 à vérifier : ")
    assert corner_colour(screen, screen.model.index(assign, column(4))) == WARNING_MARK


def test_a_pasted_percentage_over_100_is_refused(window, qtbot):
    screen = open_indicators(window, qtbot)
    click(screen, qtbot, screen.model.index(row_of(screen, "DSF_PRESENCE"), column(5)))
    QGuiApplication.clipboard().setText("45,5\n120\n")
    qtbot.keyClick(screen.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert read(screen.message.text()) == (
        "Rien n'a été collé :\nDSF transmis au moins 5 jours ouvrés avant l'audience, mai "
        "2024 : « Valeur » : un pourcentage ne dépasse pas 100 (120 refusé).")
    assert stored(window, date(2024, 5, 1)) == {}
