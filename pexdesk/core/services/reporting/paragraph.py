"""reportlab's ``Paragraph``, its lines broken once per width, plain text set without the
markup parser.

A bilan asks each paragraph its size several times: a table measures its cells for the
row heights, then again to place them when it draws; a frame measures before it adds,
``KeepTogether`` measures its group. reportlab breaks the lines again at every request,
and three requests per paragraph made line breaking a quarter of a bilan's time. The
lines depend only on the width — the text and style do not change once a paragraph is
built — so the last result is kept for as long as the width is the same.

reportlab reads every paragraph's text with an HTML parser, some 45 µs for a short
plain sentence: a fifth of the satisfaction bilan of a large base, whose annex quotes
thousands of comments. A text without tag nor entity (no « < », no « & ») parses into one
fragment in the style's font, size and colour holding the text: that fragment is parsed
once per style and copied with each such text. Styles are never changed once made.

Once read, its text is cut where it needs a fallback face for symbols and emoji
(``fonts.with_fallback``), in the weight of the text around them.
"""

from __future__ import annotations

import copy
from weakref import WeakKeyDictionary

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from pexdesk.core.services.reporting.fonts import with_fallback

_plain_fragments: WeakKeyDictionary[ParagraphStyle, ParaFrag] = WeakKeyDictionary()


class Paragraph(paragraph.Paragraph):
    def _setup(self, text, style, bulletText, frags, cleaner):
        if frags is not None:  # the lines of a paragraph split in two, already cut
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        if bulletText is None and not style.textTransform and "<" not in text \
                and "&" not in text:
            text = cleaner(text)
            frags = [_plain_fragment(style, text)] if text else []
        super()._setup(text, style, bulletText, frags, cleaner)
        self.frags = with_fallback(self.frags)

    def wrap(self, availWidth, availHeight):
        # ``split`` deletes ``blPara`` when it pushes the paragraph to the next frame:
        # the lines must then be broken again.
        if getattr(self, "_wrapped_at", None) == availWidth and hasattr(self, "blPara"):
            return self._wrapped_size
        self._wrapped_size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return self._wrapped_size


def _plain_fragment(style: ParagraphStyle, text: str) -> ParaFrag:
    """The fragment reportlab's parser makes of ``text`` (plain, cleaned) in ``style``."""
    parsed = _plain_fragments.get(style)
    if parsed is None:
        parsed = _plain_fragments[style] = ParaParser().parse("x", style)[1][0]
    fragment = copy.copy(parsed)
    for name, value in vars(parsed).items():
        if isinstance(value, list):  # the links and underlines it will collect
            setattr(fragment, name, list(value))
    fragment.text = text
    return fragment
