"""Feuille de route: the actions read under their axis, as the roadmap does, while the list
is in axis order; a band above each axis's first action names it and counts its actions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAccessible, QFontMetrics, QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

from pexdesk.core.domain.models import Action, Axis
from pexdesk.core.repositories import roadmap
from tests.ui.conftest import shown_window
from tests.ui.helpers import click_title, open_section, read, selected, type_text

PAST = date.today() - timedelta(days=10)


@pytest.fixture
def axes(window, qtbot):
    """Two axes of four actions, the second axis between them left empty; in due-date
    order the axes alternate. The window is a laptop's: the list shows the axes' names
    whole."""
    window.resize(1366, 740)
    return add_actions(window.session.con)


def add_actions(con) -> tuple[Axis, Axis, Axis]:
    first, empty, third = roadmap.axes(con)[:3]
    for axis, title, status, due in (
            (first, "Tableau de bord", "REALISEE", date(2025, 5, 15)),
            (first, "Bilan annuel", "EN_COURS", PAST),
            (third, "Protocole de relogement", "REALISEE", date(2025, 1, 10)),
            (third, "Charte de prévention", "EN_COURS", date.today() + timedelta(days=100))):
        roadmap.save_action(con, Action(axis_id=axis.id, title=title, status=status,
                                        start_on=date(2025, 1, 1), due_on=due))
    return first, empty, third


def titles(screen) -> list[str]:
    return [screen.proxy.index(row, 0).data() for row in range(screen.proxy.rowCount())]


def bands(screen) -> dict[str, tuple[str, str]]:
    """The first action of each group, with what its band reads."""
    table = screen.table
    return {screen.proxy.index(row, 0).data(): table.band_texts(row)
            for row in range(screen.proxy.rowCount()) if table.group_at(row) is not None}


def band_tooltip(table, row: int) -> str:
    """The tooltip of the band above ``row``, hovered as the user does."""
    QToolTip.hideText()
    pos = table.band_rect(row).center()
    QApplication.sendEvent(table.viewport(), QHelpEvent(
        QEvent.Type.ToolTip, pos, table.viewport().mapToGlobal(pos)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def spoken(table, row: int, column: int) -> str:
    """What a screen reader says of the list's cell at ``row``, ``column``."""
    list_ = QAccessible.queryAccessibleInterface(table)
    cells = [child for child in (list_.child(i) for i in range(list_.childCount()))
             if child.role() == QAccessible.Role.Cell]
    return cells[row * table.model().columnCount() + column].text(QAccessible.Text.Name)


def test_each_axis_is_named_above_its_first_action(window, qtbot, axes):
    first, _, third = axes
    screen = open_section(window, qtbot, "roadmap")
    table = screen.table
    assert titles(screen) == ["Tableau de bord", "Bilan annuel", "Protocole de relogement",
                              "Charte de prévention"]
    assert bands(screen) == {
        "Tableau de bord": (first.label_text, "2 actions, dont 1 en retard"),
        "Protocole de relogement": (third.label_text, "2 actions")}
    assert read(band_tooltip(table, 0)) == (
        f"Axe {first.label_text} ({first.code}) : 2 actions, dont 1 en retard")
    assert read(spoken(table, 0, 0)) == (
        f"Axe {first.label_text} ({first.code}) : 2 actions, dont 1 en retard. Tableau de bord")
    assert spoken(table, 1, 0) == "Bilan annuel"
    # The band is drawn above the first action, which keeps a row's height below it.
    assert table.rowHeight(0) == table.rowHeight(2) == 2 * table.rowHeight(1)
    image = table.viewport().grab().toImage()
    band_colour = table.palette().color(QPalette.ColorRole.Window)
    assert image.pixelColor(table.band_rect(0).topLeft() + QPoint(1, 1)) == band_colour
    assert image.pixelColor(table.band_rect(2).topLeft() + QPoint(1, 1)) == band_colour
    assert image.pixelColor(QPoint(1, table.rowViewportPosition(1) + 1)) != band_colour
    assert screen.count_label.text() == "4 actions"
    assert not screen.group_button.isEnabled()


