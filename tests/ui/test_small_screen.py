"""A 1366 × 768 laptop at 150 % scaling offers about 910 × 512 logical pixels: every
section must fit there, and the keyboard must reach the form from the list."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QHelpEvent, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QLabel, QLineEdit, QPushButton,
                               QScrollArea, QStyle, QStyleOptionComboBox, QStyleOptionFrame,
                               QTableView, QTabWidget, QToolTip)

from pexdesk.ui.forms import DateField
from pexdesk.ui.partner_checklist import PartnerChecklist
from pexdesk.ui.screens.indicators import IndicatorGrid
from pexdesk.ui.screens import SCREENS
from pexdesk.ui.widgets import shown_combo_text
from tests.ui.conftest import shown_window
from tests.ui.helpers import column_titled, open_section, read, type_text

LAPTOP_AT_150 = QSize(1366 * 2 // 3, 768 * 2 // 3)
LIST_SECTIONS = ("partners", "meetings", "roadmap", "feedback")


def shows_whole(combo, text: str) -> bool:
    """The combo box's text area, inside its frame and arrow, is wide enough for ``text``."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    text_area = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo)
    return text_area.width() >= combo.fontMetrics().horizontalAdvance(text)


@pytest.fixture
def demo_window(qtbot, ui_settings, demo_base):
    with shown_window(qtbot, ui_settings, demo_base, LAPTOP_AT_150 - QSize(10, 40)) as window:
        yield window


@pytest.mark.parametrize("key", [spec.key for spec in SCREENS])
def test_every_section_fits_a_laptop_at_150_percent(demo_window, qtbot, key):
    open_section(demo_window, qtbot, key)
    qtbot.wait(200)
    needed = demo_window.minimumSizeHint()
    assert needed.width() <= LAPTOP_AT_150.width(), f"{key} needs {needed.width()} px wide"
    assert needed.height() <= LAPTOP_AT_150.height(), f"{key} needs {needed.height()} px high"
    assert demo_window.width() <= LAPTOP_AT_150.width()


def test_the_sidebar_shows_its_longest_section_without_scrolling(demo_window):
    sidebar = demo_window.sidebar
    longest = max(sidebar.sizeHintForColumn(0), 1)
    assert sidebar.viewport().width() >= longest
    assert sidebar.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_the_guide_fits_the_screen(demo_window):
    demo_window.show_guide()
    available = demo_window.guide.screen().availableGeometry()
    assert demo_window.guide.width() <= available.width()
    assert demo_window.guide.height() <= available.height()


def test_the_about_box_fits_a_laptop_at_150_percent(demo_window, qtbot):
    """Its list of components scrolls: as a QMessageBox it outgrew 512 pixels once the
    fonts were listed, and « OK » fell off the screen."""
    from pexdesk.ui.about import AboutDialog

    demo_window.show_about()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AboutDialog))
    about = QApplication.activeModalWidget()
    room = LAPTOP_AT_150 * 0.9  # fit_to_screen's share of the screen
    needed = about.minimumSizeHint()
    assert needed.width() <= room.width() and needed.height() <= room.height(), needed
    about.resize(room)
    qtbot.wait(50)
    assert about.height() <= room.height()
    close = about.buttons.buttons()[0]
    assert about.rect().contains(QRect(close.mapTo(about, QPoint(0, 0)), close.size()))
    bar = about.text.verticalScrollBar()
    bar.setValue(bar.maximum())
    shown = about.text.viewport().rect().translated(0, bar.value())
    assert shown.bottom() >= about.text.document().size().height() - 1
    about.reject()


