"""Strings written straight into a page's content stream, many of them in one PDF text
object.

reportlab draws each string through a text object of its own: ``drawString`` builds a
``PDFTextObject``, which looks its font up, formats the origin, the font and the leading,
then the string, and the canvas joins it all; a paragraph adds a saved and restored
graphics state, a translation and its colour. A table of a few dozen cells did that for
each cell: most of the time a bilan's tables and short paragraphs took to draw.

:class:`DirectText` writes runs of text — position, font, size, colour, string — into one
text object (``BT … ET``, within ``q … Q`` so that its colour does not outlive it),
setting the font, leading and colour only when they change. The operators are reportlab's:
the string goes through the font's own ``splitString`` (each 256-character subset of a
TrueType font is a PDF font of its own), the subset's name through
``getSubsetInternalName``, which also registers the font with the document as
reportlab's text object does, the bytes through ``escapePDF``, numbers through
``fp_str``, the colour through the canvas's ``setFillColor``. Each run is placed by an
absolute text matrix, as ``drawString`` places its string.
"""

from __future__ import annotations

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont


class DirectText:
    """Runs of text written into ``canvas``'s content stream, in the order they come.

    The text object opens with the first run and stays open until :meth:`close`: whoever
    draws anything else on the canvas meanwhile (a line, a flowable) closes it first, and
    the next run opens another. Coordinates are the canvas's current ones."""

    def __init__(self, canvas):
        self._canvas = canvas
        self._doc = canvas._doc
        self._open = False
        self._face: tuple[str, int, float, float] | None = None
        self._color = None

    def draw(self, x: float, y: float, text: str, font: str, size: float, leading: float,
             color) -> None:
        """``text`` (one line, no fallback face needed) set in ``font`` at ``size`` and
        ``color``, its baseline starting at (``x``, ``y``); then, as reportlab ends a
        line, the text position goes ``leading`` down (which tells a text extractor that
        the line ends there). An empty ``text`` only moves the text position, as in
        reportlab's text object."""
        canvas = self._canvas
        if not self._open:
            canvas.saveState()
            canvas._code.append("BT")
            self._open = True
            self._face = self._color = None
        if color is not self._color:
            canvas.setFillColor(color)
            self._color = color
        typeface = getFont(font)
        doc = self._doc
        code = [f"1 0 0 1 {fp_str(x, y)} Tm"]
        for subset, chunk in typeface.splitString(text, doc):
            face = (font, subset, size, leading)
            if face != self._face:
                code.append(f"{typeface.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf "
                            f"{fp_str(leading)} TL")
                self._face = face
            code.append(f"({escapePDF(chunk)}) Tj")
        code.append("T*")
        canvas._code.append(" ".join(code))

    def close(self) -> None:
        """End the text object, if one is open, and restore the colour before it."""
        if self._open:
            self._canvas._code.append("ET")
            self._canvas.restoreState()
            self._open = False
