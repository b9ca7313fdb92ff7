"""Charts of the bilans: the reportlab drawing of the Likert bars (their geometry is tested in
test_charts_geometry.py), the one font everywhere (but the symbols of labels, in the
fallback), greys that stay apart in black and white, and the French formatting helpers they
rely on."""

from __future__ import annotations

import io
from datetime import date

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Group, Line, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from pexdesk.core.formatting import (MONTHS_SHORT, format_change, format_month_short,
                                     format_number, format_period, format_period_short,
                                     format_signed, plural)
from pexdesk.core.reference.treve import month_in_treve
from pexdesk.core.services.charts_geometry import diverging_chart
from pexdesk.core.services.reporting import chart_shapes, charts, styles
from pexdesk.core.services.reporting.fonts import register_fonts
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


class RecordingCanvas(Canvas):
    """A canvas that notes each mark painted on it with what of the graphics state shows
    in it (stroke colour, width, caps and joins when stroked; fill colour when filled), and
    the fonts set."""

    def __init__(self):
        self.marks: list[tuple] = []
        self.fonts: set[str] = set()
        super().__init__(io.BytesIO())

    def _mark(self, what: tuple, stroke: bool, fill: bool) -> None:
        stroked = stroke and (self._strokeColorObj, self._lineWidth, self._lineCap,
                              self._lineJoin)
        self.marks.append((*what, self._currentMatrix, stroked, fill and self._fillColorObj))

    def setFont(self, name, size, leading=None):
        self.fonts.add(name)
        super().setFont(name, size, leading)

    def rect(self, x, y, width, height, stroke=1, fill=0):
        self._mark(("rect", x, y, width, height), bool(stroke), bool(fill))
        super().rect(x, y, width, height, stroke, fill)

    def line(self, x1, y1, x2, y2):
        self._mark(("line", x1, y1, x2, y2), True, False)
        super().line(x1, y1, x2, y2)

    def drawPath(self, path, stroke=1, fill=0, fillMode=None):
        self._mark(("path", path.getCode()), bool(stroke), bool(fill))
        super().drawPath(path, stroke, fill, fillMode)

    def drawString(self, x, y, text, *args, **kwargs):
        self._mark(("string", x, y, text, self._fontname, self._fontsize), False, True)
        super().drawString(x, y, text, *args, **kwargs)


def turned_label_between_labels():
    """A colour and a width set inside a turned group, then needed again after it, where
    the canvas is back to what it was before the group."""
    drawing = charts.new_drawing(100, 100)
    drawing.add(String(10, 10, "avant", fontName="Carlito", fillColor=styles.INK))
    drawing.add(Line(0, 0, 50, 0, strokeColor=styles.RULE, strokeWidth=0.8))
    turned = Group(String(0, 0, "tourné", fontName="Carlito-Bold", fillColor=styles.ACCENT),
                   Line(0, 0, 0, 50, strokeColor=styles.PRIMARY, strokeWidth=2))
    turned.translate(50, 50)
    turned.rotate(90)
    drawing.add(turned)
    drawing.add(String(10, 90, "après", fontName="Carlito-Bold", fillColor=styles.ACCENT))
    drawing.add(Line(0, 100, 50, 100, strokeColor=styles.PRIMARY, strokeWidth=2))
    return drawing


def drawings_to_paint():
    return all_charts() + [
        charts.trend_line(MONTHS, [4.0] * 12, 200, 100, "nb", "Nombre",
                          [month_in_treve(m) for m in MONTHS]),
        charts.category_bars(["CAF", "CCAS ❤"], [("Annuaire", [1, 4])], 400, "Nombre"),
        charts.likert_diverging([("Accueil ★ et écoute ✓", (1, 2, 3, 8, 6))], 450),
        turned_label_between_labels()]