@pytest.mark.parametrize("key", LIST_SECTIONS)
def test_tab_leaves_the_list_for_the_form_without_changing_the_record(demo_window, qtbot, key):
    screen = open_section(demo_window, qtbot, key)
    screen.table.setFocus()
    qtbot.waitUntil(screen.table.hasFocus)
    shown = screen.editor.record_id
    QTest.keyClick(screen.table, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert not isinstance(focused, QTableView)
    assert screen.editor.isAncestorOf(focused), f"Tab went to {focused!r}"
    assert screen.editor.record_id == shown


def test_arrows_still_move_in_the_list(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "partners")
    screen.table.setFocus()
    first = screen.editor.record_id
    QTest.keyClick(screen.table, Qt.Key.Key_Down)
    assert screen.editor.record_id != first


def test_a_long_value_shows_its_start(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "meetings")
    for field in screen.editor.findChildren(QLineEdit):
        assert field.cursorPosition() == 0


def test_a_cut_text_cell_shows_its_whole_text_as_tooltip(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "partners")
    index = screen.proxy.index(0, 0)
    assert screen.proxy.data(index, Qt.ItemDataRole.ToolTipRole) == screen.proxy.data(index)


def test_the_roadmap_shows_axis_labels_not_codes(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "roadmap")
    index = screen.proxy.index(0, column_titled(screen, "Axe"))
    row = screen.proxy.row_object(index)
    assert screen.proxy.data(index) == row.axis_label
    assert row.axis_code in screen.proxy.data(index, Qt.ItemDataRole.ToolTipRole)


def test_sub_tables_show_no_row_numbers(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "partners")
    assert screen.editor.contacts.view.verticalHeader().isHidden()


@pytest.mark.parametrize("key", LIST_SECTIONS)
def test_forms_need_no_sideways_scrolling(demo_window, qtbot, key):
    """Before, the Retours form was 40 px wider than its pane: the ends of the fields were
    hidden behind a sideways scroll bar."""
    screen = open_section(demo_window, qtbot, key)
    qtbot.wait(100)
    scroll = screen.editor.parentWidget().parentWidget()
    assert isinstance(scroll, QScrollArea)
    assert screen.editor.width() <= scroll.viewport().width()
    assert screen.editor.minimumSizeHint().width() <= scroll.viewport().width()


def test_sub_table_titles_are_not_cut(demo_window, qtbot):
    view = open_section(demo_window, qtbot, "partners").editor.contacts.view
    header = view.horizontalHeader()
    for column in range(header.count()):
        title = view.model().headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), title


def test_a_meetings_follow_ups_show_their_four_columns_whole(demo_window, qtbot):
    """With the partner in charge beside the text and the due date, « Fait » went out of
    sight: every column was as wide as the widest title."""
    view = open_section(demo_window, qtbot, "meetings").editor.followups.view
    header = view.horizontalHeader()
    titles = [view.model().headerData(column, Qt.Orientation.Horizontal)
              for column in range(header.count())]
    assert titles == ["Suite", "Responsable", "Échéance", "Fait"]
    for column, title in enumerate(titles):
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), title
    assert header.sectionViewportPosition(3) + header.sectionSize(3) <= view.viewport().width()
    assert header.sectionSize(0) >= header.sectionSize(3)  # the text gets the room, not the box


def test_a_filter_shows_its_first_choice_whole(demo_window, qtbot):
    combo = open_section(demo_window, qtbot, "partners").category_filter
    assert combo.currentText() == "Toutes les catégories"
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    text_area = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                             QStyle.SubControl.SC_ComboBoxEditField, combo)
    assert text_area.width() >= combo.fontMetrics().horizontalAdvance(combo.currentText())


def test_the_dashboard_stacks_its_boxes_rather_than_cutting_them(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "dashboard")
    qtbot.wait(100)
    scroll = screen.findChild(QScrollArea)
    assert scroll.widget().width() <= scroll.viewport().width()
    assert screen.columns_shown == 1


def test_the_monthly_overview_headers_are_not_cut(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "meetings")
    view = screen.overview.view
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(header.count()):
        text = screen.overview.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text


def test_the_monthly_overview_shows_its_totals_and_twelve_months_without_scrolling(
        demo_window, qtbot):
    """The dossiers and avis came after six kinds of meeting, out of sight, and December
    under the fold."""
    screen = open_section(demo_window, qtbot, "meetings")
    overview = screen.overview
    screen.findChild(QTabWidget).setCurrentWidget(overview)
    qtbot.wait(100)
    view, header = overview.view, overview.view.horizontalHeader()
    titles = [overview.model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(overview.model.columnCount())]
    for title in ("Mois", "Réunions", "Dossiers examinés", "Avis émis"):
        column = titles.index(title)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= (
            view.viewport().width()), title
    december = view.visualRect(view.model().index(11, 0))
    assert view.viewport().rect().contains(december)


