"""Geometry of the diverging stacked bar chart of 1–5 items (shared/survey.md §5), free of
any drawing toolkit.

One definition serves every renderer: the PDF bilans draw it with reportlab
(``reporting.charts.likert_diverging``) and the application's results screen can paint
the same rows with a ``QPainter``. Both scale the same abstract units to their canvas:
an x is a **percentage of the valid answers** (« non concerné » and blanks excluded),
from ``axis_min`` to ``axis_max`` — always −100 to 100 around 0 in the diverging layout
(§5.4: a bar's length means the same in every chart), 0 to 100 in the 100 % stacked one. Nothing here measures text or knows a font: the
renderer decides row heights, where labels go and whether a segment's label fits.

Rules of §5, all applied here so that every screen and page agrees:

* the neutral level 3 is split half and half across zero; 2 then 1 extend to the left,
  4 then 5 to the right (the strongest levels outermost), so the segments of a row
  cover exactly 100 units, contiguous, in the order 1 | 2 | 3 | 4 | 5;
* rows are sorted by their share of 4–5 (then by net share, then kept in questionnaire
  order); rows too small for a bar come last, in questionnaire order;
* a row with fewer than 5 valid answers gets **no segment**, only a note
  (« effectif trop faible »), and a row with fewer than 10 carries a caution
  (statistics.py thresholds, §4.4);
* the totals at the ends read « 1–2 : 8 % » and « 4–5 : 75 % »; a segment under 5 %
  carries no label.

The palette is part of the definition (hex strings, usable by reportlab and Qt alike):
diverging dark red / light orange | pale grey | mid blue / dark blue, colour-blind-safe,
five distinct greys when printed in black and white.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pexdesk.core.formatting import NARROW_NBSP, format_number
from pexdesk.core.services.statistics import LOW_N, MIN_N_FOR_PERCENT

LEVELS = (1, 2, 3, 4, 5)
LEVEL_NAMES = ("Très insatisfait", "Insatisfait", "Ni satisfait ni insatisfait", "Satisfait",
               "Très satisfait")
LEVEL_COLOURS = ("#8C0D12", "#F4A582", "#F2F2F2", "#4A8CC4", "#1F5A99")
"""Fill of levels 1 to 5: dark red, light orange | pale grey | mid blue, dark blue (a
red–blue scale, read by deuteranopes and protanopes as orange–blue). Their greys
(0.2126 R + 0.7152 G + 0.0722 B) are 0.16, 0.70, 0.95, 0.51 and 0.32: five tones at
least 0.15 apart, so a black-and-white print still tells every level apart, beside
the side of zero; the pale neutral is outlined so it shows on white paper."""
LEVEL_TEXT_COLOURS = ("#FFFFFF", "#1A1A1A", "#1A1A1A", "#1A1A1A", "#FFFFFF")
"""Colour of a segment's label, readable on its fill."""
OUTLINE_COLOUR = "#6E6E6E"
"""Thin outline of every segment (the pale neutral would vanish on white paper)."""

MIN_LABEL_SHARE = 0.05
"""Segments under 5 % carry no label (§5.5)."""

EN_DASH = "\u2013"

DIVERGING_TICKS = (-100.0, -50.0, 0.0, 50.0, 100.0)
STACKED_TICKS = (0.0, 25.0, 50.0, 75.0, 100.0)


@dataclass(frozen=True)
class Segment:
    """One level's piece of a row, in axis units (percent of the valid answers)."""

    level: int
    x: float
    """Left edge."""
    width: float
    label: str
    """« 38 » (a whole percentage), or "" under 5 %."""

    @property
    def end(self) -> float:
        return self.x + self.width


@dataclass(frozen=True)
class BarRow:
    """One item: its label, its n, and the segments to draw (none when n < 5)."""

    label: str
    code: str
    n: int
    distribution: tuple[int, int, int, int, int]
    segments: tuple[Segment, ...]
    left_total: str
    """« 1–2 : 8 % »; "" when the row has no bar."""
    right_total: str
    """« 4–5 : 75 % »; "" when the row has no bar."""
    note: str
    """What to show instead of a bar: « aucune réponse », « effectif trop faible »; ""."""
    caution: str
    """« à interpréter avec prudence (n < 10) » for 5 ≤ n < 10; "" otherwise."""

    @property
    def has_bar(self) -> bool:
        return bool(self.segments)

    @property
    def n_text(self) -> str:
        return f"n = {format_number(self.n)}"

    def share(self, level: int) -> float:
        return self.distribution[level - 1] / self.n if self.n else 0.0

    @property
    def top2(self) -> float:
        return self.share(4) + self.share(5)

    @property
    def bottom2(self) -> float:
        return self.share(1) + self.share(2)