@pytest.mark.parametrize("drawing", all_charts(), ids=lambda d: type(d).__name__)
def test_every_chart_string_and_the_painting_use_carlito(drawing):
    texts = strings(drawing)
    assert texts and all(s.fontName.startswith("Carlito") for s in texts)
    canvas = RecordingCanvas()
    drawing.drawOn(canvas, 0, 0)
    assert canvas.fonts and all(name.startswith("Carlito") for name in canvas.fonts)


@pytest.mark.parametrize("drawing", drawings_to_paint(), ids=lambda d: type(d).__name__)
def test_a_chart_leaves_the_marks_reportlab_renderer_leaves(drawing):
    """Painted straight on the page, a chart leaves what reportlab's renderer would: each
    rectangle, line, path and string at the same place, in the same colours, line width,
    font and transform, in the same order."""
    ours, reportlabs = RecordingCanvas(), RecordingCanvas()
    drawing.drawOn(ours, 0, 0)
    renderPDF.draw(drawing, reportlabs, 0, 0)
    assert len(ours.marks) >= 4
    assert ours.marks == reportlabs.marks


@pytest.mark.parametrize(("made", "constructed"), [
    (chart_shapes.rect(1, 2.5, 30, 4, fillColor=styles.SHADE, strokeColor=None),
     Rect(1, 2.5, 30, 4, fillColor=styles.SHADE, strokeColor=None)),
    (chart_shapes.line(0, 1, 5, 1, strokeColor=styles.GRID, strokeWidth=0.5),
     Line(0, 1, 5, 1, strokeColor=styles.GRID, strokeWidth=0.5)),
    (chart_shapes.string(3, 4, "mars", fontName="Carlito", fontSize=7, fillColor=styles.INK,
                         textAnchor="middle"),
     String(3, 4, "mars", fontName="Carlito", fontSize=7, fillColor=styles.INK,
            textAnchor="middle")),
    (chart_shapes.string(3, 4, "x"), String(3, 4, "x")),
], ids=["rect", "line", "string", "defaults"])
def test_a_shape_made_cheaply_is_the_one_its_constructor_makes(made, constructed):
    assert type(made) is type(constructed)
    assert vars(made) == vars(constructed)


def test_a_chart_drawing_adds_what_reportlab_adds():
    """Appended without reportlab's check, in order; a named node still gets its name."""
    drawing, reference = charts.new_drawing(10, 10), Group()
    first, second = String(0, 0, "a"), Line(0, 0, 1, 1)
    for node in (drawing, reference):
        node.add(first)
        node.add(second, name="rule")
    assert drawing.contents == reference.contents == [first, second]
    assert drawing.rule is second


def test_a_shape_the_painter_does_not_know_is_refused_rather_than_left_out():
    drawing = charts.new_drawing(100, 100)
    drawing.add(Circle(50, 50, 10))
    with pytest.raises(TypeError, match="Circle"):
        drawing.drawOn(RecordingCanvas(), 0, 0)


def test_monthly_bars_label_axes_and_legend():
    drawing = all_charts()[0]
    texts = {s.text for s in strings(drawing)}
    assert {"Mois", "Nombre par mois", "Dossiers", "Avis", "janv. 25", "juin"} <= texts


def month_labels(drawing) -> list[str]:
    return [s.text for s in strings(drawing) if s.text.split()[0] in MONTHS_SHORT]


def months_from(first: date, count: int) -> list[date]:
    index = first.year * 12 + first.month - 1
    return [date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(count)]


@pytest.mark.parametrize("first, count", [(date(2021, 12, 1), 60), (date(2025, 12, 1), 12),
                                          (date(2024, 7, 1), 30), (date(2010, 1, 1), 200),
                                          (date(2026, 2, 1), 1)])