def test_the_bilan_file_shows_its_start(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "reports")
    qtbot.waitUntil(lambda: bool(screen.path_edit.text()))
    assert screen.path_edit.cursorPosition() == 0


def scroll_area_of(widget) -> QScrollArea:
    while not isinstance(widget, QScrollArea):
        widget = widget.parentWidget()
    return widget


def test_the_satisfaction_bilan_choices_fit_at_150_percent(demo_window, qtbot):
    """Before, the column of choices scrolled sideways and cut the Type and Campagne combo
    boxes at its right edge."""
    screen = open_section(demo_window, qtbot, "reports")
    screen.kind.setFocus()
    qtbot.waitUntil(screen.kind.hasFocus)
    QTest.keyClick(screen.kind, Qt.Key.Key_Down)
    assert screen.kind.currentText() == "Bilan de satisfaction"
    qtbot.wait(100)
    scroll = scroll_area_of(screen.kind_box)
    viewport = scroll.viewport()
    assert scroll.horizontalScrollBar().maximum() == 0
    for combo in (screen.kind, screen.campaign):
        assert combo.isVisible()
        assert combo.mapTo(viewport, QPoint(combo.width(), 0)).x() <= viewport.width()
    assert shows_whole(screen.kind, "Bilan de satisfaction")
    campaign = screen.campaign
    name = campaign.currentText()
    assert name == "Enquête de satisfaction des partenaires 2026"
    shown = shown_combo_text(campaign)
    assert shown == name or (shown.endswith("…") and name.startswith(shown[:-1])), shown
    QApplication.sendEvent(campaign, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5),
                                                campaign.mapToGlobal(QPoint(5, 5))))
    assert campaign.toolTip() == name


def test_the_selected_row_is_stronger_when_the_list_has_the_focus(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "partners")
    screen.search.setFocus()
    qtbot.waitUntil(screen.search.hasFocus)
    unfocused = screen.table.palette().color(QPalette.ColorRole.Highlight)
    screen.table.setFocus()
    qtbot.waitUntil(screen.table.hasFocus)
    focused = screen.table.palette().color(QPalette.ColorRole.Highlight)
    assert focused.lightness() < unfocused.lightness()


def test_the_pilots_checklist_needs_no_sideways_scrolling(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "roadmap")
    view = screen.editor.findChild(PartnerChecklist).view
    qtbot.waitUntil(lambda: view.model().rowCount() > 0)
    rows = [view.model().index(row, 0) for row in range(view.model().rowCount())]
    widest = max(view.fontMetrics().horizontalAdvance(index.data()) for index in rows)
    assert widest > view.viewport().width()  # the demo's names are longer than the list
    assert view.horizontalScrollBar().maximum() == 0
    assert all(view.visualRect(index).width() <= view.viewport().width() for index in rows)


def test_a_list_beside_the_form_shows_more_than_three_columns(demo_window, qtbot):
    demo_window.resize(1366, 720)  # a 1366 × 768 laptop at 100 %
    screen = open_section(demo_window, qtbot, "partners")
    qtbot.wait(100)
    header = screen.table.horizontalHeader()
    shown = [column for column in range(header.count())
             if header.sectionViewportPosition(column) + header.sectionSize(column)
             <= screen.table.viewport().width()]
    assert len(shown) >= 4


@pytest.mark.parametrize("key", [spec.key for spec in SCREENS])
def test_no_list_traps_the_tab_key(demo_window, qtbot, key):
    screen = open_section(demo_window, qtbot, key)
    trapping = [view.accessibleName() or type(view).__name__
                for view in screen.findChildren(QAbstractItemView)
                if view.tabKeyNavigation() and not isinstance(view, IndicatorGrid)]
    assert not trapping


