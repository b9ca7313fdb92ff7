"""Vector charts for the bilans, drawn as reportlab ``Drawing`` objects (no Qt, no bitmap).

Every string is set in the report's font (Carlito), never reportlab's default
Helvetica. Charts stay legible in black and white: series use tones of distinct
lightness with a dark outline, values are written on or beside the marks, and each
chart has axis titles and a legend where there is more than one series. The
figures a chart shows are also given in a table or a sentence by the caller.

:func:`likert_diverging` draws the geometry of ``core.services.charts_geometry``, which
the application's results screen can paint too (shared/survey.md §5).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.shapes import Drawing, Group, PolyLine, String
from reportlab.lib import colors
from reportlab.platypus import Flowable

from pexdesk.core.formatting import MONTHS_SHORT, NARROW_NBSP, format_number
from pexdesk.core.reference.treve import MonthInTreve
from pexdesk.core.services.charts_geometry import (LEVEL_COLOURS, LEVEL_NAMES, LEVEL_TEXT_COLOURS,
                                                   LEVELS, OUTLINE_COLOUR, DivergingChart,
                                                   diverging_chart)
from pexdesk.core.services.reporting import chart_shapes as shapes
from pexdesk.core.services.reporting.chart_drawing import ChartDrawing
from pexdesk.core.services.reporting.fonts import (BOLD, REGULAR, drawable, register_fonts,
                                                   placed_runs, runs, text_width)
from pexdesk.core.services.reporting.styles import (ACCENT, GRID, INK, MUTED, PRIMARY, RULE,
                                                    SERIES, SHADE, WHITE)

AXIS_FONT_SIZE = 7.5
LABEL_FONT_SIZE = 7
TITLE_FONT_SIZE = 8


def _text(x: float, y: float, text: str, size: float = AXIS_FONT_SIZE, anchor: str = "start",
          color=INK, bold: bool = False) -> String | Group:
    """``text`` with its baseline at ``y``; one string per run when symbols Carlito lacks
    are set in the fallback face."""
    font, text = BOLD if bold else REGULAR, drawable(text)
    pieces = runs(text, font)
    if len(pieces) == 1:
        return shapes.string(x, y, text, fontName=pieces[0][0], fontSize=size,
                             fillColor=color, textAnchor=anchor)
    return Group(*(shapes.string(left, y, piece, fontName=face, fontSize=size, fillColor=color)
                   for face, piece, left in placed_runs(text, font, size, x, anchor)))


def _width(text: str, size: float = AXIS_FONT_SIZE, bold: bool = False) -> float:
    return text_width(drawable(text), BOLD if bold else REGULAR, size)


def fit(text: str, room: float, size: float = AXIS_FONT_SIZE, bold: bool = False,
        tail: str = "") -> str:
    """``text`` shortened with « … » until it fits ``room`` points in the given face,
    followed by ``tail``, which is never cut (a long ADIL name gives way, never the
    département after it).

    It is cut at a word boundary (inside a word only when the first word alone is too
    long), and a « left open by the cut is closed: a reader never meets « parte… »
    nor an unclosed guillemet. A character the font cannot draw shows as « □ »."""
    if tail:
        tail = drawable(tail)
        return fit(text, room - _width(tail, size, bold), size, bold) + tail
    text = drawable(text)
    if _width(text, size, bold) <= room:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        shortened = _ellipsis(" ".join(words))
        if _width(shortened, size, bold) <= room:
            return shortened
    word = words[0]
    while word and _width(_ellipsis(word), size, bold) > room:
        word = word[:-1]
    return _ellipsis(word)


def _ellipsis(text: str) -> str:
    """« text… », with the guillemet the cut left open closed after the ellipsis."""
    text = text.rstrip(" ,;:.«\u00a0\u202f") + "…"
    if text.count("«") > text.count("»"):
        text += "\u202f»"
    return text


def wrap(text: str, room: float, size: float = AXIS_FONT_SIZE, bold: bool = False
         ) -> list[str]:
    """``text`` broken into lines of at most ``room`` points, at spaces; a single word
    wider than ``room`` is shortened with « … » rather than drawn past the edge."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and _width(candidate, size, bold) <= room:
            lines[-1] = candidate
        else:
            lines.append(fit(word, room, size, bold))
    return lines or [""]


