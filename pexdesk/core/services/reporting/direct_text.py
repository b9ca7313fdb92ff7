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
text object does, the bytes through ``escapePDF``, numbers through ``fp_str``. A string,
or a paragraph's first line, is placed by an absolute text matrix, as ``drawString``
places its string, a paragraph's next lines as ``drawPara`` places them; each line ends
with reportlab's move to the next line, which tells a text extractor that it ends there.
:func:`draw_paragraph` draws a paragraph so, when it holds nothing but text.

The canvas's own record of its state (colour, font) is left alone: ``Q`` restores the
page's state to what the canvas records. So a colour is written here only when it is
all reportlab's ``setFillColor`` would write, an opaque RGB colour on an opaque canvas
(:meth:`DirectText.fills`); any other leaves the text to reportlab.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from weakref import WeakKeyDictionary

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.rl_config import paraFontSizeHeightOffset

Run = tuple[str, str, float, Color]
"""(text, font, size, colour) of a piece of a line."""
Line = tuple[float, Sequence[Run], float]
"""(dx, runs, word space): a line's runs, the line moved ``dx`` right of the text's
``x``, ``word space`` added to each of its spaces (a justified line)."""


class DirectText:
    """Lines of text written into ``canvas``'s content stream, in the order they come.

    The text object opens with the first line and stays open until :meth:`close`:
    whoever draws anything else on the canvas meanwhile (a line, a flowable) closes it
    first, and the next line opens another. Coordinates are the canvas's current ones."""

    def __init__(self, canvas):
        self._canvas = canvas
        self._code: list[str] = canvas._code
        self._doc = canvas._doc
        self._text = DocumentText.of(self._doc)
        self._opaque = _opaque(canvas)
        self._open = False
        self._face: tuple[str, int, float, float] | None = None
        self._color: Color | None = None

    def fills(self, color) -> bool:
        """Whether the text can be set in ``color`` (:func:`plain_fill`)."""
        return type(color) is Color and color.alpha == 1 and self._opaque

    def draw(self, x: float, y: float, text: str, font: str, size: float, leading: float,
             color: Color, end_line: bool = True) -> None:
        """``text`` (one line, no fallback face needed) set in ``font`` at ``size`` and
        ``color`` (:meth:`fills`), its baseline starting at (``x``, ``y``), then the text
        position moved to the next line, as ``drawString`` does (``end_line`` False: left
        after the text, as a paragraph's bullet leaves it); an empty ``text`` only moves
        the text position."""
        self._begin(x, y)
        self._show(text, font, size, leading, color)
        if end_line:
            self._code.append("T*")

    def draw_lines(self, x: float, y: float, leading: float, lines: Iterable[Line],
                   set_leading: bool = False) -> None:
        """Lines ``leading`` apart, the first one's baseline starting at (``x``, ``y``),
        written as reportlab's paragraph writes them: one origin, then each line shown and
        the text position moved to the next, a line moved right and back, the move back
        merged with the next line's move (``PDFTextObject.moveCursor``), a justified
        line's word spacing set before it and reset after it. The leading is set with
        the font; ``set_leading``: also before the first line, as a paragraph of several
        styles sets it, whose first line may show nothing (a line break)."""
        self._begin(x, y)
        code = self._code
        if set_leading:
            code.append(f"{fp_str(leading)} TL")
            self._face = None
        back = None  # the last line's move back to ``x``, as written
        for dx, runs, word_space in lines:
            if -1e-6 <= dx <= 1e-6:  # too small a move for reportlab to write
                dx = 0
            if dx and back is not None:  # one move from the last line's start to this one's
                code[-1] = f"{fp_str(dx + back)} 0 Td"
            elif dx:
                code.append(f"{fp_str(dx)} 0 Td")
            if word_space:
                code.append(f"{fp_str(word_space)} Tw")
            for text, font, size, color in runs:
                self._show(text, font, size, leading, color)
            code.append("T*")
            if word_space:
                code.append("0 Tw")
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
            code.append(fill_operator(color))
            self._color = color
        for subset, shown in self._text.shows(font, text):
            face = (font, subset, size, leading)
            if face != self._face:
                code.append(self._text.face_setting(font, subset, size, leading))
                self._face = face
            code.append(shown)

    def close(self) -> None:
        """End the text object, if one is open, and restore the colour before it."""
        if self._open:
            self._code.append("ET Q")
            self._open = False


