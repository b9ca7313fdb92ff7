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

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.rl_config import paraFontSizeHeightOffset


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
        self.draw_lines(x, y, ((0, text),), font, size, leading, color)

    def draw_lines(self, x: float, y: float, lines, font: str, size: float, leading: float,
                   color) -> None:
        """Lines ``leading`` apart, the first one's baseline starting at (``x``, ``y``),
        each moved ``dx`` right of ``x`` (``lines``: (dx, text) each), written as
        reportlab's paragraph writes them: one origin, then each line shown and the text
        position moved to the next, a line moved right and back, the move back merged
        with the next line's move (``PDFTextObject.moveCursor``)."""
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
        back = None  # the last line's move back to ``x``, as written
        for dx, text in lines:
            if dx and back is not None:  # one move from the last line's start to this one's
                code[-1] = f"{fp_str(dx + back)} 0 Td"
            elif dx:
                code.append(f"{fp_str(dx)} 0 Td")
            for subset, chunk in typeface.splitString(text, doc):
                face = (font, subset, size, leading)
                if face != self._face:
                    code.append(f"{typeface.getSubsetInternalName(subset, doc)} "
                                f"{fp_str(size)} Tf {fp_str(leading)} TL")
                    self._face = face
                code.append(f"({escapePDF(chunk)}) Tj")
            code.append("T*")
            if dx:
                written = fp_str(-dx)
                code.append(f"{written} 0 Td")
                back = float(written)
            else:
                back = None
        canvas._code.append(" ".join(code))

    def close(self) -> None:
        """End the text object, if one is open, and restore the colour before it."""
        if self._open:
            self._canvas._code.append("ET")
            self._canvas.restoreState()
            self._open = False


_EXTRA_SPACE_BEFORE = {TA_LEFT: 0.0, TA_CENTER: 0.5, TA_RIGHT: 1.0}
"""The share of a line's unused width that reportlab puts before it, by alignment."""


def draw_paragraph(paragraph, canvas, x: float, y: float, shift: float = 0) -> bool:
    """Draw a wrapped ``paragraph`` as reportlab's ``drawOn`` would (``shift``: its
    ``_sW``) when it is of one style (``blPara.kind`` 0), set left, right or centred in a
    TrueType font, with nothing else to draw; else draw nothing and return False.

    Its lines are those reportlab's ``drawPara`` shows, where it shows them: the first
    baseline its font size (or ascent) below the top, the first line moved by the first
    line's indent, a line's unused width before it (right) or half of it (centred)."""
    lines = _placed_lines(paragraph)
    if lines is None:
        return False
    if lines:
        style, first = paragraph.style, paragraph.blPara
        x = paragraph._hAlignAdjust(x, shift)
        top = first.fontSize if paraFontSizeHeightOffset else getattr(first, "ascent",
                                                                      first.fontSize)
        text = DirectText(canvas)
        text.draw_lines(x + style.leftIndent, y + (paragraph.height - top), lines,
                        first.fontName, first.fontSize, style.leading, first.textColor)
        text.close()
    return True


def _placed_lines(paragraph) -> list[tuple[float, str]] | None:
    """(dx, text) of each line of ``paragraph``, or None when reportlab must draw it: a
    paragraph of several styles, justified, with a bullet, a background or border, a link
    or underline, a leading from its fonts, shaped or right-to-left text, a line whose
    words reportlab squeezes (wider than the line), a debugging frame."""
    style = paragraph.style
    para = getattr(paragraph, "blPara", None)
    share = _EXTRA_SPACE_BEFORE.get(style.alignment)
    if (para is None or para.kind != 0 or share is None or paragraph.bulletText
            or paragraph.debug or getattr(paragraph, "_showBoundary", 0)
            or hasattr(paragraph, "_offsets") or style.backColor
            or (style.borderColor and style.borderWidth) or style.wordWrap == "RTL"
            or getattr(style, "shaping", False)
            or getattr(paragraph, "autoLeading", getattr(style, "autoLeading", ""))
            in ("max", "min")):
        return None
    if not para.lines:
        return []
    if para.us_lines or para.link or not getFont(para.fontName)._dynamicFont:
        return None
    placed = []
    offset = style.firstLineIndent
    for extra, words in para.lines:
        if extra <= -1e-8:
            return None
        dx = offset + share * extra
        placed.append((dx if dx > 1e-6 or dx < -1e-6 else 0, " ".join(words)))
        offset = 0
    return placed