def new_drawing(width: float, height: float) -> Drawing:
    """A drawing painted straight on the page (see ``chart_drawing``)."""
    return ChartDrawing(width, height)


def _vertical_text(x: float, y: float, text: str, size: float = AXIS_FONT_SIZE,
                   anchor: str = "middle", color=MUTED) -> Group:
    """``text`` reading upwards, its baseline through (x, y)."""
    group = Group(_text(0, 0, text, size, anchor, color))
    group.translate(x, y)
    group.rotate(90)
    return group


def nice_ticks(maximum: float, count: int = 5, integer: bool = True) -> list[float]:
    """Round axis ticks from 0 to at least ``maximum`` (0, 5, 10… or 0, 20, 40…);
    ``integer`` keeps whole steps (counts: no « 2,5 » tick)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in steps if m * magnitude >= raw)
    if integer and step < 1:
        step = 1.0
    ticks = [0.0]
    while ticks[-1] < maximum - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def _tick_label(value: float, unit: str = "") -> str:
    decimals = 0 if float(value).is_integer() else 1
    text = format_number(value, decimals)
    return f"{text}{NARROW_NBSP}%" if unit == "%" else text


MONTH_STEPS = (1, 3, 6, 12, 24, 48, 96)
"""Every how many months a month axis may be labelled. Each step divides the next and the
labelled months are those whose number since year 0 is a multiple of the step (every
month, quarters from January, half-years, Januaries, even years…): two charts of the
same months label the same months, or a narrower one a subset of a wider one's, and a
January is labelled whenever a step under a year is."""
LABEL_GAP = 4.0
"""The least white space between two axis labels."""


def month_label(month: date, with_year: bool) -> str:
    """« mars », or « mars 25 » when asked."""
    short = MONTHS_SHORT[month.month - 1]
    return f"{short} {month.year % 100:02d}" if with_year else short


def month_ticks(months: Sequence[date], spacing: float) -> list[tuple[int, str]]:
    """(index, label) of the months to label on an axis where consecutive months are
    ``spacing`` points apart: the smallest of :data:`MONTH_STEPS` whose labels do not
    collide. The first label and every January carry the year (« janv. 26 »), so the
    year of every labelled month can be read off the axis.

    The steps tried label many of the same months alike: each label is measured once."""
    ticks: list[tuple[int, str]] = []
    if not months:
        return ticks
    numbers = [m.year * 12 + m.month - 1 for m in months]
    widths: dict[str, float] = {}

    def width(label: str) -> float:
        if label not in widths:
            widths[label] = _width(label)
        return widths[label]

    for step in MONTH_STEPS:
        indexes = [i for i, number in enumerate(numbers) if number % step == 0] or [0]
        ticks = [(i, month_label(months[i], n == 0 or months[i].month == 1))
                 for n, i in enumerate(indexes)]
        if all((width(a) + width(b)) / 2 + LABEL_GAP <= (j - i) * spacing
               for (i, a), (j, b) in zip(ticks, ticks[1:])):
            break
    return ticks


def _legend(drawing: Drawing, x: float, y: float, entries: Sequence[tuple[str, object]],
            outline=INK) -> None:
    """Swatches with their names, left to right from (x, y)."""
    for name, color in entries:
        drawing.add(shapes.rect(x, y - 1, 9, 7, fillColor=color, strokeColor=outline,
                                strokeWidth=0.4))
        drawing.add(_text(x + 12, y, name, LABEL_FONT_SIZE + 0.5))
        x += 12 + _width(name, LABEL_FONT_SIZE + 0.5) + 14


@dataclass(frozen=True)
class Plot:
    """The plotting area of a chart inside its drawing."""

    x: float
    y: float
    width: float
    height: float
    top: float

    def y_of(self, value: float) -> float:
        return self.y + (value / self.top) * self.height if self.top else self.y


def _axis_labels(ticks: list[float], unit: str = "") -> list[tuple[str, float]]:
    """Each tick's label and its width: a chart sets its plot by the widest, then writes
    them."""
    return [(label, _width(label)) for label in (_tick_label(t, unit) for t in ticks)]


def _value_axis(drawing: Drawing, plot: Plot, ticks: list[float],
                labels: list[tuple[str, float]], title: str) -> None:
    for tick, (label, _) in zip(ticks, labels):
        y = plot.y_of(tick)
        drawing.add(shapes.line(plot.x, y, plot.x + plot.width, y,
                                strokeColor=GRID if tick else RULE,
                                strokeWidth=0.5 if tick else 0.8))
        drawing.add(_text(plot.x - 4, y - 2.5, label, anchor="end", color=MUTED))
    if title:
        widest = max(width for _, width in labels)
        drawing.add(_vertical_text(plot.x - widest - 11, plot.y + plot.height / 2, title))


VALUE_FONT_SIZES = (LABEL_FONT_SIZE, LABEL_FONT_SIZE - 0.5, LABEL_FONT_SIZE - 1)
"""The sizes a bar's value may be written in, largest first: under 6 points a print is
no longer comfortable to read."""
PLOT_HEADROOM = 10.0
"""Room above a bar chart's plot, for the values over the tallest bars."""