def plain_fill(canvas, color) -> bool:
    """Whether reportlab's ``setFillColor(color)`` would write its ``rg`` operator and
    nothing else: an opaque RGB colour on a canvas whose fill is opaque and whose colours
    are not converted."""
    return type(color) is Color and color.alpha == 1 and _opaque(canvas)


def fill_operator(color: Color) -> str:
    """The operator setting ``color`` (:func:`plain_fill`) as the fill, as reportlab's
    ``setFillColor`` writes it."""
    return f"{fp_str(color.red, color.green, color.blue)} rg"


def _opaque(canvas) -> bool:
    return (canvas._extgstate.getValue("ca") == 1
            and not getattr(canvas, "_enforceColorSpace", None))


class DocumentText:
    """The operators that show each (font, text) drawn in a document, by subset of the
    font, and that set each face: a character keeps its subset and code for the whole
    document, so a text's operators do not change; a third of the strings of a bilan are
    drawn more than once (figures, « 0 », the same labels). Kept per document
    (:meth:`of`) for everything that writes its text directly: :class:`DirectText` and
    the bilans' canvas (``document.ReportCanvas``)."""

    def __init__(self, document):
        self._document = document
        self._shown: dict[tuple[str, str], tuple[tuple[int, str], ...]] = {}
        self._settings: dict[tuple[str, int, float, float], str] = {}

    @classmethod
    def of(cls, document) -> DocumentText:
        known = _known.get(document)
        if known is None:
            known = _known[document] = cls(document)
        return known

    def shows(self, font: str, text: str) -> tuple[tuple[int, str], ...]:
        """(subset, operator showing the run of ``text`` in that subset of ``font``),
        through the font's own ``splitString`` and reportlab's ``escapePDF``."""
        shown = self._shown.get((font, text))
        if shown is None:
            shown = self._shown[font, text] = tuple(
                (subset, f"({escapePDF(chunk)}) Tj")
                for subset, chunk in getFont(font).splitString(text, self._document))
        return shown

    def face_setting(self, font: str, subset: int, size: float, leading: float) -> str:
        """The operators setting ``subset`` of ``font`` at ``size`` and ``leading``, as
        reportlab's text object writes them; the first time registers the subset with the
        document, as it does."""
        key = (font, subset, size, leading)
        setting = self._settings.get(key)
        if setting is None:
            name = getFont(font).getSubsetInternalName(subset, self._document)
            setting = self._settings[key] = f"{name} {fp_str(size)} Tf {fp_str(leading)} TL"
        return setting


_known: WeakKeyDictionary = WeakKeyDictionary()
"""The :class:`DocumentText` of each document being written."""


_EXTRA_SPACE_BEFORE = {TA_LEFT: 0.0, TA_CENTER: 0.5, TA_RIGHT: 1.0, TA_JUSTIFY: 0.0}
"""The share of a line's unused width that reportlab puts before it, by alignment (a
justified line spreads it between its words instead, but the last one)."""


def draw_paragraph(paragraph, canvas, x: float, y: float, shift: float = 0,
                   text: DirectText | None = None) -> bool:
    """Draw a wrapped ``paragraph`` as reportlab's ``drawOn`` would (``shift``: its
    ``_sW``) when its lines and bullet are only text, in TrueType fonts and colours
    :class:`DirectText` sets; else draw nothing and return False. ``text``: the text
    object to draw it in, left open (a table's); else it has one of its own.

    Its lines are those reportlab's ``drawPara`` shows, where it shows them: the first
    baseline its (first line's) font size or ascent below the top, the first line moved
    by the first line's indent or past the bullet, a line's unused width before it
    (right) or half of it (centred), or shared between its spaces (justified, but the
    last line)."""
    para = getattr(paragraph, "blPara", None)
    if para is None or not _plain(paragraph):
        return False
    if not para.lines:
        return True  # reportlab draws nothing either
    own = text is None
    if own:
        text = DirectText(canvas)
    style = paragraph.style
    first = para if para.kind == 0 else para.lines[0]
    top = paragraph.height - (first.fontSize if paraFontSizeHeightOffset
                              else getattr(first, "ascent", first.fontSize))
    offset = style.firstLineIndent
    bullet = paragraph.bulletText
    if bullet:
        color = getattr(style, "bulletColor", style.textColor)
        if (not isinstance(bullet, str) or style.bulletAnchor != "start"
                or not _drawn(style.bulletFontName, color, text)):
            return False
        size = style.bulletFontSize
        end = style.bulletIndent + stringWidth(bullet, style.bulletFontName, size) + size * 0.6
        offset = max(offset, end - style.leftIndent)
    lines = _lines(paragraph, para, text, offset)
    if lines is None:
        return False
    x = paragraph._hAlignAdjust(x, shift)
    if bullet:
        text.draw(x + style.bulletIndent, y + (top + getattr(style, "bulletOffsetY", 0)),
                  bullet, style.bulletFontName, size, size * 1.2, color, end_line=False)
    text.draw_lines(x + style.leftIndent, y + top, style.leading, lines,
                    set_leading=para.kind == 1)
    if own:
        text.close()
    if para.kind == 0 and para.link:
        _link(canvas, para, lines, x + style.leftIndent, y + top, style.leading)
    return True


