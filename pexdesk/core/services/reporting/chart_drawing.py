"""The charts' drawings, painted straight on the page.

A chart is a reportlab ``Drawing`` (its tests read the shapes), but reportlab's renderer
paints every shape between a save and a restore of the graphics state, setting again each
of its dozen properties (colours, width, caps, joins, dash, font…): the twenty charts of a
bilan d'activité, some 900 shapes, took a sixth of its layout that way. The charts are
made of five kinds of shapes and use few of their properties, painted here in order with
only what changes between two shapes; the page is the same, mark for mark.

Honoured: groups and their transform; rectangles, lines and polylines with their fill
colour, stroke colour and stroke width (None: not filled, not stroked), square corners;
strings with their font, size, fill colour and anchor (start, middle, end). Any other
shape is refused rather than left out.

A string goes through ``canvas.drawString``: the bilans' canvas
(:class:`~pexdesk.core.services.reporting.document.ReportCanvas`) writes it without
building reportlab's ``PDFTextObject``, the strings being half a chart's marks.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

IDENTITY = (1, 0, 0, 1, 0, 0)
_UNKNOWN = object()
"""What the painter knows of a canvas setting it has not made yet."""


class ChartDrawing(Drawing):
    def add(self, node, name=None) -> None:
        """``node`` appended as reportlab's ``add`` does, without its check that it is a
        shape: that check cost nearly as much as making the shape (a bilan adds some 900),
        and :meth:`draw` refuses what it cannot paint anyway."""
        if name is not None:
            super().add(node, name)
        else:
            self.contents.append(node)

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        # reportlab's defaults, which its renderer set for every shape
        canvas.setLineCap(0)
        canvas.setLineJoin(0)
        canvas.setDash()
        _Painter(canvas).paint(self)
        canvas.restoreState()


class _Painter:
    """Paints shapes, setting on the canvas only what differs from the last shape's.

    A chart's colours are mostly the same few objects (the styles' constants): a colour
    that is the one set is known equal without reportlab's ``Color.__eq__``, which builds
    two tuples to compare (a tenth of the painting)."""

    def __init__(self, canvas):
        self.canvas = canvas
        self._forget()

    def _forget(self) -> None:
        self.stroke_color = self.fill_color = self.line_width = self.font = _UNKNOWN

    def paint(self, node) -> None:
        canvas = self.canvas
        kind = type(node)
        if kind is Rect:
            if node.rx or node.ry:
                raise TypeError("rounded rectangles are not painted")
            stroke, fill = self._stroke(node), self._fill(node)
            canvas.rect(node.x, node.y, node.width, node.height, stroke=stroke, fill=fill)
        elif kind is Line:
            if self._stroke(node):
                canvas.line(node.x1, node.y1, node.x2, node.y2)
        elif kind is PolyLine:
            if self._stroke(node):
                points = node.points
                path = canvas.beginPath()
                path.moveTo(points[0], points[1])
                for index in range(2, len(points), 2):
                    path.lineTo(points[index], points[index + 1])
                canvas.drawPath(path)
        elif kind is String:
            self._string(node)
        elif kind is Group or isinstance(node, Drawing):
            self._group(node)
        else:
            raise TypeError(f"{kind.__name__} is not painted")

    def _group(self, group: Group) -> None:
        if tuple(group.transform) == IDENTITY:
            for child in group.contents:
                self.paint(child)
            return
        self.canvas.saveState()
        self.canvas.transform(*group.transform)
        for child in group.contents:
            self.paint(child)
        self.canvas.restoreState()
        self._forget()

    def _string(self, string: String) -> None:
        if not self._fill(string):
            return
        font = (string.fontName, string.fontSize)
        if font != self.font:
            self.canvas.setFont(*font)
            self.font = font
        x = string.x
        if string.textAnchor != "start":
            width = stringWidth(string.text, *font)
            x -= {"middle": width / 2, "end": width}[string.textAnchor]
        self.canvas.drawString(x, string.y, string.text)

    def _stroke(self, shape) -> bool:
        color = shape.strokeColor
        if color is None:
            return False
        if color is not self.stroke_color and color != self.stroke_color:
            self.canvas.setStrokeColor(color)
            self.stroke_color = color
        if shape.strokeWidth != self.line_width:
            self.canvas.setLineWidth(shape.strokeWidth)
            self.line_width = shape.strokeWidth
        return True

    def _fill(self, shape) -> bool:
        color = shape.fillColor
        if color is None:
            return False
        if color is not self.fill_color and color != self.fill_color:
            self.canvas.setFillColor(color)
            self.fill_color = color
        return True
