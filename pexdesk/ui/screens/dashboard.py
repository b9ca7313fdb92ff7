"""Tableau de bord: the period's key figures, each leading to the list behind it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHeaderView, QLabel, QPushButton,
                               QScrollArea, QTableView, QVBoxLayout, QWidget)

from pexdesk.core.domain.kinds import ACTION_STATUS_LABELS, MEETING_KIND_LABELS, ActionStatus
from pexdesk.core.formatting import (format_month, format_number, format_percent, format_points,
                                     plural)
from pexdesk.core.services.dashboard import Dashboard, IndicatorTrend, dashboard
from pexdesk.core.services.reporting.periods import Period
from pexdesk.ui.models.table import Column, RowProxyModel, RowTableModel
from pexdesk.ui.period_picker import PeriodPicker
from pexdesk.ui.screens.base import Screen
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import ErrorLabel, keyboard_friendly_list
from pexdesk.ui.workers import LatestOnly

SMALL_N = 5
ALL_ACTIONS = {"status": "", "axis": 0}
"""The roadmap's filters set to show every action."""
CAUTION_N = 10
FIGURE_MARGINS = QSize(8, 6)
"""Around a key figure's number and caption, inside its button."""
LINK_STYLE = "QPushButton:hover, QPushButton:focus { background: palette(midlight); }"
"""A figure or line that opens a list shows it under the pointer and with the focus."""
OPEN_FOLLOWUPS = {"followups": "OPEN"}
"""The meetings' follow-ups still open."""


def _status_count(status: ActionStatus, count: int) -> str:
    """« 8 réalisées », « 1 abandonnée », « 4 en cours », « 2 à lancer »."""
    label = ACTION_STATUS_LABELS[status].lower()
    return plural(count, label, label + "s" if label.endswith("ée") else label)