def test_the_campaign_selector_shows_the_whole_name_when_there_is_room(demo_window, qtbot):
    demo_window.resize(1366, 720)
    screen = open_section(demo_window, qtbot, "feedback")
    qtbot.wait(100)
    combo = screen.campaign_combo
    QApplication.sendEvent(combo, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5),
                                             combo.mapToGlobal(QPoint(5, 5))))
    assert combo.toolTip() == combo.currentText()
    assert combo.width() > combo.fontMetrics().horizontalAdvance(combo.currentText()) + 20


def test_indicator_labels_stay_in_view_while_the_months_scroll(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "indicators")
    grid = screen.grid
    grid.horizontalScrollBar().setValue(grid.horizontalScrollBar().maximum())
    header = grid.verticalHeader()
    assert header.isVisible() and header.width() > 100
    label = screen.model.headerData(0, Qt.Orientation.Vertical)
    assert label == screen.model.index(0, 0).data()
    assert screen.source.cursorPosition() == 0


def test_the_action_dates_are_whole_in_a_narrow_form(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "roadmap")
    qtbot.wait(100)
    for field in (screen.editor.start_on, screen.editor.due_on):
        assert field.width() > field.fontMetrics().horizontalAdvance(field.text())


@pytest.mark.parametrize("key", ["dashboard", "reports"])
def test_the_period_shows_its_dates_and_its_name_whole(demo_window, qtbot, key):
    period = open_section(demo_window, qtbot, key).period
    qtbot.wait(100)
    for field in (period.first, period.last):
        assert field.width() > field.fontMetrics().horizontalAdvance(field.text())
    assert shows_whole(period.combo, "Période personnalisée…")


def test_the_dashboard_keeps_two_columns_on_a_wide_window(demo_window, qtbot):
    demo_window.resize(1600, 900)
    screen = open_section(demo_window, qtbot, "dashboard")
    qtbot.waitUntil(lambda: screen.columns_shown == 2)


def test_the_questionnaire_form_follows_the_cursor(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "feedback")
    screen.new_record()
    editor = screen.editor
    editor.scores.overall.setFocus()
    qtbot.waitUntil(editor.scores.overall.hasFocus)
    for key in "45454":  # each score moves the cursor on by itself
        QTest.keyClicks(QApplication.focusWidget(), key)
    focused = QApplication.focusWidget()
    scroll = editor.parentWidget().parentWidget()
    assert editor.isAncestorOf(focused)
    top_left = focused.mapTo(scroll.viewport(), QPoint(0, 0))
    assert scroll.viewport().rect().contains(top_left), "the field typed in is out of sight"


# What must be read in each list without scrolling sideways, and which of these columns
# are dates or figures (never cut: the long texts give up the room, whole in tooltips).
KEY_COLUMNS = {
    "partners": (("Organisation", "Catégorie"), ()),
    "meetings": (("Date", "Type", "Dossiers", "Avis"), ("Date", "Dossiers", "Avis")),
    "roadmap": (("Action", "Statut", "Échéance"), ("Échéance",)),
    "feedback": (("N°", "Date", "Catégorie", "Globale"), ("N°", "Date", "Globale")),
}


def assert_key_columns_in_view(screen, key: str) -> None:
    view, header = screen.table, screen.table.horizontalHeader()
    titles, whole = KEY_COLUMNS[key]
    for title in titles:
        column = column_titled(screen, title)
        left = header.sectionViewportPosition(column)
        right = left + header.sectionSize(column)
        assert 0 <= left and right <= view.viewport().width(), (
            f"« {title} » spans {left}–{right}, the list shows 0–{view.viewport().width()}")
    for title in whole:
        column = column_titled(screen, title)
        assert header.sectionSize(column) >= view.sizeHintForColumn(column), f"« {title} » is cut"


@pytest.mark.parametrize("key", LIST_SECTIONS)
def test_the_key_columns_are_in_view_at_150_percent(demo_window, qtbot, key):
    """Before, the roadmap's « Échéance » lay beyond the right edge of the list."""
    screen = open_section(demo_window, qtbot, key)
    qtbot.wait(100)
    assert_key_columns_in_view(screen, key)


