"""Each list's sort and the column widths the user dragged are kept from one run to the
next (per list, in the window's settings), until « Largeurs automatiques » gives the
widths back to pexdesk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView

from pexdesk.core.text import fold
from pexdesk.ui.settings import ListHeader
from tests.ui.conftest import shown_window
from tests.ui.helpers import (cell, choose_in_context_menu, column_titled, drag_column_edge,
                              open_section)

LIST_SECTIONS = ("partners", "meetings", "roadmap", "feedback")
SIZE = QSize(1300, 720)


def opened(window, qtbot, key: str):
    screen = open_section(window, qtbot, key)
    qtbot.wait(100)  # the list takes its width
    return screen, screen.table.horizontalHeader()


def names(screen) -> list[str]:
    return [cell(screen, row, "Organisation") for row in range(screen.proxy.rowCount())]


def widths(header) -> list[int]:
    return [header.sectionSize(column) for column in range(header.count())]


@pytest.mark.parametrize("key", LIST_SECTIONS)
def test_a_dragged_column_width_comes_back_after_a_restart(qtbot, ui_settings, demo_base, key):
    with shown_window(qtbot, ui_settings, demo_base, SIZE) as window:
        screen, header = opened(window, qtbot, key)
        computed = widths(header)
        drag_column_edge(header, 0, 60)
        widened = widths(header)
        assert widened[0] == computed[0] + 60
    with shown_window(qtbot, ui_settings, demo_base, SIZE) as window:
        screen, header = opened(window, qtbot, key)
        assert widths(header) == widened
        window.resize(SIZE + QSize(400, 0))  # a wider window does not spread them again
        qtbot.wait(100)
        assert widths(header) == widened


def test_the_sort_comes_back_and_computed_widths_follow_the_window(qtbot, ui_settings,
                                                                   demo_base):
    with shown_window(qtbot, ui_settings, demo_base, SIZE) as window:
        screen, header = opened(window, qtbot, "partners")
        territory = column_titled(screen, "Territoire")
        title = QPoint(header.sectionViewportPosition(territory)
                       + header.sectionSize(territory) // 2, header.height() // 2)
        for _ in range(2):  # ascending, then descending
            qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=title)
        assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        order = names(screen)
        assert order != sorted(order, key=fold)
        narrow = header.sectionSize(column_titled(screen, "Organisation"))
    with shown_window(qtbot, ui_settings, demo_base, SIZE + QSize(500, 0)) as window:
        screen, header = opened(window, qtbot, "partners")
        assert header.sortIndicatorSection() == territory
        assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        assert names(screen) == order
        assert header.sectionSize(column_titled(screen, "Organisation")) > narrow


def older_header(titles: list[str]) -> ListHeader:
    """What a release whose list had these columns kept: a wide first column, sorted on
    the last one, widths chosen."""
    model = QStandardItemModel(0, len(titles))
    model.setHorizontalHeaderLabels(titles)
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().resizeSection(0, 500)
    view.horizontalHeader().setSortIndicator(len(titles) - 1, Qt.SortOrder.DescendingOrder)
    return ListHeader(view.horizontalHeader().saveState(), True)


@pytest.mark.parametrize("change", ["one column fewer", "columns moved"])
def test_a_header_kept_for_other_columns_is_ignored(qtbot, ui_settings, demo_base, change):
    with shown_window(qtbot, ui_settings, demo_base, SIZE) as window:
        screen, header = opened(window, qtbot, "partners")
        titles = [screen.model.headerData(c, Qt.Orientation.Horizontal)
                  for c in range(header.count())]
        computed = widths(header)
    older = titles[:-1] if change == "one column fewer" else [titles[1], titles[0], *titles[2:]]
    ui_settings.set_list_header("partner", older, older_header(older))
    with shown_window(qtbot, ui_settings, demo_base, SIZE) as window:
        screen, header = opened(window, qtbot, "partners")
        assert widths(header) == computed
        assert header.sortIndicatorSection() == 0
        assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def title_centre(header, column: int) -> QPoint:
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                  header.height() // 2)


@pytest.mark.parametrize("key", LIST_SECTIONS)
def test_automatic_widths_from_the_header_menu_forget_the_dragged_ones(qtbot, ui_settings,
                                                                     demo_base, key):
    with shown_window(qtbot, ui_settings, demo_base, SIZE) as window:
        screen, header = opened(window, qtbot, key)
        computed = widths(header)
        drag_column_edge(header, 0, 60)
    with shown_window(qtbot, ui_settings, demo_base, SIZE) as window:
        screen, header = opened(window, qtbot, key)
        assert widths(header)[0] == computed[0] + 60  # kept from the last run
        choose_in_context_menu(qtbot, header.viewport(), title_centre(header, 1),
                               "Largeurs automatiques")
        assert widths(header) == computed
        kept = ui_settings.list_header(screen.table_name, screen._column_titles())
        assert not kept.widths_chosen  # forgotten at once, not only when the window closes
    with shown_window(qtbot, ui_settings, demo_base, SIZE) as window:
        screen, header = opened(window, qtbot, key)
        assert widths(header) == computed
        window.resize(SIZE + QSize(400, 0))  # computed: they follow the window again
        qtbot.wait(100)
        assert widths(header) != computed


def choose_automatic_widths_by_keyboard(qtbot, window) -> None:
    """Alt+A opens « Affichage », L chooses « Largeurs de colonnes automatiques »."""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is window.view_menu)
    qtbot.keyClick(window.view_menu, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: not window.view_menu.isVisible())
    window.activateWindow()  # offscreen, the closed menu may stay the active window
    qtbot.waitActive(window)


def test_automatic_widths_from_the_view_menu_keep_the_sort(qtbot, ui_settings, demo_base):
    with shown_window(qtbot, ui_settings, demo_base, SIZE) as window:
        screen, header = opened(window, qtbot, "partners")
        territory = column_titled(screen, "Territoire")
        for _ in range(2):  # descending
            qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                             pos=title_centre(header, territory))
        order = names(screen)
    with shown_window(qtbot, ui_settings, demo_base, SIZE) as window:
        screen, header = opened(window, qtbot, "partners")
        fitted = widths(header)  # as on first use, for this sort
        drag_column_edge(header, territory, -30)
        screen.table.setFocus()
        choose_automatic_widths_by_keyboard(qtbot, window)
        assert widths(header) == fitted
        assert header.sortIndicatorSection() == territory
        assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        assert names(screen) == order
    with shown_window(qtbot, ui_settings, demo_base, SIZE) as window:
        screen, header = opened(window, qtbot, "partners")
        assert widths(header) == fitted and names(screen) == order


def test_automatic_widths_are_offered_on_lists_only(window, qtbot):
    for key, offered in (("dashboard", False), ("partners", True), ("indicators", False),
                         ("feedback", True)):
        open_section(window, qtbot, key)
        assert window.fit_columns_action.isEnabled() == offered, key


def test_sorting_by_a_header_keeps_the_record_chosen_highlighted(window, qtbot):
    from pexdesk.core.domain.models import Partner
    from pexdesk.core.repositories import partners
    from tests.ui.helpers import click_row, selected

    for name in ("ADIL du Gers", "CAF du Gers", "Mairie d'Auch"):
        partners.save(window.session.con, Partner(name=name, category_code="CAF"))
    screen = open_section(window, qtbot, "partners")
    click_row(qtbot, screen, "ADIL du Gers")
    header = screen.table.horizontalHeader()
    name_column = column_titled(screen, "Organisation")
    places = []
    for _ in range(2):  # descending, then ascending again: the chosen row moves each time
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(header.sectionViewportPosition(name_column) + 5, 5))
        assert selected(screen) == "ADIL du Gers"
        assert screen.editor.name.text() == "ADIL du Gers"
        places.append(screen.table.currentIndex().row())
    assert places == [2, 0]
