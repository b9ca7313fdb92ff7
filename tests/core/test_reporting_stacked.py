"""A table cell's title over its details in smaller type is set as one paragraph per
style (``paragraph.stacked``): its size, lines, fonts and places must be the whole
paragraph's, to the thousandth of a point, and split across pages it must split as the
whole paragraph; anything a run set alone would place otherwise stays one paragraph."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from pexdesk.core.services.reporting.paragraph import Paragraph, StackedRuns, stacked
from pexdesk.core.services.reporting.styles import styles

MUTED = '<font size="7.5" color="#5b6470">'
RUN_STYLES = [("<b>", "</b>"), ('<font size="7.5">', "</font>"), (MUTED, "</font>"),
              ("<i>", "</i>"), ("", "")]
_word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéèàçÉ'’-–:0123456789"), min_size=1,
                max_size=16) | st.sampled_from(["Montbrézac", "18\u00a0novembre", "Pilotes\u00a0:",
                                                "commissaires-priseurs-judiciaires"])


def placed(flowable, width: float) -> tuple[float, list[tuple]]:
    """The flowable's height, and every piece of text it draws: where, in which font and
    size."""
    height = flowable.wrap(width, 10_000)[1]
    out = io.BytesIO()
    canvas = Canvas(out)
    flowable.drawOn(canvas, 50, 100)
    canvas.save()
    pieces: list[tuple] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((round(x, 3), round(y, 3), text, font["/BaseFont"], size))

    PdfReader(out).pages[0].extract_text(visitor_text=visit)
    return height, pieces


@st.composite
def _runs(draw) -> str:
    runs = []
    for _ in range(draw(st.integers(2, 3))):
        opening, closing = draw(st.sampled_from(RUN_STYLES))
        runs.append(f"{opening}{' '.join(draw(st.lists(_word, min_size=1, max_size=12)))}"
                    f"{closing}")
    return "<br/>".join(runs)


@settings(max_examples=200, deadline=None)
@given(text=_runs(), width=st.floats(30, 300),
       style=st.sampled_from(["cell", "cell_small", "cell_header", "body_left"]))
def test_the_runs_are_set_where_the_whole_paragraph_sets_its_lines(text, width, style):
    style = getattr(styles(), style)
    runs = stacked(Paragraph(text, style))
    assert isinstance(runs, StackedRuns)
    assert placed(runs, width) == placed(Paragraph(text, style), width)


@settings(max_examples=100, deadline=None)
@given(text=_runs(), width=st.floats(60, 200), room=st.floats(5, 80))
def test_split_in_a_table_row_it_splits_as_the_whole_paragraph(text, width, room):
    whole = Paragraph(text, styles().cell)
    runs = stacked(Paragraph(text, styles().cell))
    whole.wrap(width, 10_000)
    runs.wrap(width, 10_000)
    expected = whole.split(width + 8, room)
    parts = runs.split(width + 8, room)
    assert len(parts) == len(expected)
    assert [placed(p, width) for p in parts] == [placed(p, width) for p in expected]


def test_a_title_over_its_details_is_stacked():
    runs = stacked(Paragraph(f"<b>Sous-CCAPEX</b><br/>{MUTED}Nord – Montbrézac</font>",
                             styles().cell))
    assert isinstance(runs, StackedRuns) and len(runs.runs) == 2


def test_what_a_run_alone_would_place_otherwise_stays_one_paragraph():
    s = styles()
    for text, style, bullet in [
            ("<b>Titre</b><br/>détail <i>(axe propre)</i>", s.cell, None),  # two styles
            ("<b>Titre</b>", s.cell, None),                                 # no break
            ("<b>Titre</b><br/><br/>détail", s.cell, None),                 # empty run
            ("<b>Titre</b><br/>détail ✓", s.cell, None),                    # fallback face
            ("<b>Titre</b><br/>détail", s.cell_right, None),                # right aligned
            ("<b>Titre</b><br/>détail", s.bullet, "•"),                     # a bullet
            ('<a href="#h1">Titre</a><br/>détail', s.cell, None)]:          # a link
        whole = Paragraph(text, style, bulletText=bullet)
        assert stacked(whole) is whole, text
