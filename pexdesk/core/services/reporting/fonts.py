"""The one typeface of the bilans: Carlito (SIL Open Font License), shipped in ``resources/fonts``.

Every string of a report, charts included, is set in Carlito; the TTF files are
subset and embedded in the PDF, so no base-14 font (Helvetica…) is ever referenced
and accents, « », the narrow no-break space (U+202F) and € render on any reader.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from pexdesk.resources import resource_path

REGULAR = "Carlito"
BOLD = "Carlito-Bold"
ITALIC = "Carlito-Italic"
BOLD_ITALIC = "Carlito-BoldItalic"

_FILES = {REGULAR: "Carlito-Regular.ttf", BOLD: "Carlito-Bold.ttf",
          ITALIC: "Carlito-Italic.ttf", BOLD_ITALIC: "Carlito-BoldItalic.ttf"}
_lock = threading.Lock()
_registered = False

PLACEHOLDER = "\u25a1"
"""« □ », drawn instead of a character Carlito has no glyph for (an emoji, a Chinese
character, « ✓ »): reportlab would silently draw nothing, and the reader would not know
that something was written there."""
_LAYOUT = frozenset("\t\n\r")


def register_fonts() -> str:
    """Register the Carlito family with reportlab (once per process; thread-safe) and
    return the regular face's name. ``<b>`` and ``<i>`` in paragraphs map to the family."""
    global _registered
    with _lock:
        if not _registered:
            for name, filename in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
            pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                          boldItalic=BOLD_ITALIC)
            _registered = True
    return REGULAR


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    """The code points the regular face can draw (the four faces cover the same set)."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


def drawable(text: str) -> str:
    """``text`` with every character the embedded font cannot draw replaced by
    :data:`PLACEHOLDER`; tabs and line breaks are kept for the layout to handle."""
    if text.isascii():
        return text
    glyphs = _glyphs()
    return "".join(c if ord(c) in glyphs or c in _LAYOUT else PLACEHOLDER for c in text)