class FigureButton(QPushButton):
    """A key figure: a big number over its caption; clicking opens the list behind it.

    A button draws its text in one font, so the button paints the two itself: labels laid
    over eight buttons cost the first screen 3 ms."""

    def __init__(self, caption: str, singular: str = "", parent: QWidget | None = None):
        """``singular``: the caption under a count of 0 or 1 (« 1 réunion tenue »)."""
        super().__init__(parent)
        self.caption = caption
        self.singular = singular or caption
        self.setFlat(True)
        # Entrée opens the list too, as on a link; Qt gives that to buttons in dialogs only.
        self.setAutoDefault(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(LINK_STYLE)
        self.figure_font = QFont(self.font())
        self.figure_font.setBold(True)
        self.figure_font.setPointSizeF(self.figure_font.pointSizeF() * 1.8)
        self.set_value("—")

    def set_value(self, value: str, count: int | None = None) -> None:
        self.value = value
        self.shown_caption = self.singular if count is not None and count <= 1 else self.caption
        self.setAccessibleName(f"{self.shown_caption} : {value}")
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        figure, caption = QFontMetrics(self.figure_font), self.fontMetrics()
        width = max(figure.horizontalAdvance(self.value),
                    caption.horizontalAdvance(self.shown_caption))
        return QSize(width + 2 * FIGURE_MARGINS.width(),
                     figure.height() + caption.height() + 2 * FIGURE_MARGINS.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)  # the highlight under the pointer or the focus
        painter = QPainter(self)
        painter.setPen(self.palette().buttonText().color())
        area = self.rect().adjusted(FIGURE_MARGINS.width(), FIGURE_MARGINS.height(),
                                    -FIGURE_MARGINS.width(), -FIGURE_MARGINS.height())
        top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        painter.setFont(self.figure_font)
        painter.drawText(area, top_left, self.value)
        painter.setFont(self.font())
        painter.drawText(area.adjusted(0, QFontMetrics(self.figure_font).height(), 0, 0),
                         top_left, self.shown_caption)


class LineButton(QPushButton):
    """A line of text under a card's figures that opens the list behind it, as they do."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFlat(True)
        self.setAutoDefault(True)  # Entrée opens the list, as on a figure
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(LINK_STYLE + " QPushButton { text-align: left; padding: 2px 8px; }")


class DashboardScreen(Screen):
    watched_tables = ("meeting", "meeting_followup", "action", "indicator_value", "response",
                      "partner", "profile")

    def __init__(self, session, undo_stack, parent: QWidget | None = None):
        super().__init__(session, undo_stack, parent)
        self.current: Dashboard | None = None
        self._loads = LatestOnly(self, lambda: self.session.is_open)
        self.period = PeriodPicker(self.tr("Pé&riode :"))
        self.period.chosen.connect(self._load)
        self.load_errors = ErrorLabel()
        self.period_label = QLabel()
        title_font = self.period_label.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        self.period_label.setFont(title_font)
        self.activate()  # the figures are read while the rest of the screen is built

        self.meetings_figure = FigureButton(self.tr("réunions tenues"), self.tr("réunion tenue"))
        self.dossiers_figure = FigureButton(self.tr("dossiers examinés"), self.tr("dossier examiné"))
        self.opinions_figure = FigureButton(self.tr("avis et recommandations émis"),
                                            self.tr("avis ou recommandation émis"))
        self.actions_figure = FigureButton(self.tr("actions de la feuille de route"),
                                           self.tr("action de la feuille de route"))
        self.progress_figure = FigureButton(self.tr("avancement moyen"))
        self.late_figure = FigureButton(self.tr("actions en retard"), self.tr("action en retard"))
        self.satisfaction_figure = FigureButton(self.tr("des partenaires donnent 4 ou 5 sur 5"))
        self.responses_figure = FigureButton(self.tr("réponses de partenaires sur la période"),
                                             self.tr("réponse de partenaire sur la période"))
        self.followups_line = LineButton()
        meetings = self.tr("Ouvrir la liste des réunions de la période")
        actions = self.tr("Ouvrir la feuille de route")
        feedback = self.tr("Ouvrir les retours des partenaires")
        for button, key, options, tip in (
            (self.meetings_figure, "meetings", {}, meetings),
            (self.dossiers_figure, "meetings", {}, meetings),
            (self.opinions_figure, "meetings", {}, meetings),
            (self.followups_line, "meetings", OPEN_FOLLOWUPS,
             self.tr("Ouvrir les suites à donner des réunions, à ce jour")),
            (self.actions_figure, "roadmap", ALL_ACTIONS, actions),
            (self.progress_figure, "roadmap", ALL_ACTIONS, actions),
            (self.late_figure, "roadmap", {**ALL_ACTIONS, "status": "LATE"},
             self.tr("Ouvrir la liste des actions en retard")),
            (self.satisfaction_figure, "feedback", {}, feedback),
            (self.responses_figure, "feedback", {}, feedback),
        ):
            button.setToolTip(tip)
            button.clicked.connect(lambda checked=False, k=key, o=options: self._open(k, o))
        self.meetings_detail = QLabel()
        self.meetings_detail.setWordWrap(True)
        self.actions_detail = QLabel()
        self.actions_detail.setWordWrap(True)
        self.satisfaction_detail = QLabel()
        self.satisfaction_detail.setWordWrap(True)
        self.first_steps = QGroupBox(self.tr("Pour commencer"))
        steps = QLabel(self.tr(
            "La base est vide. Commencez par :<ol>"
            "<li>vos <b>partenaires</b> et leurs contacts (Ctrl+2) — ou importez un annuaire ;</li>"
            "<li>les <b>réunions CCAPEX</b> tenues (Ctrl+3) ;</li>"
            "<li>les actions de la <b>feuille de route</b> (Ctrl+4) ;</li>"
            "<li>les <b>indicateurs</b> du mois (Ctrl+5) ;</li>"
            "<li>les <b>retours des partenaires</b> : une campagne, puis les questionnaires "
            "saisis ou importés (Ctrl+6).</li></ol>"
            "Le tableau de bord se remplit au fil de la saisie ; le guide (F1) explique chaque "
            "écran."))
        steps.setWordWrap(True)
        QVBoxLayout(self.first_steps).addWidget(steps)
        self.first_steps.hide()

        self.indicators = RowTableModel(self._indicator_columns(), lambda t: t.label)
        self.indicator_view = QTableView()
        keyboard_friendly_list(self.indicator_view)
        self.indicator_view.setModel(RowProxyModel(self.indicators))
        self.indicator_view.setAccessibleName(self.tr("Derniers indicateurs"))
        self.indicator_view.verticalHeader().hide()
        self.indicator_view.setSortingEnabled(False)
        self.indicator_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.indicator_view.doubleClicked.connect(self._open_indicator)
        self.indicator_view.activated.connect(self._open_indicator)
        self._layout()

    def _open(self, key: str, options: dict) -> None:
        """Show the list behind a figure, its filters set so that it lists what the figure
        counts: the meetings of the period (of any kind), all actions or the late ones (of
        any axis); the follow-ups still open (of any meeting), whatever the period."""
        if key == "meetings" and not options:
            options = {"kind": "", "period": (self.current.first, self.current.last)} \
                if self.current is not None else {}
        self.navigate.emit(key, options)

    def _open_indicator(self, index) -> None:
        """Go to the indicator's cell in the grid, at the month shown here."""
        trend = self.indicator_view.model().row_object(index)
        if trend is not None:
            self.navigate.emit("indicators", {"code": trend.code, "month": trend.month})

    def _indicator_columns(self) -> list[Column]:
        def value_text(trend: IndicatorTrend, value: float | None) -> str:
            if value is None:
                return "—"
            decimals = 0 if float(value).is_integer() else 1
            suffix = "\u202f%" if trend.unit == "%" else ""
            return format_number(value, decimals) + suffix

        def arrow(trend: IndicatorTrend) -> str:
            change = trend.change
            if change is None:
                return "—"
            if abs(change) < 1e-9:
                return self.tr("→ stable")
            if trend.unit == "%":  # a share changes in points, as in the grid and the bilan
                return ("↗ " if change > 0 else "↘ ") + format_points(trend.value,
                                                                      trend.previous)
            sign = "↗ +" if change > 0 else "↘ −"
            return sign + value_text(trend, abs(change)).removeprefix("−")

        return [
            Column(self.tr("Indicateur"), lambda t: t.label),
            Column(self.tr("Mois"), lambda t: t.month,
                   text=lambda t: format_month(t.month) if t.month else self.tr("aucune valeur")),
            Column(self.tr("Valeur"), lambda t: t.value, text=lambda t: value_text(t, t.value),
                   numeric=True),
            Column(self.tr("Mois précédent"), lambda t: t.previous,
                   text=lambda t: value_text(t, t.previous), numeric=True),
            Column(self.tr("Évolution"), lambda t: t.change, text=arrow),
        ]

    def _layout(self) -> None:
        def card(title: str, figures: list[FigureButton], *details: QWidget) -> QGroupBox:
            box = QGroupBox(title)
            grid = QGridLayout(box)
            for column, figure in enumerate(figures):
                grid.addWidget(figure, 0, column)
            for row, detail in enumerate(details, start=1):
                grid.addWidget(detail, row, 0, 1, len(figures))
            return box

        self.cards = QGridLayout()
        indicators_box = QGroupBox(self.tr("Derniers indicateurs connus"))
        QVBoxLayout(indicators_box).addWidget(self.indicator_view)
        self.card_boxes = [
            card(self.tr("Activité CCAPEX"), [self.meetings_figure, self.dossiers_figure,
                                             self.opinions_figure], self.meetings_detail,
                 self.followups_line),
            card(self.tr("Feuille de route (à ce jour)"),
                 [self.actions_figure, self.progress_figure, self.late_figure],
                 self.actions_detail),
            card(self.tr("Retours des partenaires"),
                 [self.satisfaction_figure, self.responses_figure], self.satisfaction_detail),
            indicators_box]
        self._place_cards(columns=2)

        content = self.content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.period_label)
        column.addWidget(self.period)
        column.addWidget(self.load_errors)
        column.addWidget(self.first_steps)
        column.addLayout(self.cards, 1)
        self.scroll = QScrollArea()
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stopped there, on nothing
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)

    def _place_cards(self, columns: int) -> None:
        """The four boxes two by two, or one under the other where two side by side would
        not fit (150 % scaling on a laptop cut the right-hand boxes)."""
        for box in self.card_boxes:
            self.cards.removeWidget(box)
        indicators = self.card_boxes[-1]
        for position, box in enumerate(self.card_boxes):
            # Only the indicators' table grows with the window; a card beside it keeps its
            # height instead of showing an empty band.
            align = Qt.AlignmentFlag(0) if box is indicators else Qt.AlignmentFlag.AlignTop
            self.cards.addWidget(box, position // columns, position % columns, align)
        for column in range(2):
            self.cards.setColumnStretch(column, 1 if column < columns else 0)
        last_row = (len(self.card_boxes) - 1) // columns
        for row in range(len(self.card_boxes)):  # the indicators' row takes the height left
            self.cards.setRowStretch(row, 1 if row == last_row else 0)
        self.columns_shown = columns

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        side_by_side = sum(max(box.minimumSizeHint().width() for box in self.card_boxes[i::2])
                           for i in range(2)) + self.cards.spacing()
        margins = self.content.layout().contentsMargins()
        # The scroll bar's own width, not QStyle's metric: touching QStyle's enums costs
        # 10 ms of start-up in PySide.
        room = (event.size().width() - margins.left() - margins.right()
                - self.scroll.verticalScrollBar().sizeHint().width())
        columns = 2 if room >= side_by_side else 1
        if columns != self.columns_shown:
            self._place_cards(columns)

    # ---- Loading

    def refresh(self) -> None:
        """The periods move with the profile (the mission's dates) and the day."""
        self.period.fill(self.session.base.profile(), date.today())
        self._load(*self.period.period())

    def _load(self, first: date, last: date) -> None:
        self.load_errors.clear_messages()
        self.period_label.setText(Period(first, last).heading)

        def work(progress):
            with self.session.reading() as con:
                return dashboard(con, first, last)

        self._loads.run(work, self.show_dashboard, self._failed)

    def _failed(self, error: Exception) -> None:
        self.load_errors.show_messages([str(error)])

    def show_dashboard(self, board: Dashboard) -> None:
        self.current = board
        self.first_steps.setVisible(board.empty_base)
        meetings = board.meetings
        self.meetings_figure.set_value(format_number(meetings.total), count=meetings.total)
        self.dossiers_figure.set_value(format_number(meetings.dossiers_examined),
                                       count=meetings.dossiers_examined)
        self.opinions_figure.set_value(format_number(meetings.opinions_issued),
                                       count=meetings.opinions_issued)
        kinds = [f"{MEETING_KIND_LABELS[k]} : {n}" for k, n in meetings.by_kind.items() if n]
        self.meetings_detail.setText(typeset(", ".join(kinds)) if kinds else self.tr(
            "Aucune réunion enregistrée sur la période."))
        followups = board.followups
        text = plural(followups.open, self.tr("suite à donner ouverte"),
                      self.tr("suites à donner ouvertes"))
        if followups.late:
            text += self.tr(", dont {0} en retard").format(format_number(followups.late))
        self.followups_line.setText(typeset(self.tr("À ce jour : {0}").format(text)))

        roadmap = board.roadmap
        total = sum(roadmap.by_status.values())
        self.actions_figure.set_value(format_number(total), count=total)
        self.progress_figure.set_value(
            format_percent(roadmap.mean_progress / 100) if roadmap.mean_progress is not None
            else "—")
        self.late_figure.set_value(format_number(roadmap.late), count=roadmap.late)
        statuses = [_status_count(ActionStatus(s), n) for s, n in roadmap.by_status.items() if n]
        self.actions_detail.setText(", ".join(statuses) if statuses else self.tr(
            "Aucune action dans la feuille de route."))

        self._show_satisfaction(board)
        self.indicators.set_rows(board.indicators)
        self._fit_indicator_columns()
        self.loaded.emit()

    def _fit_indicator_columns(self) -> None:
        """Each column of the indicators but the labels' (which stretches) as wide as its
        title and its widest text, measured here in the view's font with a character's
        width of margin on each side, a little more than the style's: resizeColumnToContents
        asks the style for every cell's size, 8 ms of the first screen for four columns."""
        view, model = self.indicator_view, self.indicators
        metrics = view.fontMetrics()
        margins = 2 * metrics.averageCharWidth() + 1  # and the grid's line
        header = view.horizontalHeader()
        for column in range(1, model.columnCount()):
            widest = max((metrics.horizontalAdvance(model.index(row, column).data() or "")
                          for row in range(model.rowCount())), default=0)
            view.setColumnWidth(column, max(widest + margins, header.sectionSizeHint(column)))

    def _show_satisfaction(self, board: Dashboard) -> None:
        result = board.satisfaction
        n = result.scored
        self.responses_figure.set_value(format_number(result.responses), count=result.responses)
        if n == 0:
            self.satisfaction_figure.set_value("—")
            self.satisfaction_detail.setText(self.tr("Aucune appréciation globale sur la période."))
        elif n < SMALL_N:
            self.satisfaction_figure.set_value(f"{result.positive} / {n}")
            self.satisfaction_detail.setText(self.tr(
                "n = {0} : effectif trop faible pour un pourcentage.").format(n))
        else:
            caution = self.tr(" — à interpréter avec prudence (n < 10)") if n < CAUTION_N else ""
            self.satisfaction_figure.set_value(format_percent(result.share))
            self.satisfaction_detail.setText(self.tr("{0} sur {1} répondants (n = {1}){2}")
                                             .format(result.positive, n, caution))
