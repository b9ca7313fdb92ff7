"""The typefaces of the bilans, shipped in ``resources/fonts`` and embedded in the PDF.

Every string of a report, charts included, is set in Carlito (SIL Open Font License);
the TTF files are subset and embedded in the PDF, so no base-14 font (Helvetica…) is
ever referenced and accents, « », the narrow no-break space (U+202F) and € render on
any reader.

Partners type symbols and emoji in online forms (« Très bonne réactivité ✓ 👍 »),
which Carlito lacks: those are set in two fallback fonts. DejaVu Sans (Bitstream Vera
licence) draws check marks, stars, hearts, arrows, geometric shapes, most of the Misc
Symbols and Dingbats blocks; Noto Emoji (SIL OFL), Google's black-and-white outline
emoji, draws the emoji (✅ ❌ 👍 🙂 🎉, 1,500 of them), the faces of the Emoticons block
included, which DejaVu also has but smaller and unlike the others. Both ship in regular
and bold, so a symbol in a bold heading is set in the bold face; in italic text it is
upright. DejaVu Sans Bold thickens arrows, ✔ ❤ and mathematical signs, but draws ✓ ★ ⚠
☺ and the geometric shapes as its regular does. reportlab embeds only the glyphs a bilan
uses, and reads the fallbacks' files only once a text needs them. Characters no font
has still show as « □ »: Chinese, Japanese and Korean.
So do the scripts reportlab cannot lay out, though DejaVu has glyphs for some of them:
right-to-left ones (Arabic, Hebrew, Syriac, Thaana, N'Ko), which it would draw in reverse
order, Lao and the scripts of India and South-East Asia, whose letters need shaping, and
combining marks left over once text is composed (NFC), which it cannot position over
their letter. reportlab does not combine emoji either: a family (👨‍👩‍👧) shows its
members side by side, a flag (🇫🇷) its two letters.
"""

from __future__ import annotations

import copy
import re
import threading
import unicodedata
import zlib
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain, islice
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from pexdesk.core.services.reporting.pdf_format import number_array
from pexdesk.resources import resource_path

REGULAR = "Carlito"
BOLD = "Carlito-Bold"
ITALIC = "Carlito-Italic"
BOLD_ITALIC = "Carlito-BoldItalic"
FALLBACK = "DejaVuSans"
FALLBACK_BOLD = "DejaVuSans-Bold"
EMOJI = "NotoEmoji"
EMOJI_BOLD = "NotoEmoji-Bold"

_FILES = {REGULAR: "Carlito-Regular.ttf", BOLD: "Carlito-Bold.ttf",
          ITALIC: "Carlito-Italic.ttf", BOLD_ITALIC: "Carlito-BoldItalic.ttf"}
_FALLBACK_FILES = {FALLBACK: "DejaVuSans.ttf", FALLBACK_BOLD: "DejaVuSans-Bold.ttf",
                   EMOJI: "NotoEmoji-Regular.ttf", EMOJI_BOLD: "NotoEmoji-Bold.ttf"}
_FALLBACKS = (FALLBACK, EMOJI)
_BOLD_OF = {FALLBACK: FALLBACK_BOLD, EMOJI: EMOJI_BOLD}
_BOLD_FACES = frozenset((BOLD, BOLD_ITALIC))
_lock = threading.Lock()
_registered = False
_fallback_patterns: tuple[re.Pattern, re.Pattern] | None = None

PLACEHOLDER = "\u25a1"
"""« □ », drawn instead of a character no font has a glyph for (a Chinese character):
reportlab would silently draw nothing, and the reader would not
know that something was written there."""
_LAYOUT = "\t\n\r"
_RIGHT_TO_LEFT = frozenset(("R", "AL", "AN"))
_SHAPED = range(0x0900, 0x1000)
"""The scripts of India, Thailand, Laos and Tibet: their letters change shape and
place with their neighbours."""
_DRAWN_CATEGORIES = frozenset("LNPS")
"""Letters, numbers, punctuation and symbols: not marks, spaces, controls nor private
use, which a glyph from another font would misplace or show where nothing is meant."""
_UNASSIGNED = "Cn"
"""Unassigned in this Python's Unicode (14.0) but drawn by a font made later: the emoji
Unicode added since (🩷 🫨 🪿)."""

def _ranges(code_points: Iterable[int]) -> list[tuple[int, int]]:
    """``code_points`` as (first, last) runs of consecutive points."""
    ranges: list[list[int]] = []
    for point in sorted(code_points):
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return [(first, last) for first, last in ranges]