@pytest.mark.parametrize("spacing", [1, 2.5, 4, 8, 15, 30])
def test_month_ticks_tell_the_year_of_every_label_and_never_collide(first, count, spacing):
    """The first label and every January carry the year, and the labelled months are
    calendar-aligned (a step dividing a year, or whole years): no year change between
    two labels goes unmarked."""
    months = months_from(first, count)
    register_fonts()
    ticks = charts.month_ticks(months, spacing)
    assert ticks and ticks[0][1].endswith(f" {months[ticks[0][0]].year % 100:02d}")
    for (i, a), (j, b) in zip(ticks, ticks[1:]):
        assert len(b.split()) == 2 or months[j].year == months[i].year, (a, b)
        assert len(b.split()) == 1 or months[j].month == 1
        assert (charts._width(a) + charts._width(b)) / 2 < (j - i) * spacing
    steps = {j - i for (i, _), (j, _) in zip(ticks, ticks[1:])}
    assert len(steps) <= 1 and steps <= set(charts.MONTH_STEPS)


def test_charts_of_the_same_months_label_the_same_months():
    """Five years (the QA's « déc. 21, avr., août, déc., avr. » read as one year): the full
    width bars label more months than the trends of the grid, but every January, and the
    trends all label the same months whatever their values."""
    months = months_from(date(2021, 12, 1), 60)
    bars = charts.monthly_bars(months, [("Dossiers", [3] * 60), ("Avis", [2] * 60)],
                               styles.FRAME_WIDTH, 160, "Nombre")
    trends = [charts.trend_line(months, values, styles.FRAME_WIDTH / 2, 120, unit, "Nombre")
              for values, unit in (([4.0] * 60, "nb"), ([96.0] * 60, "nb"),
                                   ([43.3] * 60, "%"))]
    januaries = [f"janv. {year}" for year in range(22, 27)]
    assert [label for label in month_labels(bars) if label.startswith("janv.")] == januaries
    assert len(month_labels(bars)) > len(januaries)
    assert all(month_labels(trend) == januaries for trend in trends)


DIGIT_HEIGHT = 0.66
"""Height of Carlito's digits, in ems (a little over its cap height): a number has
neither accents above nor descenders below."""


def ink_box(node) -> tuple[float, float, float, float]:
    """The box a text inks, turned with its group: a number's digits only, any other text
    the font's whole line (ascent and descent)."""
    if not text_of(node).replace("\u202f", "").isdigit():
        return node.getBounds()
    string = node if isinstance(node, String) else strings(node)[0]
    x0, _, x1, _ = string.getBounds()
    y0, y1 = string.y, string.y + DIGIT_HEIGHT * string.fontSize
    a, b, c, d, e, f = node.transform if isinstance(node, Group) else (1, 0, 0, 1, 0, 0)
    xs, ys = zip(*[(a * x + c * y + e, b * x + d * y + f) for x in (x0, x1) for y in (y0, y1)])
    return min(xs), min(ys), max(xs), max(ys)


