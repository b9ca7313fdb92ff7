"""Tableau de bord: figures of the period, each one leading to its list."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QTabWidget

from pexdesk.core.domain.models import Action, Campaign, Meeting, Response
from pexdesk.core.repositories import feedback, meetings, roadmap
from pexdesk.ui.main_window import MainWindow
from tests.ui.conftest import shown_window
from tests.ui.helpers import cell, read


def show_dashboard(window: MainWindow, qtbot):
    """Show the dashboard, reloaded: the tests wrote their records behind the UI's back."""
    screen = window.show_screen("dashboard")
    screen.current = None
    screen.refresh()
    qtbot.waitUntil(lambda: screen.current is not None)
    return screen


def test_figures_of_the_last_twelve_months(window, qtbot):
    con = window.session.con
    today = date.today()
    for days_ago, dossiers in ((20, 12), (40, 7), (500, 30)):
        meetings.save(con, Meeting(held_on=today - timedelta(days=days_ago), kind="TECHNIQUE",
                                   dossiers_examined=dossiers, opinions_issued=dossiers - 2))
    axis = roadmap.axes(con)[0].id
    roadmap.save_action(con, Action(axis_id=axis, title="A", status="EN_COURS", progress=50,
                                    due_on=today - timedelta(days=3)))
    roadmap.save_action(con, Action(axis_id=axis, title="B", status="REALISEE", progress=100))
    campaign = feedback.create_campaign(con, Campaign(name="2026"), ["Animation"])
    for score in (5, 4, 4, 2, 3, 5):
        feedback.add_response(con, Response(campaign_id=campaign.id, category_code="CAF",
                                            department_code="32", overall_score=score,
                                            responded_on=today - timedelta(days=5)))
    screen = show_dashboard(window, qtbot)
    assert screen.meetings_figure.value == "2"
    assert screen.dossiers_figure.value == "19"
    assert screen.opinions_figure.value == "15"
    assert screen.late_figure.value == "1"
    assert screen.progress_figure.value == "75\u202f%"
    assert screen.satisfaction_figure.value == "67\u202f%"
    figure = screen.dossiers_figure
    assert figure.figure_font.bold()
    assert QFontMetrics(figure.figure_font).height() > 1.5 * figure.fontMetrics().height(), \
        "the number stands out over its caption"
    assert figure.height() >= figure.sizeHint().height(), "both show whole"
    assert figure.shown_caption == "dossiers examinés"
    assert figure.accessibleName() == "dossiers examinés : 19"
    assert screen.satisfaction_detail.text() == (
        "4 sur 6 répondants (n = 6) — à interpréter avec prudence (n < 10)")
    assert screen.actions_detail.text() == "1 en cours, 1 réalisée"


def test_small_n_shows_counts_not_a_percentage(window, qtbot):
    con = window.session.con
    campaign = feedback.create_campaign(con, Campaign(name="2026"), ["Animation"])
    for score in (5, 2):
        feedback.add_response(con, Response(campaign_id=campaign.id, category_code="CAF",
                                            department_code="32", overall_score=score,
                                            responded_on=date.today()))
    screen = show_dashboard(window, qtbot)
    assert screen.satisfaction_figure.value == "1 / 2"
    assert "effectif trop faible" in screen.satisfaction_detail.text()


def test_late_figure_opens_the_late_actions(window, qtbot):
    con = window.session.con
    axis = roadmap.axes(con)[0].id
    roadmap.save_action(con, Action(axis_id=axis, title="En retard", status="A_LANCER",
                                    due_on=date.today() - timedelta(days=1)))
    roadmap.save_action(con, Action(axis_id=axis, title="À l'heure", status="A_LANCER"))
    screen = show_dashboard(window, qtbot)
    qtbot.mouseClick(screen.late_figure, Qt.MouseButton.LeftButton)
    roadmap_screen = window.current_screen()
    assert roadmap_screen is window.screens["roadmap"]
    qtbot.waitUntil(lambda: not roadmap_screen.loading)
    assert roadmap_screen.proxy.rowCount() == 1
    assert cell(roadmap_screen, 0, "Action") == "En retard"


def test_custom_period_refuses_an_inverted_range(window, qtbot):
    screen = show_dashboard(window, qtbot)
    screen.period.combo.setCurrentIndex(screen.period.combo.count() - 1)
    screen.period.first.clear()
    qtbot.keyClicks(screen.period.first, "01/06/2025")
    screen.period.last.clear()
    qtbot.keyClicks(screen.period.last, "01/01/2025")
    qtbot.mouseClick(screen.period.apply_button, Qt.MouseButton.LeftButton)
    # the Bilans' words, which name the dates (was « Indiquez une date de début et une date
    # de fin postérieure au début. »)
    assert read(screen.period.errors.text()) == (
        "Période invalide : la date de début (1er juin 2025) est postérieure à la date de fin "
        "(1er janvier 2025).")


