"""The bilans' canvas writes a plain string itself: what it writes must be what
reportlab's canvas writes, for any string, left, right or centred, in any font and size,
the characters past a font subset's first 256 included; a string drawn with options
(spacing, render mode) must still go through reportlab."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from pexdesk.core.services.reporting.document import ReportCanvas
from pexdesk.core.services.reporting.fonts import BOLD, FALLBACK, REGULAR, register_fonts, runs

_DRAWS = ("drawString", "drawRightString", "drawCentredString")


def _drawn(canvas_class, texts: list[str], font: str = BOLD, size: float = 8.5,
           leading: float | None = None, draw: str = "drawString", **options) -> str:
    register_fonts()
    runs("✓", REGULAR)  # registers the fallback faces
    canvas = canvas_class(io.BytesIO())
    canvas.setFont(font, size, leading)
    for index, text in enumerate(texts):
        getattr(canvas, draw)(12.5 + index, 700 - 10 * index, text, **options)
    return canvas.getCurrentPageContent()


@settings(max_examples=300)
@given(texts=st.lists(st.text(st.characters(blacklist_categories=("Cs",))), max_size=4),
       font=st.sampled_from([BOLD, REGULAR, FALLBACK, "Helvetica"]),
       size=st.sampled_from([7.5, 8, 9.25]), leading=st.sampled_from([None, 11]),
       draw=st.sampled_from(_DRAWS))
def test_a_plain_string_is_written_as_reportlab_writes_it(texts, font, size, leading, draw):
    assert (_drawn(ReportCanvas, texts, font, size, leading, draw)
            == _drawn(Canvas, texts, font, size, leading, draw))


def test_strings_past_the_first_subset_are_written_as_reportlab_writes_them():
    many = "".join(chr(c) for c in range(0x20, 0x250))
    texts = [many, "Arrêté é", many[::-1], "ɐ e ɐ"]
    for draw in _DRAWS:
        assert _drawn(ReportCanvas, texts, draw=draw) == _drawn(Canvas, texts, draw=draw)


def test_a_string_with_options_is_written_as_reportlab_writes_it():
    for draw in _DRAWS:
        for options in ({"charSpace": 1}, {"wordSpace": 2}, {"mode": 1}):
            assert (_drawn(ReportCanvas, ["Très bien"], draw=draw, **options)
                    == _drawn(Canvas, ["Très bien"], draw=draw, **options))


def _linked(canvas_class, links, shift: float, fits: list[str]) -> bytes:
    """The file of a canvas with a bookmark on each page (fitted as ``fits`` says) and,
    on the first, ``links`` (rectangle, page, border thickness) drawn in a translated
    space."""
    written = io.BytesIO()
    canvas = canvas_class(written, invariant=1)
    canvas.translate(shift, -shift)
    for rect, page, thickness in links:
        canvas.linkRect("", f"page-{page}", rect, relative=1, thickness=thickness)
    for page, fit in enumerate(fits):
        canvas.bookmarkPage(f"page-{page}", fit=fit, left=10, top=20, zoom=0)
        canvas.showPage()
    canvas.save()
    return written.getvalue()


_numbers = st.floats(-1e5, 1e5) | st.integers(-10 ** 4, 10 ** 4)


@settings(max_examples=150)
@given(links=st.lists(st.tuples(st.tuples(_numbers, _numbers, _numbers, _numbers),
                                st.integers(0, 2), st.sampled_from([0, 0, 0, 1])),
                      max_size=6),
       shift=st.sampled_from([0, 12.5]),
       fits=st.lists(st.sampled_from(["Fit", "Fit", "XYZ", "FitH"]), min_size=3, max_size=3))
def test_links_are_written_as_reportlab_writes_them(links, shift, fits):
    """Links to a place in the document: those without border nor text are written by
    the bilans' canvas, the others (and destinations not fitting their page) by
    reportlab."""
    assert _linked(ReportCanvas, links, shift, fits) == _linked(Canvas, links, shift, fits)
