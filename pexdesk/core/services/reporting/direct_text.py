"""Strings written straight into a page's content stream, many of them in one PDF text
object.

reportlab draws each string through a text object of its own: ``drawString`` builds a
``PDFTextObject``, which looks its font up, formats the origin, the font and the leading,
then the string, and the canvas joins it all; a paragraph adds a saved and restored
graphics state, a translation and its colour. A table of a few dozen cells did that for
each cell: most of the time a bilan's tables and short paragraphs took to draw.

:class:`DirectText` writes runs of text — position, font, size, colour, string — into one
text object (``BT … ET``, within ``q … Q`` so that its colour does not outlive it),
setting the font, leading and colour only when they change. The operators are
reportlab's: the string goes through the font's own ``splitString`` (each 256-character
subset of a TrueType font is a PDF font of its own), the subset's name through
``getSubsetInternalName``, which also registers the font with the document as reportlab's
text object does, the bytes through ``escapePDF``, numbers through ``fp_str``. Each line
is placed by an absolute text matrix, as ``drawString`` places its string, and ends with
reportlab's move to the next line, which tells a text extractor that the line ends there.

The canvas's own record of its state (colour, font) is left alone: ``Q`` restores the
page's state to what the canvas records. So a colour is written here only when it is
all reportlab's ``setFillColor`` would write, an opaque RGB colour on an opaque canvas
(:meth:`DirectText.fills`); any other leaves the text to reportlab.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from weakref import WeakKeyDictionary

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.rl_config import paraFontSizeHeightOffset

Run = tuple[str, str, float, Color]
"""(text, font, size, colour) of a piece of a line."""
Line = tuple[float, Sequence[Run]]
"""(dx, runs): a line's runs, the line moved ``dx`` right of the text's ``x``."""


class DirectText:
    """Lines of text written into ``canvas``'s content stream, in the order they come.

    The text object opens with the first line and stays open until :meth:`close`:
    whoever draws anything else on the canvas meanwhile (a line, a flowable) closes it
    first, and the next line opens another. Coordinates are the canvas's current ones."""

    def __init__(self, canvas):
        self._canvas = canvas
        self._code: list[str] = canvas._code
        self._doc = canvas._doc
        self._shown = _shown.get(self._doc)
        if self._shown is None:
            self._shown = _shown[self._doc] = {}
        self._opaque = (canvas._extgstate.getValue("ca") == 1
                        and not getattr(canvas, "_enforceColorSpace", None))
        self._open = False
        self._face: tuple[str, int, float, float] | None = None
        self._color: Color | None = None

    def fills(self, color) -> bool:
        """Whether the text can be set in ``color``: reportlab's ``setFillColor`` would
        write its ``rg`` operator and nothing else (no transparency, no other colour
        space)."""
        return type(color) is Color and color.alpha == 1 and self._opaque

    def draw(self, x: float, y: float, text: str, font: str, size: float, leading: float,
             color: Color) -> None:
        """``text`` (one line, no fallback face needed) set in ``font`` at ``size`` and
        ``color`` (:meth:`fills`), its baseline starting at (``x``, ``y``), then the text
        position moved to the next line, as ``drawString`` does; an empty ``text`` only
        moves the text position."""
        self._begin(x, y)
        self._show(text, font, size, leading, color)
        self._code.append("T*")

    def draw_lines(self, x: float, y: float, leading: float, lines: Iterable[Line],
                   set_leading: bool = False) -> None:
        """Lines ``leading`` apart, the first one's baseline starting at (``x``, ``y``),
        written as reportlab's paragraph writes them: one origin, then each line shown and
        the text position moved to the next, a line moved right and back, the move back
        merged with the next line's move (``PDFTextObject.moveCursor``). The leading is
        set with the font; ``set_leading``: also before the first line, as a paragraph of
        several styles sets it, whose first line may show nothing (a line break)."""
        self._begin(x, y)
        code = self._code
        if set_leading:
            code.append(f"{fp_str(leading)} TL")
            self._face = None
        back = None  # the last line's move back to ``x``, as written
        for dx, runs in lines:
            if dx and back is not None:  # one move from the last line's start to this one's
                code[-1] = f"{fp_str(dx + back)} 0 Td"
            elif dx:
                code.append(f"{fp_str(dx)} 0 Td")
            for text, font, size, color in runs:
                self._show(text, font, size, leading, color)
            code.append("T*")
            if dx:
                written = fp_str(-dx)
                code.append(f"{written} 0 Td")
                back = float(written)
            else:
                back = None

    def _begin(self, x: float, y: float) -> None:
        if not self._open:
            self._code.append("q BT")
            self._open = True
            self._face = self._color = None
        self._code.append(f"1 0 0 1 {fp_str(x, y)} Tm")

    def _show(self, text: str, font: str, size: float, leading: float, color: Color) -> None:
        """``text`` shown from the text position, after the operators that change the
        colour and font to ``color``, ``font`` at ``size`` and ``leading``."""
        code = self._code
        if color is not self._color:
            code.append(f"{fp_str(color.red, color.green, color.blue)} rg")
            self._color = color
        chunks = self._shown.get((font, text))
        if chunks is None:
            chunks = self._shown[font, text] = tuple(
                (subset, f"({escapePDF(chunk)}) Tj")
                for subset, chunk in getFont(font).splitString(text, self._doc))
        for subset, shown in chunks:
            face = (font, subset, size, leading)
            if face != self._face:
                name = getFont(font).getSubsetInternalName(subset, self._doc)
                code.append(f"{name} {fp_str(size)} Tf {fp_str(leading)} TL")
                self._face = face
            code.append(shown)

    def close(self) -> None:
        """End the text object, if one is open, and restore the colour before it."""
        if self._open:
            self._code.append("ET Q")
            self._open = False