def colliding_values(drawing, values: set[str], gap: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of texts of ``drawing``, one of them a value written over a bar, whose inked
    boxes (turned ones included) are less than ``gap`` points apart: two numbers touching
    read as one (« 9 9999 998 »)."""
    base = min(r.y for r in rects(drawing))  # the bars' foot
    boxes = [(node, ink_box(node)) for node in drawing.contents
             if isinstance(node, (String, Group))]

    def over_a_bar(node, box) -> bool:
        return box[1] >= base - 2 and text_of(node) in values

    return [(text_of(a), text_of(b)) for n, (a, p) in enumerate(boxes)
            for b, q in boxes[n + 1:]
            if (over_a_bar(a, p) or over_a_bar(b, q)) and p[0] < q[2] + gap
            and q[0] < p[2] + gap and p[1] < q[3] + gap and q[1] < p[3] + gap]


def text_of(node) -> str:
    return node.text if isinstance(node, String) else strings(node)[0].text


FOUR_DIGITS = [0] * 5 + [9999] + [0] * 6


@pytest.mark.parametrize("series, count", [
    ([("Dossiers", FOUR_DIGITS), ("Avis", [v - 1 if v else 0 for v in FOUR_DIGITS])], 12),
    ([("Dossiers", [1234, 5, 99999, 47] * 3)], 12),
    ([("A", [350, 999, 1000] * 4), ("B", [12] * 12), ("C", [1234] * 12)], 12),
    ([("Dossiers", [1200 + i for i in range(24)]), ("Avis", [1190 + i for i in range(24)])],
     24),
    ([("Dossiers", [31, 33, 27, 38, 23, 27, 26, 47, 24, 33, 29, 34]),
      ("Avis", [27, 33, 23, 36, 19, 25, 26, 45, 19, 31, 27, 31])], 12),
], ids=["9 999 beside 9 998", "one series", "three series", "24 months", "demo"])
def test_bar_values_never_collide_and_stay_in_the_drawing(series, count):
    """The QA's « 9 9999 998 »: values are shrunk, then turned, never overlapped."""
    drawing = charts.monthly_bars(MONTHS * (count // 12), series, styles.FRAME_WIDTH, 180,
                                  "Nombre par mois")
    values = {format_number(v) for _, numbers in series for v in numbers}
    assert colliding_values(drawing, values) == []
    x0, y0, x1, y1 = drawing.getBounds()
    assert x0 >= 0 and y0 >= 0 and x1 <= drawing.width + 0.01 and y1 <= drawing.height + 0.01
    written = [text_of(n) for n in drawing.contents if isinstance(n, (String, Group))]
    assert values <= set(written)  # every value written, at 6 points or more
    assert min(s.fontSize for s in strings(drawing)) >= 6


def test_bar_values_turn_only_when_too_wide_for_their_bar():
    drawing = all_charts()[0]  # twelve months, values under 12: all across, in 7 points
    assert [text_of(n) for n in drawing.contents if isinstance(n, Group)] == ["Nombre par mois"]
    four = charts.monthly_bars(MONTHS, [("Dossiers", FOUR_DIGITS), ("Avis", FOUR_DIGITS)],
                               styles.FRAME_WIDTH, 180, "Nombre par mois")
    turned = [text_of(n) for n in four.contents if isinstance(n, Group)]
    assert turned == ["Nombre par mois", "9\u202f999", "9\u202f999"]  # the zeros stay across


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


def label_runs(drawing, pieces: set[str]) -> list[String]:
    return [t for t in strings(drawing) if t.text in pieces]


def test_symbols_of_an_item_label_are_set_in_the_fallback_on_the_same_baseline():
    """Survey items are typed by people: their symbols and emoji are drawn, not dropped,
    bold like the label, each run starting where the one before it ends."""
    drawing = charts.likert_diverging([("Accueil ★ et écoute ✓👍", (1, 2, 3, 8, 6))], 450)
    runs = label_runs(drawing, {"Accueil ", "★", " et écoute ", "✓", "👍"})
    assert [(t.text, t.fontName) for t in runs] == [
        ("Accueil ", "Carlito-Bold"), ("★", "DejaVuSans-Bold"), (" et écoute ", "Carlito-Bold"),
        ("✓", "DejaVuSans-Bold"), ("👍", "NotoEmoji-Bold")]
    for before, after in zip(runs, runs[1:]):
        assert after.y == before.y and after.fontSize == before.fontSize
        assert after.x == pytest.approx(
            before.x + stringWidth(before.text, before.fontName, before.fontSize))


def test_a_right_aligned_label_with_a_symbol_ends_where_a_plain_one_does():
    drawing = charts.category_bars(["CAF", "CCAS ❤"], [("Annuaire", [1, 4])], 400, "Nombre")
    plain = label_runs(drawing, {"CAF"})[0]
    runs = label_runs(drawing, {"CCAS ", "❤"})
    assert [t.fontName for t in runs] == ["Carlito", "DejaVuSans"]
    assert plain.textAnchor == "end"
    assert runs[-1].x + stringWidth("❤", "DejaVuSans", runs[-1].fontSize) == \
        pytest.approx(plain.x)
    assert charts._width("CCAS ❤") == pytest.approx(
        stringWidth("CCAS ", "Carlito", charts.AXIS_FONT_SIZE)
        + stringWidth("❤", "DejaVuSans", charts.AXIS_FONT_SIZE))
