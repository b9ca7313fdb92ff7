"""« Résultats »: the figures of the selected campaign, beside its responses list.

* the headline: the top-2-box share of the overall appreciation with its Wilson 95 %
  interval and n, under the small-n rules of shared/survey.md §4.4;
* one diverging stacked bar per item, painted with QPainter from the geometry the PDF
  uses (``charts_geometry``): n beside every bar, the caution under n = 10, no bar
  under n = 5; a legend; and the same figures as a table (the text alternative);
* the comments, grouped by partner category, rare categories as « autre partenaire ».

Computed by a background job with its own read-only connection; filters by partner
category and département narrow the scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QMargins, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QColor, QFontMetrics, QPainter, QPen, QStandardItem,
                           QStandardItemModel)
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFrame, QHBoxLayout,
                               QLabel, QScrollArea, QSizePolicy, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView, QTreeView, QVBoxLayout,
                               QWidget)

from pexdesk.core.formatting import format_number, format_percent, plural
from pexdesk.core.reference.categories import CATEGORY_LABELS
from pexdesk.core.services import statistics as stats_service
from pexdesk.core.services.charts_geometry import (LEVEL_COLOURS, LEVEL_NAMES,
                                                   LEVEL_TEXT_COLOURS, LEVELS, OUTLINE_COLOUR,
                                                   BarRow, DivergingChart, diverging_chart)
from pexdesk.core.services.statistics import (MIN_N_FOR_PERCENT, Comment, Scope, ScoreSummary,
                                              SurveyStatistics, comments)
from pexdesk.ui.columns import ColumnFitter
from pexdesk.ui.models.table import Column, RowTableModel
from pexdesk.ui.typography import typeset
from pexdesk.ui.workers import LatestOnly
from pexdesk.ui.widgets import keyboard_friendly_list


@dataclass(frozen=True)
class Results:
    campaign_id: int
    statistics: SurveyStatistics
    chart: DivergingChart
    comments: tuple[Comment, ...]
    categories: tuple[tuple[str, str, int], ...]
    """(code, label, respondents) present in the campaign, for the filter."""
    departments: tuple[tuple[str, str, int], ...]


def compute_results(con, campaign_id: int, category: str | None,
                    department: str | None) -> Results:
    """Everything the view shows (runs on a worker thread)."""
    whole = stats_service.statistics(con, Scope(campaign_id))
    scope = Scope(campaign_id, department_code=department, category_code=category)
    figures = whole if scope == Scope(campaign_id) else stats_service.statistics(con, scope)
    return Results(campaign_id, figures, diverging_chart(figures.items),
                   comments(con, scope),
                   tuple((g.code, g.label, g.responses) for g in whole.by_category),
                   tuple((g.code, g.label, g.responses) for g in whole.by_department))


# ---- Texts


def headline(summary: ScoreSummary, tr) -> str:
    """« 72 % (28/39) des répondants attribuent 4 ou 5/5 — IC 95 % : 56 % à 84 % »."""
    n = summary.n
    if n == 0:
        return tr("Appréciation globale : aucune réponse.")
    if not summary.shows_percentage:
        return tr("Appréciation globale : {0} ({1}) — effectif trop faible pour un "
                  "pourcentage.").format(plural(n, tr("répondant")), summary.counts_text())
    low, high = summary.top2_ci
    text = tr("{0} ({1}/{2}) des répondants attribuent 4 ou 5/5 — IC 95 % : {3} à {4}").format(
        format_percent(summary.top2_share), summary.top2, n, format_percent(low),
        format_percent(high))
    return text


def subline(summary: ScoreSummary, tr) -> str:
    if not summary.shows_percentage:
        return ""
    parts = [tr("Appréciation globale de la mission — moyenne {0}/5, n = {1}").format(
        format_number(summary.mean, 1), summary.n)]
    if summary.caution:
        parts.append(summary.caution)
    return " · ".join(parts)


# ---- The chart


def wrap_text(metrics: QFontMetrics, text: str, width: float) -> list[str]:
    """``text`` on as many lines as it takes to fit ``width`` (word by word, at its ordinary
    spaces: once typeset, « : » and « » » stay with their word; a word wider than a line is
    cut with « … », whole in the chart's accessible description)."""
    lines: list[str] = []
    for word in filter(None, typeset(text).split(" ")):
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, int(width))
            for line in lines] or [""]


