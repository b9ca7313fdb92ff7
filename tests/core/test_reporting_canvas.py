"""The bilans' canvas draws a plain string without measuring it first: what it writes
must be what reportlab's canvas writes, for any string, and a string drawn with options
(spacing, render mode) must still go through reportlab."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from pexdesk.core.services.reporting.document import ReportCanvas
from pexdesk.core.services.reporting.fonts import BOLD, register_fonts


def _drawn(canvas_class, text: str, **options) -> str:
    register_fonts()
    canvas = canvas_class(io.BytesIO())
    canvas.setFont(BOLD, 8.5)
    canvas.drawString(12.5, 700, text, **options)
    canvas.drawString(12.5, 690, text, **options)
    return canvas.getCurrentPageContent()


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_a_plain_string_is_written_as_reportlab_writes_it(text):
    assert _drawn(ReportCanvas, text) == _drawn(Canvas, text)


def test_a_string_with_options_is_written_as_reportlab_writes_it():
    for options in ({"charSpace": 1}, {"wordSpace": 2}, {"mode": 1}):
        assert _drawn(ReportCanvas, "Très bien", **options) == _drawn(Canvas, "Très bien",
                                                                      **options)