def _char_class(ranges: Iterable[tuple[int, int]], negated: bool = False) -> str:
    """A regular-expression class matching the code points of ``ranges`` (or all others)."""
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                   for a, b in ranges)
    return f"[{'^' if negated else ''}{body}]"


_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
    (0x20E3, 0x20E3), (0x1F3FB, 0x1F3FF))
"""Unicode's default-ignorable code points (soft hyphen, zero-width joiners, direction
marks, variation selectors…), which a text shows as nothing: the emoji variation
selector phones put after ❤ or ⚠ must not become a « □ » of its own. Also the keycap
that encloses the 1 of 1️⃣ and the skin tones after 👍🏽, which reportlab cannot combine
with the character before: the 1 and the 👍 show alone, not followed by a box or a
shaded square."""
_IGNORABLE = re.compile(_char_class(_IGNORABLE_RANGES))


class _GlyphCompression(pdfdoc.PDFStreamFilterZCompress):
    """Flate at level 3 for the embedded font files.

    A font file is binary glyph outlines, which zlib's default level (6) compresses
    hardly better than level 3, in nearly twice the time: for the four Carlito subsets
    of a bilan, 63 KB, 2.3 ms at level 6, 1.2 ms at level 3, the file 2 % bigger
    (measured on the demo's bilan de satisfaction). The pages' content, text that
    compresses far better at level 6, keeps reportlab's filter."""

    def encode(self, text):
        return zlib.compress(text, 3)


_GLYPH_COMPRESSION = _GlyphCompression()
_FONT_FILE = "fontFile:"
"""The start of the name reportlab gives a font file's stream in the document."""


class SubsetFont(TTFont):
    """reportlab's TrueType font, which remembers the code each character has in the
    document's subsets of the font.

    Every string drawn goes through ``splitString``, which looks each of its characters
    up in a Python loop: a third of the time a table cell takes to draw. A character
    keeps its code for the whole document, so a text whose characters all have a code
    in the first subset (a bilan's French needs no other) is translated in one call.
    A text with characters not seen yet gives reportlab only those, in the order they
    first appear in it, which is the order reportlab would number them in (the
    characters it knows keep their codes): its answer teaches their codes and the text
    is translated too. A fifth of a bilan's texts have a new character, and reportlab's
    loop went through all of their characters: 8 % of the layout. A text with a
    character past the first subset goes through reportlab whole.

    It also holds its face's ascent and descent: reportlab asks a font for them before
    its face, and a TrueType font has none, so each time a paragraph measures a word's
    height (each word of a paragraph of several styles) an exception was raised and
    caught, 1.3 µs, 2 % of an activity bilan."""

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        self._first_subset: WeakKeyDictionary = WeakKeyDictionary()
        self.ascent, self.descent = self.face.ascent, self.face.descent
        self._width_texts: dict[float, bytes] = {}

    def addObjects(self, doc):
        """reportlab's subsets of the font, their font files compressed faster
        (:class:`_GlyphCompression`) and their widths written from the texts this font
        has already written (:func:`pdf_format.number_array`)."""
        known = len(doc.idToObject)
        super().addObjects(doc)
        for name, added in islice(doc.idToObject.items(), known, None):
            if doc.compression and name.startswith(_FONT_FILE):
                added.filters = [_GLYPH_COMPRESSION]
            elif isinstance(added, pdfdoc.PDFTrueTypeFont):
                added.Widths = number_array(added.Widths.sequence, self._width_texts)

    def splitString(self, text, doc, encoding="utf-8"):
        known = self._first_subset.get(doc)
        if known is None:
            known = self._first_subset[doc] = ({}, set())
        codes, characters = known
        if not text or not isinstance(text, str):
            return super().splitString(text, doc, encoding)
        if not characters.issuperset(text):
            new = "".join(sorted(set(text).difference(characters), key=text.index))
            self._learn(new, super().splitString(new, doc, encoding), known)
            if not characters.issuperset(text):
                return super().splitString(text, doc, encoding)
        return [(0, text.translate(codes).encode("latin-1"))]

    @staticmethod
    def _learn(text: str, chunks: list, known: tuple[dict, set]) -> None:
        """Keep the codes reportlab gave ``text``'s characters in the first subset."""
        codes, characters = known
        start = 0
        for subset, chunk in chunks:  # one byte per character
            if subset == 0:
                for character, code in zip(text[start:start + len(chunk)], chunk):
                    codes[ord(character)] = code
                    characters.add(character)
            start += len(chunk)