def _link(canvas, para, lines: list[Line], x: float, y: float, leading: float) -> None:
    """The links of a paragraph of one style over each of its lines, where reportlab's
    ``_do_link_line`` puts them: from the line's start, as wide as its text (whatever
    its word spacing), an eighth of the font size under the baseline, a leading high.
    Only links to a place in the document (« #clé ») are drawn here."""
    for index, (dx, runs, _) in enumerate(lines):
        bottom = y - index * leading - para.fontSize / 8.0
        width = stringWidth(runs[0][0], para.fontName, para.fontSize)
        for _, link in para.link:
            canvas.linkRect("", link[1:], (x + dx, bottom, x + dx + width, bottom + leading),
                            relative=1)


def _plain(paragraph) -> bool:
    """Whether ``paragraph`` has nothing but text and a bullet to draw, left to right in
    its style's leading: no background or border, no line shapes from its frame, no
    debugging frame."""
    style = paragraph.style
    return not (paragraph.debug or getattr(paragraph, "_showBoundary", 0)
                or hasattr(paragraph, "_offsets") or style.backColor
                or (style.borderColor and style.borderWidth) or style.wordWrap == "RTL"
                or getattr(style, "shaping", False)
                or getattr(paragraph, "autoLeading", getattr(style, "autoLeading", ""))
                in ("max", "min"))


def _lines(paragraph, para, text: DirectText, offset: float) -> list[Line] | None:
    """The lines of ``paragraph`` (its first one moved by ``offset``) as
    :meth:`DirectText.draw_lines` takes them, or None when reportlab must draw them:
    underline, raised text or image, a link out of the document or in a paragraph of
    several styles. A line wider than the frame (a word longer than a line, joined to
    the next by a no-break space) has its spaces squeezed, as a justified line has them
    spread."""
    style = paragraph.style
    justified = style.alignment == TA_JUSTIFY
    share = _EXTRA_SPACE_BEFORE.get(style.alignment)
    if share is None:
        return None
    if para.kind == 0:
        if (para.us_lines or not _drawn(para.fontName, para.textColor, text)
                or not all(link.startswith("#") for _, link in para.link)):
            return None
        run = (para.fontName, para.fontSize, para.textColor)
        lines = []
        for extra, words in para.lines:
            shown = " ".join(words)
            lines.append((extra, ((shown, *run),), len(words), shown.count("\xa0"), False))
    else:
        lines = []
        for line in para.lines:
            runs = _runs(line.words, text) if line.words else None  # a line break alone
            if runs is None:
                return None
            lines.append((line.extraSpace, runs, line.wordCount,
                          sum(run[0].count("\xa0") for run in runs), line.lineBreak))
    placed: list[Line] = []
    last = len(lines) - 1
    justify_last, last_words = getattr(paragraph, "_JustifyLast", False), style.justifyLastLine
    for index, (extra, runs, words, no_breaks, line_break) in enumerate(lines):
        if justified:  # reportlab's _justifyDrawParaLine(X)
            ends = (not justify_last and index == last
                    and not (last_words and words > last_words))
            simple = line_break or -1e-8 < extra <= 1e-8 or (ends and extra > -1e-8)
        else:
            simple = extra > -1e-8
        spaces = words + no_breaks - 1
        if simple or spaces <= 0:
            dx, word_space = offset + share * extra, 0
        else:  # spread (justified) or squeezed (wider than the line)
            dx, word_space = offset, extra / float(spaces)
        placed.append((dx, runs, word_space))
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