@pytest.mark.parametrize("key", LIST_SECTIONS)
def test_the_key_columns_are_in_view_at_100_percent(demo_window, qtbot, key):
    demo_window.resize(1366, 720)
    screen = open_section(demo_window, qtbot, key)
    qtbot.wait(100)
    assert_key_columns_in_view(screen, key)


def test_the_long_text_takes_the_spare_room_of_a_wide_list(demo_window, qtbot):
    demo_window.resize(2400, 1000)
    screen = open_section(demo_window, qtbot, "roadmap")
    qtbot.wait(100)
    view, header = screen.table, screen.table.horizontalHeader()
    last = header.logicalIndex(header.count() - 1)
    assert header.sectionViewportPosition(last) + header.sectionSize(last) == (
        view.viewport().width()), "every column in view, the list filled"
    action, due = column_titled(screen, "Action"), column_titled(screen, "Échéance")
    assert header.sectionSize(action) >= view.sizeHintForColumn(action), "titles whole"
    assert header.sectionSize(due) < 2 * view.sizeHintForColumn(due), "the room went to a date"


def test_a_column_the_user_widened_keeps_its_width(demo_window, qtbot):
    screen = open_section(demo_window, qtbot, "roadmap")
    qtbot.wait(100)
    header = screen.table.horizontalHeader()
    column = column_titled(screen, "Statut")
    edge = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) - 1,
                  header.height() // 2)
    widened = header.sectionSize(column) + 40
    QTest.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=edge)
    QTest.mouseMove(header.viewport(), edge + QPoint(40, 0))
    QTest.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=edge + QPoint(40, 0))
    assert header.sectionSize(column) == widened
    demo_window.resize(1366, 720)
    qtbot.wait(100)
    assert header.sectionSize(column) == widened


def open_results_tab(window, qtbot):
    screen = open_section(window, qtbot, "feedback")
    results = screen.results
    with qtbot.waitSignal(results.loaded, timeout=10_000):
        screen.findChild(QTabWidget).setCurrentWidget(results)
    qtbot.waitUntil(lambda: not results.loading and results.results is not None)
    qtbot.wait(100)
    return results


def test_the_results_chart_is_whole_at_150_percent(demo_window, qtbot):
    """Before, the chart was wider than the tab: « n = 35 » and the long item labels ran
    past its right edge."""
    results = open_results_tab(demo_window, qtbot)
    chart = results.chart
    viewport = results.findChild(QScrollArea).viewport()
    assert chart.mapTo(viewport, QPoint(chart.width(), 0)).x() <= viewport.width()
    plan = chart.plan()
    assert plan.height <= chart.height()
    metrics = chart.fontMetrics()
    for text in plan.texts:
        assert metrics.horizontalAdvance(text.text) <= text.rect.width(), text
        assert 0 <= text.rect.left() and text.rect.right() <= chart.width(), text
    labels = " ".join(t.text for t in plan.texts if t.kind == "label")
    for row in chart.chart.rows:
        assert row.label in labels, "an item label is cut"
    assert {t.text for t in plan.texts if t.kind == "n"} == {
        row.n_text for row in chart.chart.rows}


RESULTS_KEY_COLUMNS = ("Question", "n", "% 4 ou 5", "IC 95 %")
"""What the results table must show without scrolling sideways: the share of 4 and 5 goes
with its interval (shared/survey.md §4.4); the mean and the other counts follow as far as
they fit."""


def results_columns_in_view(results) -> list[str]:
    """The titles of the results table's columns wholly in view; none of them is cut."""
    table, model = results.items_table, results.items_model
    header = table.horizontalHeader()
    shown = []
    for column in range(header.count()):
        title = read(model.headerData(column, Qt.Orientation.Horizontal)).replace("\u202f", " ")
        left = header.sectionViewportPosition(column)
        if 0 <= left and left + header.sectionSize(column) <= table.viewport().width():
            shown.append(title)
            assert header.sectionSize(column) >= header.sectionSizeHint(column), (
                f"the title « {title} » is cut")
            if column:  # figures are whole; the question gives up room (whole in tooltip)
                assert header.sectionSize(column) >= table.sizeHintForColumn(column), title
    return shown