def test_the_figures_follow_the_period_chosen_or_typed(window, qtbot):
    year = date.today().year - 1
    meetings.save(window.session.con, Meeting(held_on=date(year, 1, 15), kind="TECHNIQUE",
                                              dossiers_examined=9, opinions_issued=8))
    screen = show_dashboard(window, qtbot)
    assert screen.dossiers_figure.value == "0"  # not in the last 12 months

    def figures_of(title: str) -> str:
        qtbot.waitUntil(lambda: screen.current is not None
                        and read(screen.period_label.text()) == title)
        return screen.dossiers_figure.value

    qtbot.keyClick(screen, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # « Pé&riode »
    assert screen.period.combo.hasFocus()
    for _ in range(2):  # « Année civile en cours », then « Année précédente »
        screen.current = None
        qtbot.keyClick(screen.period.combo, Qt.Key.Key_Down)
    assert figures_of(f"Du 1er janvier {year} au 31 décembre {year}") == "9"

    screen.current = None
    screen.period.first.selectAll()
    qtbot.keyClicks(screen.period.first, f"01/02/{year}")
    qtbot.keyClick(screen.period.first, Qt.Key.Key_Return)
    assert figures_of(f"Du 1er février {year} au 31 décembre {year}") == "0"


def test_an_indicator_row_opens_its_cell_in_the_grid(window, qtbot):
    from pexdesk.core.domain.models import IndicatorValue
    from pexdesk.core.repositories import indicators
    con = window.session.con
    month = date.today().replace(day=1) - timedelta(days=1)
    month = month.replace(day=1)
    cql = next(i for i in indicators.catalogue(con) if i.code == "CQL")
    indicators.set_values(con, [IndicatorValue(indicator_id=cql.id, department_code="32",
                                               month=month, value=22)])
    screen = show_dashboard(window, qtbot)
    row = screen.indicators.visible_row_of(lambda t: t.code == "CQL")
    index = screen.indicator_view.model().index(row, 0)
    screen.indicator_view.doubleClicked.emit(index)
    grid_screen = window.current_screen()
    assert grid_screen is window.screens["indicators"]
    current = grid_screen.grid.currentIndex()
    assert grid_screen.model.indicator(current.row()).code == "CQL"
    assert current.column() == grid_screen.model.column_of(month)


def test_a_new_base_shows_where_to_start_until_something_is_entered(window, qtbot):
    screen = show_dashboard(window, qtbot)
    assert screen.first_steps.isVisibleTo(screen)
    assert "Commencez par" in screen.first_steps.findChild(QLabel).text()
    meetings.save(window.session.con, Meeting(held_on=date.today(), kind="TECHNIQUE"))
    screen = show_dashboard(window, qtbot)
    assert not screen.first_steps.isVisibleTo(screen)


def test_a_single_day_period_reads_le(window, qtbot):
    screen = show_dashboard(window, qtbot)
    custom = screen.period.combo.count() - 1  # « Période personnalisée… »
    screen.period.combo.setCurrentIndex(custom)
    for field in (screen.period.first, screen.period.last):
        field.clear()
        qtbot.keyClicks(field, "12/05/2026")
    qtbot.mouseClick(screen.period.apply_button, Qt.MouseButton.LeftButton)
    assert screen.period_label.text().replace("\u00a0", " ") == "Le 12 mai 2026"


def test_captions_agree_with_their_count_and_shares_change_in_points(window, qtbot):
    from pexdesk.core.domain.models import IndicatorValue
    from pexdesk.core.repositories import indicators

    con = window.session.con
    today = date.today()
    meetings.save(con, Meeting(held_on=today - timedelta(days=2), kind="TECHNIQUE",
                               dossiers_examined=1, opinions_issued=1))
    share = next(i for i in indicators.catalogue(con) if i.unit == "%")
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    indicators.set_values(con, [
        IndicatorValue(indicator_id=share.id, department_code="32", month=last_month,
                       value=43.4),
        IndicatorValue(indicator_id=share.id, department_code="32", month=this_month,
                       value=43.3)])
    screen = show_dashboard(window, qtbot)
    assert screen.meetings_figure.shown_caption == "réunion tenue"
    assert screen.dossiers_figure.shown_caption == "dossier examiné"
    assert screen.responses_figure.shown_caption == (
        "réponse de partenaire sur la période")
    row = next(r for r in range(screen.indicators.rowCount())
               if screen.indicators.index(r, 0).data() == share.label_text)
    assert screen.indicators.index(row, 4).data() == "↘ −0,1\u202fpt"


def test_opening_the_base_reads_the_figures_once(qtbot, ui_settings, base_path, monkeypatch):
    """Building the screen and showing it used to read the figures twice, the first answer
    thrown away: twice the start-up's reading work."""
    from pexdesk.ui.screens import dashboard as screen_module

    reads = []
    monkeypatch.setattr(screen_module, "dashboard",
                        lambda *args, read=screen_module.dashboard: reads.append(1) or read(*args))
    with shown_window(qtbot, ui_settings, base_path) as window:
        screen = window.show_screen("dashboard")
        qtbot.waitUntil(lambda: screen.current is not None)
        assert screen.meetings_figure.value == "0"
        assert len(reads) == 1


def test_the_meetings_figure_opens_the_meetings_it_counts(window, qtbot):
    """« 35 réunions tenues » on the last 12 months led to a list of all 61 meetings, of
    the kind left chosen in its filter."""
    con = window.session.con
    today = date.today()
    for days_ago, kind in ((20, "TECHNIQUE"), (40, "SOUS_CCAPEX"), (500, "TECHNIQUE")):
        meetings.save(con, Meeting(held_on=today - timedelta(days=days_ago), kind=kind,
                                   territory="Nord", dossiers_examined=4))
    listed = window.show_screen("meetings")
    qtbot.waitUntil(lambda: listed.shown_data and not listed.loading)
    listed.kind_filter.setCurrentIndex(listed.kind_filter.findData("TECHNIQUE"))
    listed.findChild(QTabWidget).setCurrentWidget(listed.overview)  # left on « Vue par mois »
    screen = show_dashboard(window, qtbot)
    assert screen.meetings_figure.value == "2"
    screen.meetings_figure.setFocus()
    qtbot.keyClick(screen.meetings_figure, Qt.Key.Key_Return)
    assert window.current_screen() is listed
    qtbot.waitUntil(lambda: not listed.loading)
    assert listed.proxy.rowCount() == 2 and listed.table.isVisible()
    assert read(listed.count_label.text()) == "2 sur 3 réunions"
    assert listed.kind_filter.currentText() == "Tous les types"
    first, last = screen.current.first, screen.current.last
    assert listed.year_filter.currentText() == f"{first:%d/%m/%Y} – {last:%d/%m/%Y}"
    listed.year_filter.setCurrentIndex(0)  # « Toutes les années »
    assert listed.proxy.rowCount() == 3


def test_the_late_figure_shows_the_late_actions_of_every_axis(window, qtbot):
    con = window.session.con
    first, second = roadmap.axes(con)[:2]
    for axis in (first, second):
        roadmap.save_action(con, Action(axis_id=axis.id, title=f"En retard {axis.code}",
                                        due_on=date.today() - timedelta(days=1)))
    listed = window.show_screen("roadmap")
    qtbot.waitUntil(lambda: listed.shown_data and not listed.loading)
    listed.axis_filter.setCurrentIndex(listed.axis_filter.findData(first.id))
    screen = show_dashboard(window, qtbot)
    qtbot.mouseClick(screen.late_figure, Qt.MouseButton.LeftButton)
    assert listed.proxy.rowCount() == 2


def test_tab_goes_from_the_period_to_the_figures_without_a_stop_on_nothing(window, qtbot):
    screen = show_dashboard(window, qtbot)
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Tab)
    assert window.focusWidget() is screen.period.combo


def test_the_indicators_columns_show_their_titles_and_figures_whole(qtbot, ui_settings,
                                                                    demo_base):
    """Their widths are measured on the texts (not asked of the style cell by cell): none
    narrower than the style would make it, in the usual font and in a larger one."""
    with shown_window(qtbot, ui_settings, demo_base) as window:
        screen = show_dashboard(window, qtbot)
        view, header = screen.indicator_view, screen.indicator_view.horizontalHeader()
        assert screen.indicators.rowCount() > 5
        for size in (view.font().pointSizeF(), 1.5 * view.font().pointSizeF()):
            font = view.font()
            font.setPointSizeF(size)
            view.setFont(font)
            screen.show_dashboard(screen.current)
            for column in range(1, screen.indicators.columnCount()):
                title = screen.indicators.headerData(column, Qt.Orientation.Horizontal)
                assert header.sectionSize(column) >= view.sizeHintForColumn(column), title
                assert header.sectionSize(column) >= header.sectionSizeHint(column), title