@dataclass(frozen=True)
class ValueLabels:
    """How the values over the bars of one chart are written: in one size, each across
    its bar when it fits within the bar's width (bars of a group touch), else turned to
    read upwards."""

    size: float
    bar: float
    headroom: float
    """Room they need above the plot."""

    def fits_across(self, text: str) -> bool:
        return _width(text, self.size) + 1 <= self.bar

    def label(self, centre: float, top: float, text: str) -> Group | String:
        """``text`` over the bar centred on ``centre`` whose top is at ``top``."""
        if self.fits_across(text):
            return _text(centre, top + 2, text, self.size, "middle")
        # the glyphs of a turned line lie left of its baseline: shift it by half a digit
        return _vertical_text(centre + self.size * 0.35, top + 2, text, self.size, "start", INK)


def value_labels_for(texts: Sequence[str], bar: float) -> ValueLabels | None:
    """How to write ``texts`` over bars ``bar`` points wide so that no two collide: all
    across, at the largest of :data:`VALUE_FONT_SIZES` where they fit; else at the
    smallest, those still too wide turned, if a bar is wider than a line of digits; else
    not at all (None: the values are in the table the caption points to)."""
    for size in VALUE_FONT_SIZES:
        labels = ValueLabels(size, bar, PLOT_HEADROOM)
        if all(labels.fits_across(t) for t in texts):
            return labels
    size = VALUE_FONT_SIZES[-1]
    if size + 1 > bar:
        return None
    longest = max(_width(t, size) for t in texts)
    return ValueLabels(size, bar, max(PLOT_HEADROOM, longest + 4))


def monthly_bars(months: Sequence[date], series: Sequence[tuple[str, Sequence[float]]],
                 width: float, height: float, y_title: str, x_title: str = "Mois",
                 value_labels: bool = True) -> Drawing:
    """Grouped vertical bars, one group per month, one bar per series (at most three)."""
    register_fonts()
    drawing = new_drawing(width, height)
    top_value = max([max(values, default=0) for _, values in series] + [0])
    ticks = nice_ticks(top_value)
    axis_labels = _axis_labels(ticks)
    left = 24 + max(width for _, width in axis_labels)
    legend_room = 16 if len(series) > 1 else 4
    count = max(len(months), 1)
    slot = (width - left - 6) / count
    bar = min(16.0, slot * 0.8 / max(len(series), 1))
    labels = value_labels_for([format_number(v) for _, values in series for v in values],
                              bar) if value_labels else None
    headroom = labels.headroom if labels else PLOT_HEADROOM
    plot = Plot(left, 30, width - left - 6, height - 30 - legend_room - headroom, ticks[-1])
    _value_axis(drawing, plot, ticks, axis_labels, y_title)
    if len(series) > 1:
        _legend(drawing, plot.x, height - 10, [(name, SERIES[i]) for i, (name, _) in
                                                 enumerate(series)])
    for index, month in enumerate(months):
        centre = plot.x + slot * (index + 0.5)
        start = centre - bar * len(series) / 2
        for s, (_, values) in enumerate(series):
            value = values[index]
            x = start + s * bar
            if value:
                drawing.add(shapes.rect(x, plot.y, bar, plot.y_of(value) - plot.y,
                                        fillColor=SERIES[s], strokeColor=INK, strokeWidth=0.3))
            if labels:
                drawing.add(labels.label(x + bar / 2, plot.y_of(value), format_number(value)))
    for index, label in month_ticks(months, slot):
        drawing.add(_text(plot.x + slot * (index + 0.5), plot.y - 10, label, anchor="middle",
                          color=MUTED))
    drawing.add(_text(plot.x + plot.width / 2, 4, x_title, anchor="middle", color=MUTED))
    return drawing