def register_fonts() -> str:
    """Register the Carlito family with reportlab (once per process; thread-safe) and
    return the regular face's name. ``<b>`` and ``<i>`` in paragraphs map to the family."""
    global _registered
    with _lock:
        if not _registered:
            for name, filename in _FILES.items():
                pdfmetrics.registerFont(SubsetFont(name, str(resource_path("fonts", filename))))
            pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                          boldItalic=BOLD_ITALIC)
            _registered = True
    return REGULAR


@lru_cache(maxsize=1)
def _primary() -> tuple[frozenset[int], frozenset[int], re.Pattern]:
    """Carlito's code points (the four faces cover the same set), the same with the
    layout's tabs and line breaks, and what finds a character outside them or ignorable.

    The last one tells in one search whether :func:`drawable` has anything to do with a
    text: ``_IGNORABLE``, whose ranges beyond U+FFFF make it slow, is searched only
    then, and a bilan's French text with accents is checked in half the time. What finds
    a character outside them alone waits for a text that has one (:func:`_outside`): a
    class of Carlito's 2,000 code points takes half a millisecond to compile, a
    twentieth of the first bilan's one-time work."""
    register_fonts()
    glyphs = frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)
    kept = glyphs.union(map(ord, _LAYOUT))
    ignorable = kept.intersection(chain.from_iterable(range(first, last + 1)
                                                      for first, last in _IGNORABLE_RANGES))
    return glyphs, kept, re.compile(_char_class(_ranges(kept - ignorable), negated=True))


@lru_cache(maxsize=1)
def _outside() -> re.Pattern:
    """What finds a character Carlito lacks (:func:`_primary`)."""
    return re.compile(_char_class(_ranges(_primary()[1]), negated=True))


def _fallback_draws(point: int) -> bool:
    char = chr(point)
    category = unicodedata.category(char)
    return ((category[0] in _DRAWN_CATEGORIES or category == _UNASSIGNED)
            and unicodedata.bidirectional(char) not in _RIGHT_TO_LEFT
            and point not in _SHAPED)


_ASTRAL_TARGET = re.compile(r"<([0-9A-F]{5,6})>$", re.MULTILINE)
_reportlab_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    """reportlab's table from an embedded font's glyphs back to the text they show (for
    copying, searching and reading aloud), with the characters beyond U+FFFF (the
    emoji 😀 👍) written in UTF-16 as the PDF format wants: reportlab writes
    their five hexadecimal digits, which readers reject."""
    return _ASTRAL_TARGET.sub(
        lambda m: f"<{chr(int(m.group(1), 16)).encode('utf-16-be').hex().upper()}>",
        _reportlab_to_unicode_cmap(font_name, subset))


def _preference(point: int) -> tuple[str, str]:
    """The fallbacks in the order they are tried for a character: the emoji font first
    beyond U+FFFF, where DejaVu's few emoji (😀, 🐱) would look unlike the emoji font's 🙂
    beside them; DejaVu first in the Basic Multilingual Plane, whose symbols (✓ ❤ ⚠) it
    draws as text."""
    return (EMOJI, FALLBACK) if point > 0xFFFF else (FALLBACK, EMOJI)


def _fallback() -> tuple[re.Pattern, re.Pattern]:
    """Register the fallback faces (once per process; thread-safe) and return what finds
    a run of characters one fallback draws for Carlito (its group, 1 or 2, following
    ``_FALLBACKS``), and what finds a character no font draws."""
    global _fallback_patterns
    if _fallback_patterns is None:
        glyphs = _primary()[0]
        with _lock:
            if _fallback_patterns is None:
                ttfonts.makeToUnicodeCMap = _to_unicode_cmap
                for name, filename in _FALLBACK_FILES.items():
                    pdfmetrics.registerFont(SubsetFont(name,
                                                       str(resource_path("fonts", filename))))
                # A fallback draws what both its faces have: DejaVu Sans Bold lacks
                # DejaVu Sans's sans-serif mathematical letters (𝖠 𝗓 𝟢).
                covered = {face: frozenset(pdfmetrics.getFont(face).face.charToGlyph)
                           & frozenset(pdfmetrics.getFont(_BOLD_OF[face]).face.charToGlyph)
                           for face in _FALLBACKS}
                drawn_by: dict[str, set[int]] = {face: set() for face in _FALLBACKS}
                for point in covered[FALLBACK] | covered[EMOJI]:
                    if point not in glyphs and _fallback_draws(point):
                        face = next(f for f in _preference(point) if point in covered[f])
                        drawn_by[face].add(point)
                drawn = glyphs.union(*drawn_by.values(), (ord(c) for c in _LAYOUT))
                _fallback_patterns = (
                    re.compile("|".join(f"({_char_class(_ranges(drawn_by[face]))}+)"
                                        for face in _FALLBACKS)),
                    re.compile(_char_class(_ranges(drawn), negated=True)))
    return _fallback_patterns