LEFT = Qt.AlignmentFlag.AlignLeft
RIGHT = Qt.AlignmentFlag.AlignRight
CENTRE = Qt.AlignmentFlag.AlignHCenter
NOTE_COLOUR = "#6E6E6E"


@dataclass(frozen=True)
class PaintedText:
    """A text the chart draws, in the rectangle it is drawn in (widget coordinates)."""

    text: str
    rect: QRectF
    kind: str
    """legend, label, caution, note, n, total, segment or tick."""
    align: Qt.AlignmentFlag = LEFT
    colour: str = ""
    """"" for the palette's text colour."""


@dataclass
class RowPlace:
    row: BarRow
    bar: QRectF
    """The plot's band for this row's bar: the whole axis, −100 % to 100 %."""


@dataclass
class ChartPlan:
    """Where everything goes at one width; :meth:`DivergingBars.plan` makes it."""

    width: int
    height: int
    swatches: list[tuple[QRectF, int]]
    rows: list[RowPlace]
    texts: list[PaintedText]


class DivergingBars(QWidget):
    """Paints a :class:`DivergingChart`: per item its label (wrapped) above its bar, n at
    the right of the bar, the totals of 1–2 and 4–5 under it. Every size comes from the
    font and the width given (labels wrap, the legend too), so nothing is cut at 150 %;
    the widget's height follows its width (``heightForWidth``).

    ``chart``, ``painted_rows()`` and ``plan()`` let tests check what is drawn without
    pixels."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart: DivergingChart | None = None
        self._plans: dict[int, ChartPlan] = {}
        self.setAccessibleName(self.tr("Graphique : répartition des notes par question"))
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_chart(self, chart: DivergingChart | None) -> None:
        self.chart = chart
        self._plans.clear()
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()
        self.update()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._plans.clear()
            self.updateGeometry()
        super().changeEvent(event)

    def describe(self) -> str:
        if not self.chart:
            return ""
        return " ; ".join(f"{row.label} : {row.n_text}, " + (
            f"{row.left_total}, {row.right_total}" if row.has_bar else row.note)
            + (f" ({row.caution})" if row.caution else "")
            for row in self.chart.rows)

    def painted_rows(self) -> list[tuple[str, str, bool, str]]:
        """(label, n text, bar drawn, note or caution) per row, in display order."""
        if not self.chart:
            return []
        return [(row.label, row.n_text, row.has_bar, row.note or row.caution)
                for row in self.chart.rows]

    # ---- Sizes (from the font: readable at any scaling)

    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def minimum_width(self) -> int:
        """Room for n beside a bar long enough for « 1–2 : 100 % » and « 4–5 : 100 % »
        under it."""
        metrics = QFontMetrics(self.font())
        line = self._line()
        total = metrics.horizontalAdvance("4–5 : 100 %")
        return line + self._n_width(metrics) + max(2 * total + line, 10 * line)

    def _n_width(self, metrics: QFontMetrics) -> int:
        texts = [row.n_text for row in self.chart.rows] if self.chart else []
        return max((metrics.horizontalAdvance(t) for t in texts),
                   default=metrics.horizontalAdvance("n = 00")) + self._line() // 2 + 2

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.plan(width).height

    def sizeHint(self) -> QSize:
        return QSize(640, self.heightForWidth(640))

    def minimumSizeHint(self) -> QSize:
        width = self.minimum_width()
        return QSize(width, self.heightForWidth(width))

    # ---- Layout

    def plan(self, width: int | None = None) -> ChartPlan:
        """Where the legend, the labels, the bars and their figures go at ``width``
        (the widget's own by default)."""
        width = max(self.width() if width is None else width, self.minimum_width())
        if width not in self._plans:
            if len(self._plans) > 8:
                self._plans.clear()
            self._plans[width] = self._make_plan(width)
        return self._plans[width]

    def _make_plan(self, width: int) -> ChartPlan:
        metrics = QFontMetrics(self.font())
        line = self._line()
        margin = line // 2
        inner = width - 2 * margin
        texts: list[PaintedText] = []
        swatches: list[tuple[QRectF, int]] = []
        rows: list[RowPlace] = []
        if not self.chart:
            return ChartPlan(width, 0, swatches, rows, texts)

        # The legend: five swatches with their names, wrapped on as many lines as needed.
        x, y = margin, margin
        for level in LEVELS:
            name = f"{level} {self.tr(LEVEL_NAMES[level - 1])}"
            name_width = metrics.horizontalAdvance(name) + 2
            if x > margin and x + line + name_width > margin + inner:
                x, y = margin, y + line + 4
            swatches.append((QRectF(x, y + 2, line - 4, line - 4), level))
            texts.append(PaintedText(name, QRectF(x + line, y, name_width, line), "legend"))
            x += line + name_width + line
        y += line + line  # the legend's last line, then a blank line

        n_width = self._n_width(metrics)
        plot_left = margin
        plot_width = inner - n_width
        chart = self.chart
        for row in chart.rows:
            for text in wrap_text(metrics, row.label, inner):
                texts.append(PaintedText(text, QRectF(margin, y, inner, line), "label"))
                y += line
            if row.caution:
                for text in wrap_text(metrics, f"— {row.caution}", inner):
                    texts.append(PaintedText(text, QRectF(margin, y, inner, line), "caution"))
                    y += line
            y += line // 4
            bar = QRectF(plot_left, y, plot_width, round(line * 1.4))
            rows.append(RowPlace(row, bar))
            texts.append(PaintedText(row.n_text, QRectF(bar.right() + line // 2, bar.top(),
                                                        n_width - line // 2, bar.height()), "n"))
            if row.has_bar:
                half = plot_width / 2
                texts.append(PaintedText(row.left_total,
                                         QRectF(plot_left, bar.bottom(), half, line), "total"))
                texts.append(PaintedText(row.right_total,
                                         QRectF(plot_left + half, bar.bottom(), half, line),
                                         "total", RIGHT))
                for segment in row.segments:
                    x0 = plot_left + chart.fraction(segment.x) * plot_width
                    x1 = plot_left + chart.fraction(segment.end) * plot_width
                    if segment.label and metrics.horizontalAdvance(segment.label) + 4 < x1 - x0:
                        texts.append(PaintedText(
                            segment.label, QRectF(x0, bar.top(), x1 - x0, bar.height()),
                            "segment", CENTRE, LEVEL_TEXT_COLOURS[segment.level - 1]))
            else:
                texts.append(PaintedText(metrics.elidedText(
                    row.note, Qt.TextElideMode.ElideRight, int(plot_width)), bar, "note",
                    CENTRE, NOTE_COLOUR))
            y = bar.bottom() + line + line // 2
        # The axis: absolute percentages, kept inside the widget at both ends.
        for tick in chart.ticks:
            label = chart.tick_label(tick)
            w = metrics.horizontalAdvance(label) + 4
            x = plot_left + chart.fraction(tick) * plot_width
            left = min(max(x - w / 2, 0), width - w)
            texts.append(PaintedText(label, QRectF(left, y, w, line), "tick", CENTRE))
        return ChartPlan(width, int(y + line + margin), swatches, rows, texts)

    # ---- Painting

    def paintEvent(self, event) -> None:
        if not self.chart:
            return
        plan = self.plan()
        chart = self.chart
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = QPen(QColor(OUTLINE_COLOUR), 0.5)
        for rect, level in plan.swatches:
            painter.setPen(outline)
            painter.setBrush(QColor(LEVEL_COLOURS[level - 1]))
            painter.drawRect(rect)
        for place in plan.rows:
            bar = place.bar
            if not place.row.has_bar:
                continue
            # The zero line first: the bar covers it, so that it shows just above and
            # below and never crosses the neutral segment's figure.
            zero_x = bar.left() + chart.fraction(0.0) * bar.width()
            painter.setPen(QPen(QColor("#333333"), 1))
            painter.drawLine(QPointF(zero_x, bar.top() - 3), QPointF(zero_x, bar.bottom() + 3))
            painter.setPen(outline)
            for segment in place.row.segments:
                x0 = bar.left() + chart.fraction(segment.x) * bar.width()
                x1 = bar.left() + chart.fraction(segment.end) * bar.width()
                painter.setBrush(QColor(LEVEL_COLOURS[segment.level - 1]))
                painter.drawRect(QRectF(x0, bar.top(), max(x1 - x0, 0.0), bar.height()))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        text_colour = self.palette().text().color()
        for text in plan.texts:
            painter.setPen(QColor(text.colour) if text.colour else text_colour)
            painter.drawText(text.rect, text.align | Qt.AlignmentFlag.AlignVCenter, text.text)
        painter.end()


# ---- The comments


class WrappingTree(QTreeView):
    """A tree whose long texts wrap within its width rather than end in « … ».

    Qt wraps an item's text in the rectangle it paints it in, but sizes its row without
    that width, so a long comment got one line and was cut. The delegate here measures
    each row at the width its text will have; a change of width lays the rows out again."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(_WrappingDelegate(self))
        self._laid_out_width = -1

    def text_width(self, index) -> int:
        """The width of ``index``'s row once indented for its depth."""
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        indent = self.indentation() * (depth + (1 if self.rootIsDecorated() else 0))
        return max(self.columnWidth(0) - indent, 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._laid_out_width:
            self._laid_out_width = self.viewport().width()
            self.scheduleDelayedItemsLayout()


class _WrappingDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        view = self.parent()
        measured = QStyleOptionViewItem(option)
        self.initStyleOption(measured, index)
        measured.rect = QRect(0, 0, view.text_width(index), 1 << 20)  # wrap at that width
        size = view.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, measured,
                                             QSize(), view)
        return size.grownBy(QMargins(0, 0, 0, view.fontMetrics().height() // 4))  # apart


# ---- The view


class FeedbackResults(QWidget):
    """The « Résultats » tab. ``set_campaign`` chooses the campaign; ``loaded`` fires when
    the figures shown are the ones asked for."""

    loaded = Signal()
    WATCHED = ("response", "answer", "campaign", "campaign_item")

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.campaign_id: int | None = None
        self.results: Results | None = None
        self._stale = True
        self._loads = LatestOnly(self, lambda: self.session.is_open)
        session.changed.connect(self._on_changed)

        self.category_filter = QComboBox()
        self.category_filter.setAccessibleName(self.tr("Filtrer les résultats par catégorie"))
        self.department_filter = QComboBox()
        self.department_filter.setAccessibleName(
            self.tr("Filtrer les résultats par département"))
        for combo, everything in ((self.category_filter, self.tr("Toutes les catégories")),
                                  (self.department_filter, self.tr("Tous les départements"))):
            combo.addItem(everything, None)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
            combo.activated.connect(lambda *_: self.reload())
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("État du calcul"))
        self.status.setWordWrap(True)
        filters = QHBoxLayout()
        filters.addWidget(self.category_filter, 1)
        filters.addWidget(self.department_filter, 1)
        filters.addWidget(self.status)

        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName(self.tr("Appréciation globale"))
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.headline.setFont(font)
        self.subline = QLabel()
        self.subline.setWordWrap(True)
        self.respondents = QLabel()
        self.respondents.setWordWrap(True)

        self.chart = DivergingBars()
        self.items_model = RowTableModel([
            Column(self.tr("Question"), lambda s: s.label, tooltip=lambda s: s.label),
            Column(self.tr("n"), lambda s: s.n, numeric=True),
            Column(self.tr("% 4 ou 5"), lambda s: s.top2_share if s.shows_percentage else None,
                   text=self._top2_text, numeric=True,
                   tooltip=lambda s: None if s.shows_percentage else self._remark_text(s)),
            Column(self.tr("IC 95 %"), lambda s: s.top2_share if s.shows_percentage else None,
                   text=self._ci_text),
            Column(self.tr("Moyenne"), lambda s: s.mean if s.shows_percentage else None,
                   text=lambda s: format_number(s.mean, 1) if s.shows_percentage else "",
                   numeric=True),
            Column(self.tr("NC"), lambda s: s.not_concerned, numeric=True),
            Column(self.tr("Sans réponse"), lambda s: s.no_answer, numeric=True),
            Column(self.tr("Remarque"), lambda s: s.caution or "",
                   text=self._remark_text),
        ], search_text=lambda s: "", parent=self)
        self.items_table = QTableView()
        keyboard_friendly_list(self.items_table)
        self.items_table.setModel(self.items_model)
        self.items_table.setAccessibleName(
            self.tr("Tableau : n, % de 4 ou 5 et moyenne par question"))
        self.items_table.verticalHeader().hide()
        self.items_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items_table.setWordWrap(False)
        self.items_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The question, n and the share of 4 and 5 with its interval (shared/survey.md §4.4)
        # in view; the mean and the other counts, secondary, as far as they fit.
        self.items_columns = ColumnFitter(self.items_table, stretch=0, kept=4)
        self.items_table.horizontalScrollBar().rangeChanged.connect(self._fit_table_height)

        self.comments_model = QStandardItemModel(self)
        self.comments_model.setHorizontalHeaderLabels([self.tr("Commentaires")])
        self.comments_view = WrappingTree()
        self.comments_view.setModel(self.comments_model)
        self.comments_view.setAccessibleName(self.tr("Commentaires par catégorie de partenaire"))
        self.comments_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comments_view.setHeaderHidden(True)
        self.comments_view.setMinimumHeight(self.fontMetrics().height() * 12)

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.headline)
        column.addWidget(self.subline)
        column.addWidget(self.respondents)
        column.addWidget(self._title(self.tr("Notes par mission (répartition des réponses "
                                             "valides, hors « non concerné »)")))
        column.addWidget(self.chart)
        column.addWidget(self._title(self.tr("Les mêmes chiffres en tableau")))
        column.addWidget(self.items_table)
        column.addWidget(self._title(self.tr("Commentaires (attribués à la catégorie de "
                                             "partenaire seulement)")))
        column.addWidget(self.comments_view)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(scroll, 1)

    @staticmethod
    def _title(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    # ---- Column texts

    def _top2_text(self, s: ScoreSummary) -> str:
        """The share, or why there is none where the « Remarque » column is out of view (it
        comes last, and a narrow window leaves it to the horizontal scroll)."""
        if not s.shows_percentage:
            return self.tr("n < {0}").format(MIN_N_FOR_PERCENT) if s.n else "—"
        return format_percent(s.top2_share)

    def _ci_text(self, s: ScoreSummary) -> str:
        if not s.shows_percentage:
            return ""
        low, high = s.top2_ci
        return self.tr("{0} à {1}").format(format_percent(low), format_percent(high))

    def _remark_text(self, s: ScoreSummary) -> str:
        if s.n and not s.shows_percentage:
            return self.tr("effectif trop faible ({0})").format(s.counts_text())
        return s.caution or ""

    # ---- Loading

    def set_campaign(self, campaign_id: int | None) -> None:
        if campaign_id != self.campaign_id:
            self.campaign_id = campaign_id
            for combo in (self.category_filter, self.department_filter):
                combo.setCurrentIndex(0)
        self._stale = True
        if self.isVisible():
            self.reload()

    def _on_changed(self, table: str) -> None:
        if table in self.WATCHED:
            self._stale = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    @property
    def loading(self) -> bool:
        return self._loads.pending

    def reload(self) -> None:
        self._stale = False
        campaign_id = self.campaign_id
        if campaign_id is None:
            self._show(None)
            return
        category = self.category_filter.currentData()
        department = self.department_filter.currentData()
        session = self.session
        self.status.setText(self.tr("Calcul…"))

        def work(progress):
            with session.reading() as con:
                return compute_results(con, campaign_id, category, department)

        self._loads.run(work, self._show, self._failed)

    def _failed(self, error: Exception) -> None:
        self.status.setText(typeset(self.tr("Calcul impossible : {0}").format(error)))
        self.loaded.emit()

    def _show(self, results: Results | None) -> None:
        self.results = results
        self.status.clear()
        if results is None:
            self.headline.setText(self.tr("Aucune campagne choisie."))
            for label in (self.subline, self.respondents):
                label.clear()
            self.chart.set_chart(None)
            self.items_model.set_rows([])
            self.comments_model.removeRows(0, self.comments_model.rowCount())
            self.loaded.emit()
            return
        self._fill_filter(self.category_filter, results.categories, lambda code, label: label)
        self._fill_filter(self.department_filter, results.departments,
                          lambda code, label: f"{code} – {label}")
        figures = results.statistics
        overall = figures.overall
        self.headline.setText(headline(overall, self.tr))
        self.subline.setText(subline(overall, self.tr))
        self.respondents.setText(self.tr("{0} dans la sélection.").format(
            plural(figures.responses, self.tr("répondant"))))
        self.chart.set_chart(results.chart)
        self.items_model.set_rows(list(figures.items))
        self.items_columns.measure()
        self._fit_table_height()
        self._fill_comments(results.comments)
        self.loaded.emit()

    def _fit_table_height(self, *args) -> None:
        """Every row in view, above the sideways scroll bar when the columns need one."""
        table = self.items_table
        rows_height = sum(table.rowHeight(r) for r in range(self.items_model.rowCount()))
        scroll_bar = table.horizontalScrollBar()
        below = scroll_bar.sizeHint().height() if scroll_bar.maximum() > 0 else 0
        table.setFixedHeight(rows_height + table.horizontalHeader().height() + below
                             + 2 * table.frameWidth() + 4)

    def _fill_filter(self, combo: QComboBox, choices, text) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for code, label, count in choices:
            combo.addItem(f"{text(code, label)} ({count})", code)
        index = combo.findData(current)
        if current is not None and index < 0:  # the filtered value has no response left
            combo.addItem(text(current, CATEGORY_LABELS.get(current, current)), current)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _fill_comments(self, found: tuple[Comment, ...]) -> None:
        model = self.comments_model
        model.removeRows(0, model.rowCount())
        groups: dict[str, QStandardItem] = {}
        counts: dict[str, int] = {}
        for comment in found:
            group = groups.get(comment.category)
            if group is None:
                group = QStandardItem()
                group.setEditable(False)
                font = group.font()
                font.setBold(True)
                group.setFont(font)
                groups[comment.category] = group
                model.appendRow(group)
            counts[comment.category] = counts.get(comment.category, 0) + 1
            text = comment.text
            if comment.overall_score is not None:
                text += self.tr(" (appréciation globale : {0}/5)").format(comment.overall_score)
            item = QStandardItem(text)
            item.setEditable(False)
            item.setToolTip(comment.text)
            group.appendRow(item)
        for name, group in groups.items():
            group.setText(self.tr("{0} — {1}").format(
                name, plural(counts[name], self.tr("commentaire"))))
            group.setData(name, Qt.ItemDataRole.UserRole)
        if not groups:
            empty = QStandardItem(self.tr("Aucun commentaire."))
            empty.setEditable(False)
            model.appendRow(empty)
        self.comments_view.expandAll()

    def comment_groups(self) -> dict[str, list[str]]:
        """{shown category: [comment texts]} as listed (for tests and accessibility)."""
        model = self.comments_model
        groups = {}
        for row in range(model.rowCount()):
            group = model.item(row)
            name = group.data(Qt.ItemDataRole.UserRole)
            if name is None:
                continue
            groups[name] = [group.child(i).toolTip() for i in range(group.rowCount())]
        return groups