TREND_MARGIN_TEXT = f"100{NARROW_NBSP}%"
"""The least room kept for a trend's value axis and for its last value: the charts of a
grid then get plots of one width, hence the same months labelled (unless a value is
wider)."""


def trend_line(months: Sequence[date], values: Sequence[float | None], width: float,
               height: float, unit: str = "nb", y_title: str = "",
               treve: Sequence[MonthInTreve | None] = ()) -> Drawing:
    """One monthly series as a line with markers; a missing month breaks the line.
    The last known value is written beside its point. ``treve`` gives, month by month,
    how each falls in the trêve hivernale: those days are shaded behind the series (the
    caller's caption says what the grey band is)."""
    register_fonts()
    drawing = new_drawing(width, height)
    known = [v for v in values if v is not None]
    top_value = max(known, default=0)
    if unit == "%":
        top_value = max(top_value, 10)
    ticks = nice_ticks(top_value, 4, integer=unit == "nb")
    if unit == "%" and ticks[-1] > 100:
        ticks = [0.0, 25.0, 50.0, 75.0, 100.0]
    axis_labels = _axis_labels(ticks, unit)
    left = (20 if y_title else 8) + max([width for _, width in axis_labels]
                                        + [_width(TREND_MARGIN_TEXT)])
    last_text = ""
    if known:
        last_text = _tick_label(known[-1], unit) if unit != "%" else \
            f"{format_number(known[-1], 1 if not float(known[-1]).is_integer() else 0)}" \
            f"{NARROW_NBSP}%"
    right = 8 + max(_width(text, LABEL_FONT_SIZE + 0.5, bold=True)
                    for text in (last_text, TREND_MARGIN_TEXT))
    plot = Plot(left, 24, width - left - right, height - 24 - 8, ticks[-1])
    count = max(len(months), 1)
    step_x = plot.width / max(count - 1, 1)

    def x_of(index: int) -> float:
        return plot.x + (step_x * index if count > 1 else plot.width / 2)

    for left_x, right_x in _bands([(x_of(i) - step_x / 2, step_x, shaded)
                                   for i, shaded in enumerate(treve)], plot):
        drawing.add(shapes.rect(left_x, plot.y, right_x - left_x, plot.height, fillColor=SHADE,
                                strokeColor=None))
    _value_axis(drawing, plot, ticks, axis_labels, y_title)
    run: list[float] = []
    for index, value in enumerate(list(values) + [None]):
        if value is None:
            if len(run) >= 4:
                drawing.add(PolyLine(run, strokeColor=PRIMARY, strokeWidth=1.4))
            run = []
            continue
        run += [x_of(index), plot.y_of(value)]
    marker = 2.2 if count <= 24 else 1.2
    for index, value in enumerate(values):
        if value is not None:
            drawing.add(shapes.rect(x_of(index) - marker, plot.y_of(value) - marker, 2 * marker,
                                    2 * marker, fillColor=WHITE, strokeColor=PRIMARY,
                                    strokeWidth=0.9))
    if known:
        last_index = max(i for i, v in enumerate(values) if v is not None)
        drawing.add(_text(x_of(last_index) + 5, plot.y_of(known[-1]) - 2.5, last_text,
                          LABEL_FONT_SIZE + 0.5, bold=True, color=PRIMARY))
    for index, label in month_ticks(months, step_x):
        drawing.add(_text(x_of(index), plot.y - 10, label, anchor="middle", color=MUTED))
    drawing.add(_text(plot.x + plot.width / 2, 3, "Mois", anchor="middle", color=MUTED))
    return drawing


