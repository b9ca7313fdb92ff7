"""The bilans' canvas writes a plain string itself: what it writes must be what
reportlab's canvas writes, for any string, left, right or centred, in any font and size,
the characters past a font subset's first 256 included; a string drawn with options
(spacing, render mode) must still go through reportlab."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from pexdesk.core.services.reporting.document import PageSlot, ReportCanvas
from pexdesk.core.services.reporting.fonts import BOLD, FALLBACK, REGULAR, register_fonts, runs
from pexdesk.core.services.reporting.styles import INK, MUTED

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


def _numbered(canvas_class, late, texts: dict[str, str], font: str, color=INK,
              in_slot: bool = True) -> str:
    """The content of a page whose late strings (key, x, y, size) are given their text
    at the end (``ReportCanvas``), or drawn in place as reportlab draws them
    (``Canvas``): translated to their place, the string right-aligned there in its own
    state; ``in_slot``: each in a contents' ``PageSlot`` (in ``INK``), translated again
    within it."""
    register_fonts()
    canvas = canvas_class(io.BytesIO())
    for face in (REGULAR, BOLD):  # both canvases number the faces in the same order
        canvas.setFont(face, 8)
        canvas.drawString(0, 0, "x")
    for key, x, y, size in late:
        if canvas_class is ReportCanvas and in_slot:
            PageSlot(key, 30, ParagraphStyle("slot", fontName=font, fontSize=size)).drawOn(
                canvas, x, y)
        elif canvas_class is ReportCanvas:
            canvas.draw_late_string(key, font, size, color, x, y)
        else:
            canvas.saveState()
            canvas.translate(x, y)
            if in_slot:
                canvas.saveState()
                canvas.translate(30, 2)
            canvas.saveState()
            canvas.setFont(font, size)
            canvas.setFillColor(color)
            canvas.drawRightString(0, 0, texts[key])
            canvas.restoreState()
            if in_slot:
                canvas.restoreState()
            canvas.restoreState()
    canvas.showPage()
    if canvas_class is ReportCanvas:
        canvas.draw_late_strings(texts)
    return canvas._doc.Pages.pages[0].stream


_late = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), _numbers, _numbers,
                           st.sampled_from([7.5, 8, 9.25])), max_size=4)
_late_texts = st.fixed_dictionaries(
    {key: st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) for key in "abc"})


@settings(max_examples=150)
@given(late=_late, texts=_late_texts, font=st.sampled_from([BOLD, REGULAR, "Helvetica"]))
def test_the_contents_page_numbers_are_written_as_reportlab_draws_them(late, texts, font):
    """The slot's translations and the string are written by the bilans' canvas."""
    assert _numbered(ReportCanvas, late, texts, font) == _numbered(Canvas, late, texts, font)


@settings(max_examples=100)
@given(late=_late, texts=_late_texts, font=st.sampled_from([BOLD, "Helvetica"]),
       color=st.sampled_from([MUTED, Color(0.2, 0.3, 0.4, alpha=0.5),
                              CMYKColor(0.1, 0.2, 0.3, 0.4)]))
def test_a_late_string_is_written_as_reportlab_draws_it(late, texts, font, color):
    """« Page X / Y »: in a colour that is more than an ``rg`` operator, or a font other
    than the bilans', through reportlab."""
    assert (_numbered(ReportCanvas, late, texts, font, color, in_slot=False)
            == _numbered(Canvas, late, texts, font, color, in_slot=False))
