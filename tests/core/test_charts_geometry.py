"""The diverging stacked bar chart's geometry (shared/survey.md §5), shared by the PDF and the
application's results screen: segments in axis units, neutral centred on zero, 2 then 1
leftwards and 4 then 5 rightwards, 100 % of the valid answers, no segment under n = 5."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pexdesk.core.services import charts_geometry
from pexdesk.core.services.charts_geometry import (LEVEL_COLOURS, LEVEL_NAMES, bar_row,
                                                   diverging_chart)
from pexdesk.core.services.statistics import ScoreSummary, summarize

DISTRIBUTIONS = [(1, 2, 3, 8, 6), (0, 0, 5, 0, 0), (5, 0, 0, 0, 0), (0, 0, 0, 0, 9),
                 (1, 1, 1, 1, 1), (3, 0, 0, 0, 4), (0, 7, 0, 3, 0), (114, 0, 0, 0, 49)]


def by_level(row):
    return {s.level: s for s in row.segments}


@pytest.mark.parametrize("distribution", DISTRIBUTIONS, ids=str)
def test_segments_cover_100_percent_of_the_axis_contiguously(distribution):
    row = bar_row("Item", distribution)
    assert [s.level for s in row.segments] == [1, 2, 3, 4, 5]
    assert sum(s.width for s in row.segments) == pytest.approx(100.0)
    levels = by_level(row)
    for inner, outer in ((1, 2), (2, 3), (3, 4), (4, 5)):  # 1 | 2 | 3 | 4 | 5, left to right
        assert levels[inner].end == pytest.approx(levels[outer].x)
    for segment in row.segments:
        assert segment.width == pytest.approx(100 * distribution[segment.level - 1] / row.n)


@pytest.mark.parametrize("distribution", DISTRIBUTIONS, ids=str)
def test_neutral_is_split_across_zero_and_strongest_levels_are_outermost(distribution):
    levels = by_level(bar_row("Item", distribution))
    neutral = levels[3]
    assert neutral.x == pytest.approx(-neutral.end)  # centred on zero
    assert levels[2].end == pytest.approx(neutral.x) and levels[2].end <= 0  # 2 next to it…
    assert levels[1].end == pytest.approx(levels[2].x)                       # …then 1, leftwards
    assert levels[4].x == pytest.approx(neutral.end) and levels[4].x >= 0    # 4 next to it…
    assert levels[5].x == pytest.approx(levels[4].end)                       # …then 5, rightwards


def test_labels_totals_and_no_label_under_five_percent():
    row = bar_row("Diagnostic", (1, 2, 3, 8, 6))  # n = 20: 5 %, 10 %, 15 %, 40 %, 30 %
    assert [s.label for s in row.segments] == ["5", "10", "15", "40", "30"]
    tiny = bar_row("Tiny", (1, 0, 0, 10, 10))  # 1/21 = 4.8 %
    assert by_level(tiny)[1].label == "" and by_level(tiny)[1].width > 0
    assert row.left_total == "1–2 : 15\u202f%" and row.right_total == "4–5 : 70\u202f%"
    assert row.n_text == "n = 20" and row.note == "" and row.caution == ""


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4])
def test_fewer_than_five_answers_give_no_segment(n):
    row = bar_row("Charte", (0, 0, 0, n, 0))
    assert row.segments == () and not row.has_bar
    assert row.left_total == row.right_total == ""
    assert row.note == ("aucune réponse" if n == 0 else "effectif trop faible")


@pytest.mark.parametrize("n, caution", [(5, True), (9, True), (10, False), (30, False)])
def test_a_caution_under_ten(n, caution):
    row = bar_row("Item", (0, 0, 0, 0, n))
    assert row.has_bar
    assert row.caution == ("à interpréter avec prudence (n < 10)" if caution else "")


def test_rows_sorted_by_share_of_4_and_5_small_ones_last_in_their_order():
    items = [ScoreSummary("A", (0, 0, 5, 5, 0)),   # 50 %
             ScoreSummary("B", (0, 0, 0, 1, 0)),   # n = 1: no bar
             ScoreSummary("C", (0, 0, 1, 4, 5)),   # 90 %
             ScoreSummary("D", (2, 0, 3, 5, 0)),   # 50 %, net 30 % (below A's 50 %)
             ScoreSummary("E", (0, 0, 0, 0, 0)),   # n = 0
             ScoreSummary("F", (0, 0, 1, 2, 7))]   # 90 %, same as C and same net: C first
    chart = diverging_chart(items)
    assert [r.label for r in chart.rows] == ["C", "F", "A", "D", "B", "E"]
    assert [r.label for r in diverging_chart(items, sort=False).rows] == list("ABCDEF")


@pytest.mark.parametrize("distributions", [
    [(0, 0, 2, 8, 0), (1, 1, 8, 0, 0)],  # reaches 90 % to the right
    [(2, 2, 2, 2, 2)],                   # reaches 50 % each way
    [(0, 0, 10, 0, 0)],                  # 5 % each way
    [(0, 0, 0, 1, 0)],                   # no bar at all
    [],
], ids=str)
def test_the_diverging_axis_is_always_minus_100_to_100(distributions):
    """§5.4: whatever the bars reach, so a bar's length means the same in every bilan
    (the axis used to be ±50, ±75 or ±100 % from one bilan to the next)."""
    chart = diverging_chart([("Item", d) for d in distributions])
    assert (chart.axis_min, chart.axis_max) == (-100, 100)
    assert chart.ticks == (-100, -50, 0, 50, 100)
    assert [chart.tick_label(t) for t in chart.ticks] == [
        "100\u202f%", "50\u202f%", "0\u202f%", "50\u202f%", "100\u202f%"]
    assert chart.fraction(0) == 0.5 and chart.fraction(-100) == 0 and chart.fraction(100) == 1
    assert len(chart.rows) == len(distributions)


def test_stacked_layout_runs_from_0_to_100_in_level_order():
    chart = diverging_chart([("A", (1, 2, 3, 8, 6))], diverging=False)
    row = chart.rows[0]
    assert (chart.axis_min, chart.axis_max) == (0, 100)
    assert row.segments[0].x == 0 and row.segments[-1].end == pytest.approx(100)
    assert [s.level for s in row.segments] == [1, 2, 3, 4, 5]


@given(st.lists(st.one_of(st.integers(1, 5), st.just("NC"), st.none()), max_size=120))
def test_any_summary_gives_a_whole_bar_or_none(answers):
    summary = summarize(answers, "Item")
    row = diverging_chart([summary]).rows[0]
    assert row.n == summary.n and row.has_bar == summary.shows_percentage
    if row.has_bar:
        assert sum(s.width for s in row.segments) == pytest.approx(100.0)
        assert row.top2 == pytest.approx(summary.top2_share)
        assert by_level(row)[3].x == pytest.approx(-by_level(row)[3].end)


def test_bad_distributions_are_refused():
    with pytest.raises(ValueError):
        bar_row("x", (1, 2, 3))
    with pytest.raises(ValueError):
        bar_row("x", (1, -2, 3, 0, 0))


def test_the_geometry_imports_neither_a_toolkit_nor_reportlab():
    """One definition for the PDF and the Qt results screen: nothing here may depend on
    either renderer."""
    tree = ast.parse(Path(charts_geometry.__file__).read_text(encoding="utf-8"))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not [m for m in modules if m.split(".")[0] in ("reportlab", "PySide6", "shiboken6")]
    assert len(LEVEL_COLOURS) == len(LEVEL_NAMES) == 5