def test_the_results_table_shows_every_question_and_its_share(demo_window, qtbot):
    """Before, « IC 95 % » lay beyond the right edge at 150 %, and earlier the last row lay
    under the sideways scroll bar."""
    results = open_results_tab(demo_window, qtbot)
    shown = results_columns_in_view(results)
    assert shown[:len(RESULTS_KEY_COLUMNS)] == list(RESULTS_KEY_COLUMNS), shown
    table = results.items_table
    last = results.items_model.rowCount() - 1
    assert table.rowViewportPosition(last) + table.rowHeight(last) <= table.viewport().height()


def test_the_results_table_shows_more_columns_at_100_percent(demo_window, qtbot):
    demo_window.resize(1366, 720)
    results = open_results_tab(demo_window, qtbot)
    shown = results_columns_in_view(results)
    assert shown[:len(RESULTS_KEY_COLUMNS)] == list(RESULTS_KEY_COLUMNS), shown
    assert {"Moyenne", "NC", "Sans réponse"} <= set(shown)


def test_a_long_comment_wraps_rather_than_being_cut(demo_window, qtbot):
    results = open_results_tab(demo_window, qtbot)
    view = results.comments_view
    model = results.comments_model
    metrics = view.fontMetrics()
    comments = [model.index(c, 0, model.index(g, 0)) for g in range(model.rowCount())
                for c in range(model.rowCount(model.index(g, 0)))]
    longest = max(comments, key=lambda i: metrics.horizontalAdvance(i.data()))
    rect = view.visualRect(longest)
    assert metrics.horizontalAdvance(longest.data()) > rect.width()  # too long for a line
    wrapped = metrics.boundingRect(QRect(0, 0, rect.width() - 8, 10_000),
                                   int(Qt.TextFlag.TextWordWrap), longest.data())
    assert wrapped.height() <= rect.height(), "the comment ends in « … »"


def list_buttons(screen) -> list[QPushButton]:
    """The buttons under the list, as shown (the form's are beside it, in their own pane)."""
    area = screen.new_button.parentWidget()
    return [button for button in area.findChildren(QPushButton) if button.isVisible()]


def button_lines(buttons: list[QPushButton]) -> list[list[str]]:
    """The buttons' texts line by line, as read; each button shows its whole text."""
    for button in buttons:
        assert button.width() >= button.sizeHint().width(), f"« {button.text()} » is cut"
    tops = sorted({button.y() for button in buttons})
    return [[b.text().replace("&", "") for b in sorted(buttons, key=lambda b: b.x())
             if b.y() == top] for top in tops]


def test_the_partners_buttons_fit_one_line_at_100_percent(demo_window, qtbot):
    """Before, « Importer un annuaire… » went onto a second line on a 1366-pixel laptop."""
    demo_window.resize(1366, 720)
    screen = open_section(demo_window, qtbot, "partners")
    qtbot.wait(100)
    lines = button_lines(list_buttons(screen))
    assert len(lines) == 1, lines
    assert lines[0][:4] == ["Nouveau", "Dupliquer", "Supprimer…", "Exporter…"]


def test_the_partners_buttons_take_two_lines_at_most_at_150_percent(demo_window, qtbot):
    """Before, they took three."""
    screen = open_section(demo_window, qtbot, "partners")
    qtbot.wait(100)
    buttons = list_buttons(screen)
    assert len(button_lines(buttons)) <= 2, button_lines(buttons)
    assert max(button.geometry().right() for button in buttons) <= (
        screen.table.geometry().right())


def text_room(field: QLineEdit) -> int:
    """The pixels a line edit has for its text, inside its frame and margins."""
    option = QStyleOptionFrame()
    field.initStyleOption(option)
    contents = field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, field)
    margins = field.textMargins()
    return contents.width() - margins.left() - margins.right() - 4  # Qt's 2 px each side