_shown: WeakKeyDictionary = WeakKeyDictionary()
"""For each document being written, the operators showing each (font, text) drawn in it,
by subset: a character keeps its subset and code for the whole document, so a text's
operators do not change; more than half the strings of a bilan are drawn more than
once (figures, « 0 », the same labels)."""


_EXTRA_SPACE_BEFORE = {TA_LEFT: 0.0, TA_CENTER: 0.5, TA_RIGHT: 1.0}
"""The share of a line's unused width that reportlab puts before it, by alignment."""


def draw_paragraph(paragraph, canvas, x: float, y: float, shift: float = 0) -> bool:
    """Draw a wrapped ``paragraph`` as reportlab's ``drawOn`` would (``shift``: its
    ``_sW``) when its lines are only text, set left, right or centred in TrueType fonts
    and colours :class:`DirectText` sets; else draw nothing and return False.

    Its lines are those reportlab's ``drawPara`` shows, where it shows them: the first
    baseline its (first line's) font size or ascent below the top, the first line moved
    by the first line's indent, a line's unused width before it (right) or half of it
    (centred)."""
    text = DirectText(canvas)
    lines = _placed_lines(paragraph, text)
    if lines is None:
        return False
    if lines:
        style, para = paragraph.style, paragraph.blPara
        first = para if para.kind == 0 else para.lines[0]
        x = paragraph._hAlignAdjust(x, shift)
        top = first.fontSize if paraFontSizeHeightOffset else getattr(first, "ascent",
                                                                      first.fontSize)
        text.draw_lines(x + style.leftIndent, y + (paragraph.height - top), style.leading,
                        lines, set_leading=para.kind == 1)
        text.close()
    return True


def _placed_lines(paragraph, text: DirectText) -> list[Line] | None:
    """The lines of ``paragraph`` as :meth:`DirectText.draw_lines` takes them, or None
    when reportlab must draw it: justified, with a bullet, a background or border, a
    link, underline, raised text or image, a leading from its fonts, shaped or
    right-to-left text, a line whose words reportlab squeezes (wider than the line), a
    debugging frame."""
    style = paragraph.style
    para = getattr(paragraph, "blPara", None)
    share = _EXTRA_SPACE_BEFORE.get(style.alignment)
    if (para is None or share is None or paragraph.bulletText
            or paragraph.debug or getattr(paragraph, "_showBoundary", 0)
            or hasattr(paragraph, "_offsets") or style.backColor
            or (style.borderColor and style.borderWidth) or style.wordWrap == "RTL"
            or getattr(style, "shaping", False)
            or getattr(paragraph, "autoLeading", getattr(style, "autoLeading", ""))
            in ("max", "min")):
        return None
    if not para.lines:
        return []
    if para.kind == 0:
        if para.us_lines or para.link or not _drawn(para.fontName, para.textColor, text):
            return None
        run = (para.fontName, para.fontSize, para.textColor)
        lines = [(extra, ((" ".join(words), *run),)) for extra, words in para.lines]
    else:
        lines = []
        for line in para.lines:
            runs = _runs(line.words, text) if line.words else None  # a line break alone
            if runs is None:
                return None
            lines.append((line.extraSpace, runs))
    placed = []
    offset = style.firstLineIndent
    for extra, runs in lines:
        if extra <= -1e-8:
            return None
        dx = offset + share * extra
        placed.append((dx if dx > 1e-6 or dx < -1e-6 else 0, runs))
        offset = 0
    return placed


def _runs(frags, text: DirectText) -> list[Run] | None:
    """A line's fragments as runs, or None when one of them is more than text."""
    runs = []
    for frag in frags:
        if (hasattr(frag, "cbDefn") or frag.rise or frag.us_lines or frag.link
                or getattr(frag, "backColor", None)
                or not _drawn(frag.fontName, frag.textColor, text)):
            return None
        runs.append((frag.text, frag.fontName, frag.fontSize, frag.textColor))
    return runs


def _drawn(font: str, color, text: DirectText) -> bool:
    return getFont(font)._dynamicFont and text.fills(color)
