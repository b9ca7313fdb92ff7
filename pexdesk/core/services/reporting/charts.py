"""Vector charts for the bilans, drawn as reportlab ``Drawing`` objects (no Qt, no bitmap).

Every string is set in the report's font (Carlito), never reportlab's default
Helvetica. Charts stay legible in black and white: series use tones of distinct
lightness with a dark outline, values are written on or beside the marks, and each
chart has axis titles and a legend where there is more than one series. The
figures a chart shows are also given in a table or a sentence by the caller.

:func:`likert_diverging` is meant to be shared with the satisfaction bilan and the
application's results screen (shared/survey.md §5).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from pexdesk.core.formatting import MONTHS_SHORT, NARROW_NBSP, format_number
from pexdesk.core.services.reporting.fonts import BOLD, REGULAR, register_fonts
from pexdesk.core.services.reporting.styles import (ACCENT, GRID, INK, LIKERT, MUTED, PRIMARY,
                                                    RULE, SERIES, WHITE)

AXIS_FONT_SIZE = 7.5
LABEL_FONT_SIZE = 7
TITLE_FONT_SIZE = 8


def _text(x: float, y: float, text: str, size: float = AXIS_FONT_SIZE, anchor: str = "start",
          color=INK, bold: bool = False) -> String:
    return String(x, y, text, fontName=BOLD if bold else REGULAR, fontSize=size,
                  fillColor=color, textAnchor=anchor)


def _width(text: str, size: float = AXIS_FONT_SIZE, bold: bool = False) -> float:
    return stringWidth(text, BOLD if bold else REGULAR, size)


def fit(text: str, room: float, size: float = AXIS_FONT_SIZE) -> str:
    """``text`` shortened with « … » until it fits ``room`` points."""
    if _width(text, size) <= room:
        return text
    while text and _width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def new_drawing(width: float, height: float) -> Drawing:
    """A drawing whose renderer starts in Carlito: reportlab would otherwise set its
    default font (Helvetica) at the start of every drawing, referencing a base-14 font."""
    drawing = Drawing(width, height)
    drawing.initialFontName = REGULAR
    drawing.initialFontSize = AXIS_FONT_SIZE
    return drawing


def _vertical_text(x: float, y: float, text: str, size: float = AXIS_FONT_SIZE) -> Group:
    group = Group(_text(0, 0, text, size, "middle", MUTED))
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


def month_label(month: date, index: int, with_year: bool) -> str:
    """« mars », or « janv. 25 » on January, the first month, or when asked."""
    short = MONTHS_SHORT[month.month - 1]
    if with_year or index == 0 or month.month == 1:
        return f"{short} {month.year % 100:02d}"
    return short


def _label_step(count: int, room: float, widest: float) -> int:
    """Every how many categories to label so labels do not collide."""
    step = 1
    while count and room / math.ceil(count / step) < widest + 4:
        step += 1
    return step


def _legend(drawing: Drawing, x: float, y: float, entries: Sequence[tuple[str, object]]) -> None:
    """Swatches with their names, left to right from (x, y)."""
    for name, color in entries:
        drawing.add(Rect(x, y - 1, 9, 7, fillColor=color, strokeColor=INK, strokeWidth=0.4))
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


def _value_axis(drawing: Drawing, plot: Plot, ticks: list[float], unit: str,
                title: str) -> None:
    for tick in ticks:
        y = plot.y_of(tick)
        drawing.add(Line(plot.x, y, plot.x + plot.width, y, strokeColor=GRID if tick else RULE,
                         strokeWidth=0.5 if tick else 0.8))
        drawing.add(_text(plot.x - 4, y - 2.5, _tick_label(tick, unit), anchor="end",
                          color=MUTED))
    if title:
        widest = max(_width(_tick_label(t, unit)) for t in ticks)
        drawing.add(_vertical_text(plot.x - widest - 11, plot.y + plot.height / 2, title))


def monthly_bars(months: Sequence[date], series: Sequence[tuple[str, Sequence[float]]],
                 width: float, height: float, y_title: str, x_title: str = "Mois",
                 value_labels: bool = True) -> Drawing:
    """Grouped vertical bars, one group per month, one bar per series (at most three)."""
    register_fonts()
    drawing = new_drawing(width, height)
    top_value = max([max(values, default=0) for _, values in series] + [0])
    ticks = nice_ticks(top_value)
    left = 24 + max(_width(_tick_label(t)) for t in ticks)
    legend_room = 16 if len(series) > 1 else 4
    plot = Plot(left, 30, width - left - 6, height - 30 - legend_room - 10, ticks[-1])
    _value_axis(drawing, plot, ticks, "", y_title)
    if len(series) > 1:
        _legend(drawing, plot.x, height - 10, [(name, SERIES[i]) for i, (name, _) in
                                                 enumerate(series)])
    count = max(len(months), 1)
    slot = plot.width / count
    bar = min(16.0, slot * 0.8 / max(len(series), 1))
    show_values = value_labels and bar >= 7
    for index, month in enumerate(months):
        centre = plot.x + slot * (index + 0.5)
        start = centre - bar * len(series) / 2
        for s, (_, values) in enumerate(series):
            value = values[index]
            x = start + s * bar
            if value:
                drawing.add(Rect(x, plot.y, bar, plot.y_of(value) - plot.y, fillColor=SERIES[s],
                                 strokeColor=INK, strokeWidth=0.3))
            if show_values:
                drawing.add(_text(x + bar / 2, plot.y_of(value) + 2, format_number(value),
                                  LABEL_FONT_SIZE - 1 if value >= 100 else LABEL_FONT_SIZE,
                                  "middle"))
    widest = max((_width(month_label(m, i, False)) for i, m in enumerate(months)), default=0)
    step = _label_step(count, plot.width, widest)
    for index, month in enumerate(months):
        if index % step == 0:
            drawing.add(_text(plot.x + slot * (index + 0.5), plot.y - 10,
                              month_label(month, index, False), anchor="middle", color=MUTED))
    drawing.add(_text(plot.x + plot.width / 2, 4, x_title, anchor="middle", color=MUTED))
    return drawing


def trend_line(months: Sequence[date], values: Sequence[float | None], width: float,
               height: float, unit: str = "nb", y_title: str = "") -> Drawing:
    """One monthly series as a line with markers; a missing month breaks the line.
    The last known value is written beside its point."""
    register_fonts()
    drawing = new_drawing(width, height)
    known = [v for v in values if v is not None]
    top_value = max(known, default=0)
    if unit == "%":
        top_value = max(top_value, 10)
    ticks = nice_ticks(top_value, 4, integer=unit == "nb")
    if unit == "%" and ticks[-1] > 100:
        ticks = [0.0, 25.0, 50.0, 75.0, 100.0]
    left = (20 if y_title else 8) + max(_width(_tick_label(t, unit)) for t in ticks)
    last_text = ""
    if known:
        last_text = _tick_label(known[-1], unit) if unit != "%" else \
            f"{format_number(known[-1], 1 if not float(known[-1]).is_integer() else 0)}" \
            f"{NARROW_NBSP}%"
    right = 8 + _width(last_text, LABEL_FONT_SIZE + 0.5, bold=True)
    plot = Plot(left, 24, width - left - right, height - 24 - 8, ticks[-1])
    _value_axis(drawing, plot, ticks, unit, y_title)
    count = max(len(months), 1)
    step_x = plot.width / max(count - 1, 1)

    def x_of(index: int) -> float:
        return plot.x + (step_x * index if count > 1 else plot.width / 2)

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
            drawing.add(Rect(x_of(index) - marker, plot.y_of(value) - marker, 2 * marker,
                             2 * marker, fillColor=WHITE, strokeColor=PRIMARY, strokeWidth=0.9))
    if known:
        last_index = max(i for i, v in enumerate(values) if v is not None)
        drawing.add(_text(x_of(last_index) + 5, plot.y_of(known[-1]) - 2.5, last_text,
                          LABEL_FONT_SIZE + 0.5, bold=True, color=PRIMARY))
    widest = max((_width(month_label(m, i, False)) for i, m in enumerate(months)), default=0)
    label_every = _label_step(count, plot.width + step_x, widest)
    for index, month in enumerate(months):
        if index % label_every == 0:
            drawing.add(_text(x_of(index), plot.y - 10, month_label(month, index, False),
                              anchor="middle", color=MUTED))
    drawing.add(_text(plot.x + plot.width / 2, 3, "Mois", anchor="middle", color=MUTED))
    return drawing


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
        drawing.add(Line(x, 20, x, plot_top, strokeColor=GRID if tick else RULE,
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
                drawing.add(Rect(plot_x, y, length, bar, fillColor=color, strokeColor=INK,
                                 strokeWidth=0.3))
            drawing.add(_text(plot_x + length + 3, y + bar / 2 - 2.3, format_number(value),
                              LABEL_FONT_SIZE))
    return drawing


# --- Likert items: diverging stacked bars (shared/survey.md §5) ---------------------------------

@dataclass(frozen=True)
class LikertRow:
    label: str
    counts: Mapping[int, int]
    """Valid answers per score 1..5 (« non concerné » and blanks excluded)."""

    @property
    def n(self) -> int:
        return sum(self.counts.get(score, 0) for score in range(1, 6))

    def share(self, score: int) -> float:
        return self.counts.get(score, 0) / self.n if self.n else 0.0

    @property
    def top2(self) -> float:
        return self.share(4) + self.share(5)

    @property
    def bottom2(self) -> float:
        return self.share(1) + self.share(2)


@dataclass(frozen=True)
class Segment:
    """One drawn piece of a Likert row, in axis units (−1..1 of the scale)."""

    score: int
    start: float
    end: float


def likert_segments(row: LikertRow, diverging: bool = True) -> list[Segment]:
    """Where each score's piece lies on the axis. Diverging: the neutral 3 is centred on
    zero, 2 then 1 extend to the left, 4 then 5 to the right (strongest outermost).
    Stacked (100 %): 1 to 5 from 0 to 1."""
    if not row.n:
        return []
    if not diverging:
        segments, x = [], 0.0
        for score in range(1, 6):
            segments.append(Segment(score, x, x + row.share(score)))
            x += row.share(score)
        return segments
    half = row.share(3) / 2
    segments = [Segment(3, -half, half)]
    x = -half
    for score in (2, 1):
        segments.append(Segment(score, x - row.share(score), x))
        x -= row.share(score)
    x = half
    for score in (4, 5):
        segments.append(Segment(score, x, x + row.share(score)))
        x += row.share(score)
    return segments


LIKERT_NAMES = ("Très insatisfait", "Insatisfait", "Ni satisfait ni insatisfait", "Satisfait",
                "Très satisfait")
MIN_N_FOR_BAR = 5


def likert_diverging(rows: Sequence[LikertRow], width: float, diverging: bool = True,
                     sort: bool = True, names: Sequence[str] = LIKERT_NAMES) -> Drawing:
    """One bar per item: diverging around the neutral level (default) or 100 % stacked.

    Rows are sorted by their share of 4–5 when ``sort``; each is labelled
    « Item (n = 12) » with the totals at its ends (« 1–2 : 8 % », « 4–5 : 75 % »);
    segments under 5 % carry no label; an item with n < 5 gets no bar, only
    « n = 3 — effectif trop faible »."""
    register_fonts()
    ordered = sorted(rows, key=lambda r: (r.n >= MIN_N_FOR_BAR, r.top2), reverse=True) \
        if sort else list(rows)
    row_h, gap = 13.0, 7.0
    labels = [f"{r.label} (n = {r.n})" for r in ordered]
    label_width = min(width * 0.36, max((_width(t) for t in labels), default=0) + 6)
    total_room = _width("4–5 : 100 %", LABEL_FONT_SIZE) + 6
    plot_x = label_width + total_room
    plot_w = width - plot_x - total_room
    legend_h = 30
    height = len(ordered) * (row_h + gap) + legend_h + 22
    drawing = new_drawing(width, height)
    if diverging:
        zero = plot_x + plot_w / 2
        scale = plot_w / 2
        ticks = [-1.0, -0.5, 0.0, 0.5, 1.0]
    else:
        zero, scale, ticks = plot_x, plot_w, [0.0, 0.25, 0.5, 0.75, 1.0]
    plot_top = height - legend_h
    for tick in ticks:
        x = zero + tick * scale
        drawing.add(Line(x, 18, x, plot_top, strokeColor=RULE if tick == 0 else GRID,
                         strokeWidth=0.8 if tick == 0 else 0.5))
        drawing.add(_text(x, 9, f"{format_number(abs(tick) * 100)}{NARROW_NBSP}%",
                          anchor="middle", color=MUTED))
    for index, (row, label) in enumerate(zip(ordered, labels)):
        y = plot_top - (index + 1) * (row_h + gap) + gap / 2
        suffix = f" (n = {row.n})"
        text = label if _width(label) <= label_width - 4 else \
            fit(row.label, label_width - 4 - _width(suffix)) + suffix
        drawing.add(_text(label_width - 2, y + row_h / 2 - 2.5, text, anchor="end"))
        if row.n < MIN_N_FOR_BAR:
            message = ("aucune réponse" if row.n == 0
                       else f"n = {row.n} — effectif trop faible")
            drawing.add(_text(zero if diverging else plot_x + 4, y + row_h / 2 - 2.5, message,
                              LABEL_FONT_SIZE, "middle" if diverging else "start", MUTED))
            continue
        for segment in likert_segments(row, diverging):
            x0, x1 = zero + segment.start * scale, zero + segment.end * scale
            if x1 - x0 <= 0:
                continue
            fill = LIKERT[segment.score - 1]
            drawing.add(Rect(x0, y, x1 - x0, row_h, fillColor=fill, strokeColor=WHITE,
                             strokeWidth=0.4))
            share = segment.end - segment.start
            if share >= 0.05:
                dark = segment.score in (1, 5)
                drawing.add(_text((x0 + x1) / 2, y + row_h / 2 - 2.5,
                                  format_number(share * 100), LABEL_FONT_SIZE, "middle",
                                  WHITE if dark else INK))
        left_total = f"1–2 : {format_number(row.bottom2 * 100)}{NARROW_NBSP}%"
        right_total = f"4–5 : {format_number(row.top2 * 100)}{NARROW_NBSP}%"
        drawing.add(_text(plot_x - 4, y + row_h / 2 - 2.5, left_total, LABEL_FONT_SIZE, "end",
                          MUTED))
        drawing.add(_text(plot_x + plot_w + 4, y + row_h / 2 - 2.5, right_total,
                          LABEL_FONT_SIZE, "start", INK, bold=True))
    _legend(drawing, 0, height - 10, [(names[i], LIKERT[i]) for i in range(5)])
    drawing.add(_text(zero, 0,
                      "Part des réponses valides (non concernés et sans réponse exclus)",
                      LABEL_FONT_SIZE, "middle" if diverging else "start", MUTED))
    return drawing


def palette_is_distinct_in_grey(palette: Sequence[colors.Color] = SERIES,
                                minimum: float = 0.15) -> bool:
    """Whether the series tones stay apart once printed in grey (relative luminance)."""
    def luminance(c: colors.Color) -> float:
        return 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue
    values = sorted(luminance(c) for c in palette)
    return all(b - a >= minimum for a, b in zip(values, values[1:]))