@pytest.mark.parametrize("size", [None, QSize(1366, 720)], ids=["150 %", "100 %"])
def test_the_source_of_every_indicator_is_readable(demo_window, qtbot, size):
    """Before, at 150 %, « Source » showed « Justice / EXPL » of « Justice / EXPLOC »."""
    if size is not None:
        demo_window.resize(size)
    screen = open_section(demo_window, qtbot, "indicators")
    qtbot.wait(100)
    screen.grid.setFocus()
    qtbot.waitUntil(screen.grid.hasFocus)
    assert screen.grid.currentIndex().row() == 0  # the month to enter, first indicator
    read_sources = set()
    for _ in range(screen.model.rowCount()):
        field = screen.source
        source = field.text() or field.placeholderText()  # the indicator's usual source
        metrics = field.fontMetrics()
        assert metrics.horizontalAdvance(source) <= text_room(field), f"« {source} » is cut"
        read_sources.add(source)
        QTest.keyClick(screen.grid, Qt.Key.Key_Down)
    assert "EXPLOC / secrétariat CCAPEX" in read_sources  # the demo's longest


@pytest.mark.parametrize("key", ["dashboard", "partners", "meetings", "roadmap", "feedback",
                                 "reports"])
def test_every_date_field_shows_a_whole_date_at_150_percent(demo_window, qtbot, key):
    screen = open_section(demo_window, qtbot, key)
    qtbot.wait(100)
    fields = [field for field in screen.findChildren(DateField) if field.isVisible()]
    assert fields
    for field in fields:
        field.set_value(date(2026, 12, 30))
        assert field.fontMetrics().horizontalAdvance("30/12/2026") <= text_room(field), (
            f"« {field.accessibleName()} » shows « 30/12/2026 » cut")


def test_the_indicator_grid_opens_with_the_cell_to_key_in_in_view(demo_window, qtbot,
                                                                    monkeypatch):
    """The grid opens on last month's column: at 150 % October was off to the right, and
    the figure typed went into a cell out of sight."""
    from pexdesk.ui.screens import indicators

    monkeypatch.setattr(indicators, "_today", lambda: date(date.today().year, 11, 15))
    screen = open_section(demo_window, qtbot, "indicators")
    qtbot.wait(100)
    grid = screen.grid
    assert grid.currentIndex().column() == screen.model.column_of(date(2000, 10, 1))
    assert grid.viewport().rect().contains(grid.visualRect(grid.currentIndex()))


def test_a_meetings_breakdown_stays_in_view_while_its_counts_are_typed(demo_window, qtbot):
    """The tables of the « Ventilation » are taller than the part of the form in view: the
    form followed the focus, which stays on the table, and Entrée went down to counts out
    of sight, the line under the table never in view."""
    screen = open_section(demo_window, qtbot, "meetings")
    breakdown = screen.editor.breakdown
    scroll = screen.editor.parentWidget().parentWidget()
    view = breakdown.views[1]

    def in_view(widget, rect: QRect) -> bool:
        top_left = widget.mapTo(scroll.viewport(), rect.topLeft())
        return scroll.viewport().rect().contains(QRect(top_left, rect.size()))

    qtbot.keyClick(screen.table, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Right, Qt.Key.Key_Tab):
        qtbot.keyClick(QApplication.focusWidget(), key)
    assert QApplication.focusWidget() is view
    for _ in range(view.model().rowCount()):
        assert in_view(view.viewport(), view.visualRect(view.currentIndex()))
        assert in_view(breakdown.summary, breakdown.summary.rect())
        qtbot.keyClick(view, Qt.Key.Key_Return)


def meeting_lines_shown(view) -> dict[str, int]:
    """Each line of a form's list of meetings, with the height of its row."""
    return {line: view.visualRect(view.model().index(row, 0)).height()
            for row, line in enumerate(view.lines())}