def test_a_narrow_list_shortens_every_band_alike_then_cuts_long_axis_names(
        window, qtbot, axes):
    first, _, third = axes
    con = window.session.con
    young = roadmap.save_axis(con, Axis(code="FR6_JEUNES", label_text="Jeunes"))
    roadmap.save_action(con, Action(axis_id=young.id, title="Repérage des jeunes",
                                    status="EN_COURS", start_on=date(2025, 1, 1), due_on=PAST))
    screen = open_section(window, qtbot, "roadmap")
    table = screen.table
    bold = table.font()
    bold.setBold(True)
    table.setFixedWidth(QFontMetrics(bold).horizontalAdvance(first.label_text)
                        + table.fontMetrics().horizontalAdvance("2 actions, dont 1"))
    qtbot.waitUntil(lambda: table.band_texts(0)[1] == "2 actions")
    shown = bands(screen)
    assert shown["Tableau de bord"] == (first.label_text, "2 actions")
    assert shown["Repérage des jeunes"] == ("Jeunes", "1 action")  # not « dont 1 en retard »
    title, summary = shown["Protocole de relogement"]
    assert title.endswith("…") and third.label_text.startswith(title[:-1])
    assert summary == "2 actions"
    assert read(band_tooltip(table, 0)).endswith("2 actions, dont 1 en retard")


def test_sorted_by_due_date_the_bands_go_and_regrouper_brings_them_back(window, qtbot, axes):
    screen = open_section(window, qtbot, "roadmap")
    table = screen.table
    click_title(qtbot, screen, "Échéance")
    assert titles(screen) == ["Protocole de relogement", "Tableau de bord", "Bilan annuel",
                              "Charte de prévention"]
    assert bands(screen) == {}
    assert {table.rowHeight(row) for row in range(4)} == {table.rowHeight(0)}
    assert spoken(table, 0, 0) == "Protocole de relogement"
    assert screen.group_button.isEnabled()
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # « Re&grouper »
    qtbot.waitUntil(lambda: titles(screen)[0] == "Tableau de bord")  # the button is animated
    assert list(bands(screen)) == ["Tableau de bord", "Protocole de relogement"]
    assert table.rowHeight(0) == 2 * table.rowHeight(1)
    assert not screen.group_button.isEnabled()


def test_the_list_reopens_sorted_as_left_with_regrouper_offered(qtbot, ui_settings, base_path):
    with shown_window(qtbot, ui_settings, base_path) as window:
        add_actions(window.session.con)
        click_title(qtbot, open_section(window, qtbot, "roadmap"), "Échéance")
    with shown_window(qtbot, ui_settings, base_path) as window:
        screen = open_section(window, qtbot, "roadmap")
        assert titles(screen)[0] == "Protocole de relogement"
        assert bands(screen) == {} and screen.group_button.isEnabled()
        qtbot.mouseClick(screen.group_button, Qt.MouseButton.LeftButton)
    with shown_window(qtbot, ui_settings, base_path) as window:
        screen = open_section(window, qtbot, "roadmap")
        assert titles(screen)[0] == "Tableau de bord"
        assert len(bands(screen)) == 2 and not screen.group_button.isEnabled()


def test_the_arrows_go_from_action_to_action_across_the_bands(window, qtbot, axes):
    screen = open_section(window, qtbot, "roadmap")
    table = screen.table
    table.setFocus()
    assert selected(screen) == "Tableau de bord"
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert selected(screen) == "Protocole de relogement"
    assert screen.editor_title.text() == "Protocole de relogement"
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert screen.editor.title.text() == "Bilan annuel"
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert selected(screen) == "Charte de prévention"
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert selected(screen) == "Tableau de bord"


def test_a_click_on_a_band_chooses_its_first_action_which_dupliquer_copies(
        window, qtbot, axes):
    screen = open_section(window, qtbot, "roadmap")
    table = screen.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.band_rect(2).center())
    assert screen.editor.title.text() == "Protocole de relogement"
    qtbot.keyClick(table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert screen.editor.title.text() == "Protocole de relogement (copie)"
    assert screen.editor.axis.currentData() == axes[2].id


def test_filters_show_the_groups_of_the_actions_they_keep(window, qtbot, axes):
    first, _, third = axes
    screen = open_section(window, qtbot, "roadmap")
    combo = screen.status_filter
    combo.setFocus()
    while combo.currentText() != "En retard":
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert titles(screen) == ["Bilan annuel"]
    assert bands(screen) == {"Bilan annuel": (first.label_text,
                                              "1 sur 2 actions, dont 1 en retard")}
    assert screen.count_label.text() == "1 sur 4 actions"
    while combo.currentText() != "Tous les statuts":
        qtbot.keyClick(combo, Qt.Key.Key_Up)
    type_text(screen.search, "charte")
    assert bands(screen) == {"Charte de prévention": (third.label_text, "1 sur 2 actions")}
    type_text(screen.search, " introuvable")
    assert screen.list_stack.currentWidget() is screen.empty_label
    assert read(screen.empty_label.text()) == "Aucun résultat pour cette recherche."
