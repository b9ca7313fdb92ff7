"""Charts of the bilans: the reportlab drawing of the Likert bars (their geometry is tested in
test_charts_geometry.py), the one font everywhere, greys that stay apart in black and white,
and the French formatting helpers they rely on."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.graphics.shapes import Group, Rect, String

from pexdesk.core.formatting import (format_change, format_month_short, format_period,
                                     format_period_short,
                                     format_signed, plural)
from pexdesk.core.services.charts_geometry import diverging_chart
from pexdesk.core.services.reporting import charts, styles
from pexdesk.core.services.statistics import ScoreSummary

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
        charts.likert_diverging([("Diagnostic", (1, 2, 3, 8, 6)), ("Charte", (0, 0, 0, 2, 1))],
                                450),
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


def rects(drawing) -> list[Rect]:
    return [c for c in drawing.contents if isinstance(c, Rect)]


def test_likert_rows_under_five_answers_get_no_bar():
    drawing = charts.likert_diverging([("Charte", (0, 0, 0, 2, 1))], 450)
    texts = [s.text for s in strings(drawing)]
    assert "n = 3" in texts and "effectif trop faible pour un pourcentage" in texts
    assert len(rects(drawing)) == 5  # the legend's swatches only


def test_likert_drawing_places_the_geometry_segments_on_its_axis():
    """The drawing is the geometry scaled: each bar's rectangles, in the order of the
    levels, have the widths of the segments times one scale, and meet at zero."""
    items = [ScoreSummary("Diagnostic", (1, 2, 3, 8, 6)),
             ScoreSummary("Animation", (0, 4, 2, 2, 2)),
             ScoreSummary("Charte", (1, 1, 0, 1, 0))]  # n = 3: no bar
    drawing = charts.likert_diverging(items, 450)
    bars = rects(drawing)[5:]
    geometry = diverging_chart(items)
    segments = [s for row in geometry.rows for s in row.segments if s.width > 0]
    assert len(bars) == len(segments) == 9  # a level nobody chose draws nothing
    scale = bars[0].width / segments[0].width
    assert [b.width / scale for b in bars] == pytest.approx([s.width for s in segments])
    zero = bars[0].x - segments[0].x * scale
    assert [b.x for b in bars] == pytest.approx([zero + s.x * scale for s in segments])
    texts = [s.text for s in strings(drawing)]
    assert texts.index("Diagnostic") < texts.index("Animation") < texts.index("Charte")
    assert {"n = 20", "n = 10", "n = 3", "4–5 : 70\u202f%", "1–2 : 15\u202f%"} <= set(texts)
    assert "à interpréter avec prudence (n < 10)" not in " ".join(texts)


def test_likert_rows_under_ten_carry_the_caution():
    drawing = charts.likert_diverging([("Réécriture de la charte", (1, 1, 2, 2, 1))], 450)
    texts = " ".join(s.text for s in strings(drawing))
    assert "n = 7" in texts and "à interpréter avec prudence (n < 10)" in texts


def test_likert_palette_stays_apart_in_grey():
    assert charts.palette_is_distinct_in_grey(styles.LIKERT, 0.15)


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
    assert format_period(date(2026, 5, 12), date(2026, 5, 12)) == "le 12 mai 2026"
    assert format_period(date(2026, 5, 12), date(2026, 5, 12), single="du") == "du 12 mai 2026"
    assert format_period_short(date(2026, 5, 12), date(2026, 5, 12)) == "12 mai 2026"


LONG_LABEL = ("Identification et partage du rôle de chacun des partenaires de la prévention des "
              "expulsions (cartographie des partenaires, de leurs missions et de leurs "
              "interlocuteurs)")


def drawn_right_edge(text: String) -> float:
    return text.x + charts._width(text.text, text.fontSize, text.fontName.endswith("Bold"))


@pytest.mark.parametrize("distribution", [(1, 2, 3, 8, 6), (1, 1, 2, 2, 1)],
                         ids=["n=20", "n=7 with its caution"])
def test_a_long_likert_label_wraps_on_whole_words_inside_the_drawing(distribution):
    assert len(LONG_LABEL) > 150
    drawing = charts.likert_diverging([(LONG_LABEL, distribution)], 450)
    texts = strings(drawing)
    assert all(drawn_right_edge(t) <= drawing.width + 0.01 for t in texts)
    assert all(t.x >= 0 and 0 <= t.y <= drawing.height for t in texts)
    label_lines = [t.text for t in texts if t.fontName == "Carlito-Bold"
                   and not t.text.startswith(("n =", "4–5"))]
    assert len(label_lines) >= 2
    assert " ".join(label_lines) == LONG_LABEL  # every word, none cut
    bar_top = max(r.y + r.height for r in rects(drawing)[5:])
    assert min(t.y for t in texts if t.text in label_lines) > bar_top  # above its bar


def test_fit_cuts_at_a_word_and_closes_the_guillemet():
    text = "Bilan de satisfaction · campagne « Enquête de satisfaction des partenaires 2026 »"
    short = charts.fit(text, 200, 8, bold=False)
    assert short == "Bilan de satisfaction · campagne « Enquête de satisfaction…\u202f»"
    assert charts._width(short, 8) <= 200
    assert charts.fit("Anticonstitutionnellement", 40, 8).endswith("…")
    assert charts.fit("Court", 200) == "Court"
