"""Indicateurs: the months of the trêve hivernale are marked on the grid's header — a band
the header paints, a tooltip and an accessible description that say it in words — and the
line under the grid says « mois de trêve hivernale » for a cell of one."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAccessible, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from pexdesk.ui.screens import indicators as screen_module
from pexdesk.ui.screens.indicators import FIRST_MONTH_COLUMN, PREVIOUS_DECEMBER_COLUMN
from pexdesk.ui.treve_header import BAND_COLOUR
from tests.ui.helpers import read

TREVE_2024 = ("Trêve hivernale du 1er novembre 2024 au 31 mars 2025 : aucune expulsion avec le "
              "concours de la force publique, sauf relogement assuré.")


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """June 2024: the grid shows December 2023, then January to December 2024."""
    monkeypatch.setattr(screen_module, "_today", lambda: date(2024, 6, 15))


def column(month: int) -> int:
    return FIRST_MONTH_COLUMN + month - 1


def open_indicators(window, qtbot):
    screen = window.show_screen("indicators")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    return screen


def header_tooltip(screen, section: int) -> str:
    """The tooltip shown when the pointer rests on a month's header."""
    header = screen.grid.horizontalHeader()
    screen.grid.scrollTo(screen.model.index(0, section))
    QToolTip.hideText()
    pos = QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2,
                 header.height() // 2)
    QApplication.sendEvent(header.viewport(), QHelpEvent(
        QEvent.Type.ToolTip, pos, header.viewport().mapToGlobal(pos)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def spoken_header(screen, section: int) -> tuple[str, str]:
    """(name, description) a screen reader gives of a column's header."""
    grid = QAccessible.queryAccessibleInterface(screen.grid)
    headers = [child for child in (grid.child(i) for i in range(grid.childCount()))
               if child.role() == QAccessible.Role.ColumnHeader]
    cell = headers[section]
    return cell.text(QAccessible.Text.Name), cell.text(QAccessible.Text.Description)


def band_columns(screen) -> set[int]:
    """The columns whose header shows the trêve's band (painted in its grey at the top)."""
    header = screen.grid.horizontalHeader()
    image = QImage(header.size(), QImage.Format.Format_RGB32)
    header.render(image)
    marked = set()
    for section in range(screen.model.columnCount()):
        if header.isSectionHidden(section):
            continue
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        if 0 <= x < image.width() and image.pixelColor(x, 1) == BAND_COLOUR:
            marked.add(section)
    return marked


def test_a_november_header_says_it_is_a_trêve_month_and_a_june_one_does_not(window, qtbot):
    screen = open_indicators(window, qtbot)
    november = header_tooltip(screen, column(11))
    assert read(november) == f"novembre 2024 : mois à venir, pas encore de saisie.\n{TREVE_2024}"
    june = header_tooltip(screen, column(6))
    assert read(june) == "juin 2024 : 0 indicateur saisi sur 20"
    assert "rêve" not in june
    assert read(spoken_header(screen, column(11))[1]) == TREVE_2024
    assert spoken_header(screen, column(6)) == ("juin 2024", "")
    assert spoken_header(screen, column(11))[0] == "novembre 2024"


def test_the_band_marks_the_trêve_months_only(window, qtbot):
    screen = open_indicators(window, qtbot)
    screen.resize(2200, 700)  # every month in view
    qtbot.waitUntil(lambda: band_columns(screen) != set())
    assert band_columns(screen) == {PREVIOUS_DECEMBER_COLUMN, column(1), column(2), column(3),
                                    column(11), column(12)}


def test_the_line_under_the_grid_names_a_trêve_month(window, qtbot):
    screen = open_indicators(window, qtbot)
    grid = screen.grid
    qtbot.keyClick(grid, Qt.Key.Key_Home)  # the unit column, then month by month
    for _ in range(2):
        qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.currentIndex().column() == column(1)
    title = screen.model.indicator(grid.currentIndex().row()).label_text
    assert read(screen.cell_title.text()) == f"{title} – janvier 2024 · mois de trêve hivernale"
    for _ in range(3):
        qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert read(screen.cell_title.text()) == f"{title} – avril 2024"


def test_a_locked_month_of_the_trêve_gives_only_its_reason(window, qtbot):
    """Typing on November (to come) says why it takes no value, not the trêve as well."""
    screen = open_indicators(window, qtbot)
    grid = screen.grid
    grid.setCurrentIndex(screen.model.index(0, column(11)))
    qtbot.keyClick(grid, "4")
    assert read(screen.message.text()) == "Novembre 2024 : mois à venir, pas encore de saisie."


def test_the_extended_trêve_of_2020_is_marked_until_10_july(window, qtbot, monkeypatch):
    monkeypatch.setattr(screen_module, "_today", lambda: date(2020, 12, 15))
    screen = open_indicators(window, qtbot)
    assert screen.year_label.text() == "2020"
    assert "prolongée jusqu'au 10 juillet 2020 en raison de la crise sanitaire" in read(
        header_tooltip(screen, column(7)))
    assert "rêve" not in header_tooltip(screen, column(8))
    grid = screen.grid
    grid.setCurrentIndex(screen.model.index(0, column(7)))
    assert read(screen.cell_title.text()).endswith("juillet 2020 · trêve hivernale jusqu'au "
                                                   "10 juillet")
