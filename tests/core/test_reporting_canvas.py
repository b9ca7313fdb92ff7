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