def drawable(text: str) -> str:
    """``text`` as the bilan can draw it: composed (a letter and its separate accent
    become the accented letter Carlito has), default-ignorable characters, keycaps and
    skin tones removed, and every character no font can draw replaced by
    :data:`PLACEHOLDER`; tabs and line breaks are kept for the layout to handle."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    if not _primary()[2].search(text):
        return text
    text = _IGNORABLE.sub("", text)
    if not _outside().search(text):
        return text
    return _fallback()[1].sub(PLACEHOLDER, text)


def fallback_runs(text: str) -> Iterable[re.Match]:
    """The runs of drawable ``text`` that a fallback draws."""
    if text.isascii() or not _primary()[2].search(text) or not _outside().search(text):
        return ()
    return _fallback()[0].finditer(text)


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """Drawable ``text`` cut into (font, piece): pieces in ``font`` and, between them,
    runs of characters in a fallback face, bold if ``font`` is."""
    pieces: list[tuple[str, str]] = []
    start = 0
    bold = font in _BOLD_FACES
    for run in fallback_runs(text):
        if run.start() > start:
            pieces.append((font, text[start:run.start()]))
        face = _FALLBACKS[run.lastindex - 1]
        pieces.append((_BOLD_OF[face] if bold else face, run.group()))
        start = run.end()
    if start < len(text) or not pieces:
        pieces.append((font, text[start:]))
    return pieces


def with_fallback(frags: list) -> list:
    """A parsed paragraph's fragments, each one whose text needs a fallback cut into runs
    set in their faces; the fragment's face (bold in a ``<b>`` or a heading) chooses the
    fallback's. A ``<font name=…>`` tag cannot do it: reportlab resets bold and italic
    to those of the face it names."""
    cut = []
    for frag in frags:
        text = getattr(frag, "text", "")
        if not text or not any(fallback_runs(text)):
            cut.append(frag)
            continue
        for face, piece in runs(text, frag.fontName):
            part = copy.copy(frag)
            part.fontName, part.text = face, piece
            cut.append(part)
    return cut


measured_width = lru_cache(maxsize=8192)(stringWidth)
"""reportlab's ``stringWidth``, kept: a bilan measures the same words, numbers and
labels again and again (« de », « – », « 4–5 : 100 % »), and a width depends only on
the text, font and size, the fonts being registered once and never replaced
(:func:`register_fonts`); 0.1 µs instead of 0.8."""


def text_width(text: str, font: str, size: float) -> float:
    """The width of drawable ``text`` set in ``font``, its fallback runs included."""
    if text.isascii():
        return measured_width(text, font, size)
    return sum(measured_width(piece, face, size) for face, piece in runs(text, font))


def placed_runs(text: str, font: str, size: float, x: float,
                anchor: str = "start") -> list[tuple[str, str, float]]:
    """(font, piece, left edge) of each run of drawable ``text`` set in ``font`` at
    ``size``, ``x`` being its « start », « middle » or « end » (``anchor``)."""
    pieces = [(face, piece, stringWidth(piece, face, size)) for face, piece in runs(text, font)]
    left = x - {"start": 0, "middle": 0.5, "end": 1}[anchor] * sum(w for _, _, w in pieces)
    placed = []
    for face, piece, width in pieces:
        placed.append((face, piece, left))
        left += width
    return placed


def draw_string(canvas, x: float, y: float, text: str, font: str, size: float,
                anchor: str = "start") -> None:
    """Drawable ``text`` on a PDF canvas, its fallback runs in the fallback face; the
    canvas is left set in ``font``, as for the next line."""
    for face, piece, left in placed_runs(text, font, size, x, anchor):
        canvas.setFont(face, size)
        canvas.drawString(left, y, piece)
    canvas.setFont(font, size)