def test_a_partners_meetings_read_whole_on_one_line_each_at_150_percent(demo_window, qtbot):
    """« 13/11/2026 – Sous-CCAPEX Sud – Vic-Aurèle » went onto two lines beside its label in
    the partner's form, broken at « Vic- »: the list had what the labels left of the form."""
    screen = open_section(demo_window, qtbot, "partners")
    type_text(screen.search, "ADIL")
    view = screen.editor.attended
    assert "13/11/2026 – Sous-CCAPEX Sud – Vic-Aurèle" in view.lines()
    for line, height in meeting_lines_shown(view).items():
        assert height == view.sizeHintForRow(0), f"« {line} » takes more than a line"
        assert view.fontMetrics().horizontalAdvance(line) < view.viewport().width(), line


def test_a_meeting_longer_than_the_form_is_cut_on_its_line_and_whole_in_its_tooltip(
        demo_window, qtbot):
    """The roadmap's form is narrower still at 150 %: the line ends in « … » rather than
    going onto a second line, and hovering it shows it whole."""
    screen = open_section(demo_window, qtbot, "roadmap")
    type_text(screen.search, "Déploiement de la sous-CCAPEX Nord")
    view = screen.editor.meetings
    line = "07/07/2025 – Sous-CCAPEX Nord – Montbrézac"
    assert meeting_lines_shown(view) == {line: view.sizeHintForRow(0)}
    shown = view.visualRect(view.model().index(0, 0))
    assert shown.right() < view.viewport().width()
    QApplication.sendEvent(view.viewport(), QHelpEvent(
        QEvent.Type.ToolTip, shown.center(), view.viewport().mapToGlobal(shown.center())))
    assert QToolTip.text() == line


def reads_on_one_line(label: QLabel) -> bool:
    metrics = label.fontMetrics()
    if label.wordWrap():
        return label.heightForWidth(label.contentsRect().width()) < 2 * metrics.lineSpacing()
    return metrics.horizontalAdvance(label.text()) <= label.contentsRect().width()


@pytest.mark.parametrize("key", [spec.key for spec in SCREENS])
def test_every_screen_title_reads_on_one_line_at_150_percent(demo_window, qtbot, key):
    """« Indicateurs mensuels – Gers (32) » took three lines once « Importer un tableau… »
    stood beside it. A record's title above its form (« Réponse n° 40 – Représentants des
    bailleurs privés ») may take two: it names the record, whatever its length."""
    screen = open_section(demo_window, qtbot, key)
    qtbot.wait(100)  # laid out
    body = QApplication.font().pointSizeF()
    titles = [label for label in screen.findChildren(QLabel)
              if label.isVisible() and label.font().bold() and label.text()
              and label.font().pointSizeF() > body and label is not getattr(
                  screen, "editor_title", None)]
    for title in titles:
        assert reads_on_one_line(title), f"« {title.text()} » takes more than a line"


def test_the_indicator_grid_keeps_its_rows_under_the_title_at_150_percent(demo_window, qtbot):
    """The month's count goes under the title when both do not fit beside the year and
    « Importer un tableau… »; the grid, under the title wrapped onto three lines and an
    empty line kept for a message, showed 7 whole rows."""
    screen = open_section(demo_window, qtbot, "indicators")
    qtbot.wait(100)
    count = screen.month_count
    assert reads_on_one_line(count) and count.y() > screen.title.y()
    grid, rows = screen.grid, screen.grid.verticalHeader()
    whole = [row for row in range(screen.model.rowCount())
             if 0 <= rows.sectionViewportPosition(row)
             and rows.sectionViewportPosition(row) + rows.sectionSize(row)
             <= grid.viewport().height()]
    assert len(whole) >= 8


def test_the_indicators_month_count_stands_beside_the_title_where_there_is_room(
        qtbot, ui_settings, demo_base):
    with shown_window(qtbot, ui_settings, demo_base, QSize(1366, 740)) as window:
        screen = open_section(window, qtbot, "indicators")
        qtbot.wait(100)
        count, title = screen.month_count, screen.title
        assert count.y() == title.y() and count.x() > title.x() + title.width()