@dataclass(frozen=True)
class DivergingChart:
    """Rows in display order and the axis to scale them on."""

    rows: tuple[BarRow, ...]
    diverging: bool
    axis_min: float
    axis_max: float
    ticks: tuple[float, ...]

    @property
    def span(self) -> float:
        return self.axis_max - self.axis_min

    def fraction(self, x: float) -> float:
        """``x`` as a fraction of the axis, 0 at ``axis_min`` and 1 at ``axis_max``: a
        renderer's position is ``left + fraction(x) * plot_width``."""
        return (x - self.axis_min) / self.span

    @staticmethod
    def tick_label(tick: float) -> str:
        """Absolute percentages on both sides of zero: « 50 % », « 0 % », « 50 % »."""
        return percent_text(abs(tick))


def percent_text(value: float) -> str:
    """« 75 % » (whole percent, narrow no-break space)."""
    return f"{format_number(value)}{NARROW_NBSP}%"


def _share_label(share: float) -> str:
    return format_number(share * 100) if share >= MIN_LABEL_SHARE else ""


def bar_row(label: str, distribution: Sequence[int], code: str = "", diverging: bool = True,
            low_n_threshold: int = LOW_N) -> BarRow:
    """The row of one item from its counts of answers 1 to 5 (valid answers only)."""
    counts = tuple(int(c) for c in distribution)
    if len(counts) != 5 or any(c < 0 for c in counts):
        raise ValueError(f"five non-negative counts expected, got {distribution!r}")
    n = sum(counts)
    caution = (f"à interpréter avec prudence (n < {low_n_threshold})"
               if MIN_N_FOR_PERCENT <= n < low_n_threshold else "")
    if n < MIN_N_FOR_PERCENT:
        note = "aucune réponse" if n == 0 else "effectif trop faible"
        return BarRow(label, code, n, counts, (), "", "", note, "")
    share = [c / n for c in counts]
    segments: list[Segment] = []
    if diverging:
        half = share[2] * 100 / 2
        segments.append(Segment(3, -half, 2 * half, _share_label(share[2])))
        x = -half
        for level in (2, 1):  # inner then outer, leftwards
            width = share[level - 1] * 100
            x -= width
            segments.append(Segment(level, x, width, _share_label(share[level - 1])))
        x = half
        for level in (4, 5):  # inner then outer, rightwards
            width = share[level - 1] * 100
            segments.append(Segment(level, x, width, _share_label(share[level - 1])))
            x += width
        segments.sort(key=lambda s: s.level)
    else:
        x = 0.0
        for level in LEVELS:
            width = share[level - 1] * 100
            segments.append(Segment(level, x, width, _share_label(share[level - 1])))
            x += width
    bottom2, top2 = share[0] + share[1], share[3] + share[4]
    return BarRow(label, code, n, counts, tuple(segments),
                  f"1{EN_DASH}2 : {percent_text(bottom2 * 100)}",
                  f"4{EN_DASH}5 : {percent_text(top2 * 100)}", "", caution)


def diverging_chart(items: Iterable[object], diverging: bool = True,
                    sort: bool = True) -> DivergingChart:
    """The chart of ``items``: ``ScoreSummary`` objects (or anything with ``label``,
    ``distribution`` and optionally ``code`` and ``low_n_threshold``), or
    ``(label, distribution)`` pairs.

    The diverging axis is always −100…100 (§5.4), whatever the bars reach: a bar's
    length then means the same in every bilan and on every screen, so that two charts
    side by side compare at a glance; the stacked axis is 0…100."""
    rows = []
    for item in items:
        if isinstance(item, tuple):
            label, distribution = item
            rows.append(bar_row(label, distribution, diverging=diverging))
        else:
            rows.append(bar_row(item.label, item.distribution, getattr(item, "code", ""),
                                diverging, getattr(item, "low_n_threshold", LOW_N)))
    if sort:
        drawn = [r for r in rows if r.has_bar]
        drawn.sort(key=lambda r: (-r.top2, -(r.top2 - r.bottom2)))  # stable: ties keep order
        rows = drawn + [r for r in rows if not r.has_bar]
    if diverging:
        return DivergingChart(tuple(rows), True, -100.0, 100.0, DIVERGING_TICKS)
    return DivergingChart(tuple(rows), False, 0.0, 100.0, STACKED_TICKS)
