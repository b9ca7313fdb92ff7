"""The bilans' paragraph keeps its line breaks per width: it must never answer with the
size of another width, nor lose the lines reportlab drops when it pushes a paragraph on."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from pexdesk.core.services.reporting.paragraph import Paragraph
from pexdesk.core.services.reporting.styles import styles

TEXT = "La commission a examiné les situations inscrites à l'ordre du jour. " * 8


def test_a_new_width_breaks_the_lines_again():
    para = Paragraph(TEXT, styles().body)
    wide = para.wrap(400, 1000)
    narrow = para.wrap(150, 1000)
    assert narrow[0] == 150 and narrow[1] > wide[1]
    assert para.wrap(400, 1000) == wide


def test_the_same_width_gives_the_same_size_without_breaking_again(monkeypatch):
    para = Paragraph(TEXT, styles().body)
    size = para.wrap(300, 1000)
    breaks = []
    monkeypatch.setattr(para, "breakLines", lambda widths: breaks.append(widths))
    assert para.wrap(300, 500) == size
    assert breaks == []


def test_a_paragraph_pushed_to_the_next_frame_still_draws():
    para = Paragraph(TEXT, styles().body)
    para.wrap(300, 1000)
    assert para.split(300, 1) == []  # no room for two lines: reportlab drops the lines
    para.wrap(300, 1000)
    canvas = Canvas(io.BytesIO())
    para.drawOn(canvas, 0, 0)
    canvas.save()
