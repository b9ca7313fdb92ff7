"""Charts of the bilans: geometry of the Likert bars, the one font everywhere, greys that
stay apart in black and white, and the French formatting helpers they rely on."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.graphics.shapes import Group, Rect, String

from pexdesk.core.formatting import (format_change, format_month_short, format_period,
                                     format_signed, plural)
from pexdesk.core.services.reporting import charts
from pexdesk.core.services.reporting.charts import LikertRow, likert_segments

MONTHS = [date(2025, m, 1) for m in range(1, 13)]


def strings(node) -> list[String]:
    found = []
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            found.append(child)
        elif isinstance(child, Group):
            found += strings(child)
    return found


def all_charts():
    return [
        charts.monthly_bars(MONTHS, [("Dossiers", list(range(12))), ("Avis", [3] * 12)], 400,
                            160, "Nombre par mois"),
        charts.trend_line(MONTHS, [1.0, None, 3.0] * 4, 200, 100, "nb", "Nombre"),
        charts.trend_line(MONTHS, [35.5] * 12, 200, 100, "%", "En %"),
        charts.category_bars(["CAF", "Bailleur social"], [("Annuaire", [1, 4]),
                                                         ("Présents", [0, 3])], 400, "Nombre"),
        charts.likert_diverging([LikertRow("Diagnostic", {1: 1, 2: 2, 3: 3, 4: 8, 5: 6}),
                                 LikertRow("Charte", {4: 2, 5: 1})], 450),
    ]


@pytest.mark.parametrize("drawing", all_charts(), ids=lambda d: type(d).__name__)
def test_every_chart_string_and_the_renderer_use_carlito(drawing):
    assert drawing.initialFontName == "Carlito"
    texts = strings(drawing)
    assert texts and all(s.fontName.startswith("Carlito") for s in texts)


def test_monthly_bars_label_axes_and_legend():
    drawing = all_charts()[0]
    texts = {s.text for s in strings(drawing)}
    assert {"Mois", "Nombre par mois", "Dossiers", "Avis", "janv. 25", "juin"} <= texts


@pytest.mark.parametrize("counts", [{1: 1, 2: 2, 3: 3, 4: 8, 5: 6}, {3: 5}, {1: 5}, {5: 9},
                                    {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}])
def test_likert_segments_cover_the_whole_scale_with_neutral_centred(counts):
    row = LikertRow("Item", counts)
    diverging = likert_segments(row)
    assert sum(s.end - s.start for s in diverging) == pytest.approx(1.0)
    neutral = next(s for s in diverging if s.score == 3)
    assert neutral.start == pytest.approx(-neutral.end)
    by_score = {s.score: s for s in diverging}
    for inner, outer in ((1, 2), (2, 3), (3, 4), (4, 5)):  # 1 | 2 | 3 | 4 | 5, left to right
        assert by_score[inner].end == pytest.approx(by_score[outer].start)
    stacked = likert_segments(row, diverging=False)
    assert stacked[0].start == 0 and stacked[-1].end == pytest.approx(1.0)
    assert [s.score for s in stacked] == [1, 2, 3, 4, 5]


def test_likert_rows_under_five_answers_get_no_bar():
    drawing = charts.likert_diverging([LikertRow("Charte", {4: 2, 5: 1})], 450)
    texts = [s.text for s in strings(drawing)]
    assert "n = 3 — effectif trop faible" in texts
    legend_and_bars = [c for c in drawing.contents if isinstance(c, Rect)]
    assert len(legend_and_bars) == 5  # the legend's swatches only


def test_progress_bar_is_a_light_flowable_clamped_to_0_100():
    bar = charts.progress_bar(130, 80)
    assert bar.wrap(500, 500) == (80, 9) and bar.percent == 100
    assert charts.progress_bar(-5).percent == 0


def test_series_tones_stay_apart_in_grey():
    assert charts.palette_is_distinct_in_grey()


def test_nice_ticks_are_round_and_whole_for_counts():
    assert charts.nice_ticks(47) == [0, 10, 20, 30, 40, 50]
    assert charts.nice_ticks(7, 4) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(0) == [0, 1]
    assert all(float(t).is_integer() for t in charts.nice_ticks(3, 4))


def test_french_formatting_helpers():
    assert format_change(35, 26) == "+35\u202f%"
    assert format_change(2, 9) == "\u221278\u202f%"
    assert format_change(3, 0) == "nouveau" and format_change(0, 0) == "–"
    assert format_change(12, 12) == "="
    assert format_signed(-3) == "\u22123" and format_signed(1234) == "+1\u202f234"
    assert plural(1, "réunion") == "1 réunion" and plural(0, "avis", "avis") == "0 avis"
    assert plural(1234, "dossier") == "1\u202f234 dossiers"
    assert format_month_short(date(2026, 2, 1)) == "févr. 2026"
    assert format_period(date(2025, 3, 1), date(2026, 2, 15)) == \
        "du 1er mars 2025 au 15 février 2026"
