"""What a paper form is filled in with: boxes to tick, boxes for the digits of a date, a
frame to write in, a frame ruled for a comment.

All are drawn as vector shapes in black, never as a glyph (« ☐ » is missing from many
fonts, and prints grey or blurred from a fax or a photocopy): they come out sharp in
black and white at any size. Each takes its own size only, so that a table cell can
centre it.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.fonts import REGULAR

BOX = 4.2 * mm
"""A tick box's side: a cross drawn with a pen fits in it."""
LINE = 0.8
"""Width of the boxes' outline, in points: dark enough to survive a photocopy."""


class _Shape(Flowable):
    def __init__(self, width: float, height: float):
        super().__init__()
        self.width = width
        self.height = height

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def _pen(self) -> None:
        self.canv.setStrokeColor(st.INK)
        self.canv.setLineWidth(LINE)


class TickBox(_Shape):
    """An empty square to tick."""

    def __init__(self, side: float = BOX):
        super().__init__(side, side)

    def draw(self) -> None:
        self._pen()
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


class DigitBoxes(_Shape):
    """Boxes for the digits of a date, in groups with a « / » between them: JJ / MM / AAAA."""

    GAP = 1.2 * mm
    SEPARATOR = 4 * mm

    def __init__(self, groups: tuple[int, ...] = (2, 2, 4), side: float = 5.5 * mm):
        self.groups = groups
        self.side = side
        digits = sum(groups)
        width = digits * side + (digits - len(groups)) * self.GAP \
            + (len(groups) - 1) * self.SEPARATOR
        super().__init__(width, side)

    def draw(self) -> None:
        self._pen()
        canvas, x = self.canv, 0.0
        for index, count in enumerate(self.groups):
            if index:
                canvas.setFont(REGULAR, 12)
                canvas.setFillColor(st.INK)
                canvas.drawCentredString(x + self.SEPARATOR / 2 - self.GAP / 2,
                                         self.side * 0.22, "/")
                x += self.SEPARATOR - self.GAP
            for _ in range(count):
                canvas.rect(x, 0, self.side, self.side, stroke=1, fill=0)
                x += self.side + self.GAP


class WriteIn(_Shape):
    """A frame to write a few words in (another département)."""

    def __init__(self, width: float, height: float = 7 * mm):
        super().__init__(width, height)

    def draw(self) -> None:
        self._pen()
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


class RuledFrame(_Shape):
    """A frame ruled with ``lines`` writing lines, for a free comment."""

    def __init__(self, width: float, lines: int, spacing: float = 8.5 * mm):
        self.lines = lines
        self.spacing = spacing
        super().__init__(width, (lines + 0.5) * spacing)

    def draw(self) -> None:
        canvas = self.canv
        self._pen()
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.setStrokeColor(st.MUTED)  # grey dots: a guide for the hand, survives a copy
        canvas.setLineWidth(0.5)
        canvas.setDash(1, 2)
        margin = 3 * mm
        for line in range(1, self.lines + 1):
            y = self.height - line * self.spacing
            canvas.line(margin, y, self.width - margin, y)
        canvas.setDash()