def _bands(slots: Iterable[tuple[float, float, MonthInTreve | None]], plot: Plot
           ) -> list[tuple[float, float]]:
    """(left, right) of the shaded bands, from each month's slot (its left edge and width)
    and how it falls in the trêve: the days in it, the months that follow one another
    merged into one band (adjacent rectangles leave a hairline seam in some readers),
    kept within the plot."""
    bands: list[tuple[float, float]] = []
    for left, width, shaded in slots:
        if shaded is None:
            continue
        start = max(plot.x, left + width * shaded.start)
        end = min(plot.x + plot.width, left + width * shaded.end)
        if bands and abs(bands[-1][1] - start) < 1e-6:
            bands[-1] = (bands[-1][0], end)
        else:
            bands.append((start, end))
    return bands


class ProgressBar(Flowable):
    """A horizontal gauge with its value written after it (« 70 % »), painted straight on
    the canvas: tables hold one per action, and a Drawing costs far more to render."""

    def __init__(self, percent: float, width: float = 70, height: float = 9,
                 late: bool = False):
        super().__init__()
        self.percent = max(0.0, min(100.0, float(percent)))
        self.width, self.height, self.late = width, height, late

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        label = f"{format_number(self.percent)}{NARROW_NBSP}%"
        bar = self.width - _width("100 %", LABEL_FONT_SIZE + 1) - 4
        canvas.setLineWidth(0.6)
        canvas.setStrokeColor(RULE)
        canvas.setFillColor(WHITE)
        canvas.rect(0, 1, bar, self.height - 2, stroke=1, fill=1)
        filled = bar * self.percent / 100
        if filled > 0:
            canvas.setFillColor(ACCENT if self.late else PRIMARY)
            canvas.rect(0, 1, filled, self.height - 2, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(REGULAR, LABEL_FONT_SIZE + 1)
        canvas.drawRightString(self.width, 2, label)


def progress_bar(percent: float, width: float = 70, height: float = 9,
                 late: bool = False) -> ProgressBar:
    """A gauge for a table cell (see :class:`ProgressBar`)."""
    register_fonts()
    return ProgressBar(percent, width, height, late)


def category_bars(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                  width: float, x_title: str) -> Drawing:
    """Horizontal bars, one row per category (label on the left), one bar per series,
    each value written at the end of its bar."""
    register_fonts()
    bar = 6.5 if len(series) > 1 else 9
    row = bar * len(series) + 5
    legend_room = 16 if len(series) > 1 else 0
    label_width = min(width * 0.42, max((_width(t) for t in labels), default=0) + 6)
    height = row * len(labels) + 28 + legend_room
    drawing = new_drawing(width, height)
    top_value = max([max(values, default=0) for _, values in series] + [0])
    ticks = nice_ticks(top_value, 4)
    plot_x, plot_w = label_width + 4, width - label_width - 4 - 16
    plot_top = height - legend_room - 2
    for tick in ticks:
        x = plot_x + plot_w * tick / ticks[-1]
        drawing.add(shapes.line(x, 20, x, plot_top, strokeColor=GRID if tick else RULE,
                                strokeWidth=0.5 if tick else 0.8))
        drawing.add(_text(x, 11, _tick_label(tick), anchor="middle", color=MUTED))
    drawing.add(_text(plot_x + plot_w / 2, 1, x_title, anchor="middle", color=MUTED))
    if len(series) > 1:
        _legend(drawing, plot_x, height - 9, [(name, SERIES[i * 2 if len(series) == 2 else i])
                                               for i, (name, _) in enumerate(series)])
    for index, label in enumerate(labels):
        y_top = plot_top - 2 - index * row
        drawing.add(_text(label_width, y_top - row / 2 - 2, fit(label, label_width - 4),
                          anchor="end"))
        for s, (_, values) in enumerate(series):
            value = values[index]
            y = y_top - (s + 1) * bar - 1
            length = plot_w * value / ticks[-1]
            color = SERIES[s * 2 if len(series) == 2 else s]
            if value:
                drawing.add(shapes.rect(plot_x, y, length, bar, fillColor=color,
                                        strokeColor=INK, strokeWidth=0.3))
            drawing.add(_text(plot_x + length + 3, y + bar / 2 - 2.3, format_number(value),
                              LABEL_FONT_SIZE))
    return drawing


# --- Likert items: diverging stacked bars (shared/survey.md §5) ---------------------------------

LIKERT_ROW_LABEL = 8.0
LIKERT_LABEL_LEADING = 10.0
"""Distance between the lines of a wrapped item label."""
LIKERT_BAR = 12.0
LIKERT_GAP = 8.0
LIKERT_AXIS_TITLE = "Part des réponses valides (non concernés et sans réponse exclus)"


def likert_diverging(items: Iterable[object], width: float, diverging: bool = True,
                     sort: bool = True) -> Drawing:
    """Diverging stacked bars of 1–5 items, drawn from the toolkit-free geometry of
    :mod:`pexdesk.core.services.charts_geometry` (the one definition the application's
    results screen paints too); ``items`` are ``ScoreSummary`` objects or
    ``(label, distribution)`` pairs.

    Per item: its label on a line (with « à interpréter avec prudence (n < 10) » when
    so), then « n = 12 », the total of 1–2, the bar, the total of 4–5. An item with
    n < 5 gets no bar, only « effectif trop faible ». Segments show their percentage when
    it is 5 % or more and fits; the legend names the levels and the axis is in absolute
    percentages on both sides of zero."""
    return likert_drawing(diverging_chart(items, diverging, sort), width)


def likert_drawing(chart: DivergingChart, width: float) -> Drawing:
    """:func:`likert_diverging` of a chart already worked out (a table beside the figure
    lists its rows in the chart's order)."""
    register_fonts()
    diverging = chart.diverging
    fills = [colors.HexColor(c) for c in LEVEL_COLOURS]
    inks = [colors.HexColor(c) for c in LEVEL_TEXT_COLOURS]
    outline = colors.HexColor(OUTLINE_COLOUR)

    size = LABEL_FONT_SIZE + 0.5
    n_width = max((_width(r.n_text, size, bold=True) for r in chart.rows), default=0) + 8
    left_width = (_width("1–2 : 100 %", size) + 8) if diverging else 0
    right_width = _width("4–5 : 100 %", size, bold=True) + 6
    plot_x = n_width + left_width
    plot_w = width - plot_x - right_width

    legend = [(f"{name} ({level})", fills[level - 1])
              for level, name in zip(LEVELS, LEVEL_NAMES)]
    legend_lines = _legend_lines(legend, width)
    legend_h = 13 * len(legend_lines) + 6
    labels = [_row_label(row, width, size) for row in chart.rows]
    row_heights = [len(lines) * LIKERT_LABEL_LEADING + 3 + LIKERT_BAR + LIKERT_GAP
                   for lines in labels]
    axis_h = 16
    height = legend_h + sum(row_heights) + axis_h
    drawing = new_drawing(width, height)

    for index, line in enumerate(legend_lines):
        _legend(drawing, 0, height - 9 - 13 * index, line, outline)

    def x_of(value: float) -> float:
        return plot_x + chart.fraction(value) * plot_w

    top = height - legend_h
    for row, lines, row_h in zip(chart.rows, labels, row_heights):
        label_y = top - LIKERT_ROW_LABEL
        for line, (text, caution) in enumerate(lines):
            y = label_y + 1 - line * LIKERT_LABEL_LEADING
            if text:
                drawing.add(_text(0, y, text, LIKERT_ROW_LABEL, bold=True))
            if caution:
                x = _width(f"{text} ", LIKERT_ROW_LABEL, bold=True) if text else 0
                drawing.add(_text(x, y, caution, size, color=ACCENT))
        bar_y = label_y - (len(lines) - 1) * LIKERT_LABEL_LEADING - 3 - LIKERT_BAR
        top -= row_h
        middle = bar_y + LIKERT_BAR / 2 - 2.6
        drawing.add(_text(n_width - 8, middle, row.n_text, size, "end",
                          ACCENT if row.caution else INK, bold=True))
        for tick in chart.ticks if row.has_bar else ():  # grid, in the bar's band only
            zero = tick == 0
            drawing.add(shapes.line(x_of(tick), bar_y - 1.5, x_of(tick),
                                    bar_y + LIKERT_BAR + 1.5, strokeColor=MUTED if zero else GRID,
                                    strokeWidth=0.9 if zero else 0.5))
        if not row.has_bar:
            message = row.note if row.n == 0 else f"{row.note} pour un pourcentage"
            drawing.add(_text(x_of(0) if diverging else plot_x + 4, middle, message, size,
                              "middle" if diverging else "start", MUTED))
            continue
        for segment in row.segments:
            x0, x1 = x_of(segment.x), x_of(segment.end)
            if x1 - x0 <= 0:
                continue
            drawing.add(shapes.rect(x0, bar_y, x1 - x0, LIKERT_BAR,
                                    fillColor=fills[segment.level - 1], strokeColor=outline,
                                    strokeWidth=0.35))
            if segment.label and _width(segment.label, LABEL_FONT_SIZE) + 2 <= x1 - x0:
                drawing.add(_text((x0 + x1) / 2, middle, segment.label, LABEL_FONT_SIZE,
                                  "middle", inks[segment.level - 1]))
        if diverging:
            drawing.add(_text(plot_x - 5, middle, row.left_total, size, "end", MUTED))
        drawing.add(_text(plot_x + plot_w + 5, middle, row.right_total, size, "start", INK,
                          bold=True))

    last_bar = top + LIKERT_GAP  # bottom of the last bar
    for tick in chart.ticks:
        drawing.add(_text(x_of(tick), last_bar - 10, chart.tick_label(tick), anchor="middle",
                          color=MUTED))
    drawing.add(_text(x_of(0) if diverging else plot_x + plot_w / 2, last_bar - 21,
                      LIKERT_AXIS_TITLE, LABEL_FONT_SIZE, "middle", MUTED))
    return drawing


def _row_label(row, width: float, caution_size: float) -> list[tuple[str, str]]:
    """The lines above a bar, as (label part, caution part): the item's label wrapped in
    bold within ``width``, then « — à interpréter avec prudence (n < 10) » after its last
    line when it fits there, else on a line of its own."""
    lines = [(line, "") for line in wrap(row.label, width, LIKERT_ROW_LABEL, bold=True)]
    if not row.caution:
        return lines
    caution = f"— {row.caution}"
    last = lines[-1][0]
    if (_width(f"{last} ", LIKERT_ROW_LABEL, bold=True) + _width(caution, caution_size)
            <= width):
        lines[-1] = (last, caution)
    else:
        lines.append(("", fit(caution, width, caution_size)))
    return lines


def _legend_lines(entries: Sequence[tuple[str, object]], width: float
                  ) -> list[list[tuple[str, object]]]:
    """The legend's entries split into lines that fit ``width``."""
    lines: list[list[tuple[str, object]]] = [[]]
    used = 0.0
    for name, color in entries:
        room = 12 + _width(name, LABEL_FONT_SIZE + 0.5) + 14
        if lines[-1] and used + room - 14 > width:
            lines.append([])
            used = 0.0
        lines[-1].append((name, color))
        used += room
    return lines


def palette_is_distinct_in_grey(palette: Sequence[colors.Color] = SERIES,
                                minimum: float = 0.15) -> bool:
    """Whether the series tones stay apart once printed in grey (relative luminance)."""
    def luminance(c: colors.Color) -> float:
        return 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue
    values = sorted(luminance(c) for c in palette)
    return all(b - a >= minimum for a, b in zip(values, values[1:]))
