"""reportlab's ``Paragraph``, its lines broken once per width, its text read without the
markup parser.

A bilan asks each paragraph its size several times: a table measures its cells for the
row heights, then again to place them when it draws; a frame measures before it adds,
``KeepTogether`` measures its group. reportlab breaks the lines again at every request,
and three requests per paragraph made line breaking a quarter of a bilan's time. The
lines depend only on the width — the text and style do not change once a paragraph is
built — so the last result is kept for as long as the width is the same.

reportlab reads every paragraph's text with an HTML parser, some 45 µs for a short
plain sentence and more with tags: a fifth of the satisfaction bilan of a large base,
whose annex quotes thousands of comments, and a tenth of building an activity bilan's
story. The bilans' own markup is simple: ``<b>``, ``<i>``, ``<font …>`` and ``<br/>``,
and the entities that :func:`~pexdesk.core.services.reporting.text.escape` writes.
Each run of text between them becomes the fragment the parser makes under the same open
tags: that fragment is parsed once per style and open tags, and copied with each text.
Any other markup (a link, an unknown entity, tags out of order) goes to the parser.
Styles are never changed once made.

Once read, its text is cut where it needs a fallback face for symbols and emoji
(``fonts.with_fallback``), in the weight of the text around them.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from pexdesk.core.services.reporting.fonts import with_fallback

_MARKUP = re.compile(r"(<[^<>]*>|&\w+;)")
_OPENING = re.compile(r"<(b|i|font)(?:\s[^<>]*)?>")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
_LINE_BREAK = "<br/>"

_Templates = dict[tuple[str, ...], tuple[ParaFrag, ParaFrag]]
_templates: WeakKeyDictionary[ParagraphStyle, _Templates] = WeakKeyDictionary()


class Paragraph(paragraph.Paragraph):
    def _setup(self, text, style, bulletText, frags, cleaner):
        if frags is not None:  # the lines of a paragraph split in two, already cut
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        if not style.textTransform:
            cleaned = cleaner(text)
            frags = _fragments(cleaned, style)
            if frags is not None:
                text = cleaned
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


def _fragments(text: str, style: ParagraphStyle) -> list[ParaFrag] | None:
    """The fragments reportlab's parser makes of ``text`` (cleaned) in ``style``, or None
    when the text holds markup other than the bilans' own."""
    fragments: list[ParaFrag] = []
    shared: dict[str, list] = {}
    tags: list[str] = []
    words, line_break = _parsed(style, ())
    for index, piece in enumerate(_MARKUP.split(text)):
        if index % 2 == 0:  # text between markup
            if "<" in piece or "&" in piece:
                return None
            if piece:
                fragments.append(_copy(words, shared, piece))
        elif piece in _ENTITIES:  # the parser gives each entity a fragment of its own
            fragments.append(_copy(words, shared, _ENTITIES[piece]))
        elif piece == _LINE_BREAK:
            fragments.append(_copy(line_break, shared))
        else:
            if piece.startswith("</"):
                if not tags or _tag_name(tags[-1]) != piece[2:-1]:
                    return None
                tags.pop()
            elif _OPENING.fullmatch(piece):
                tags.append(piece)
            else:
                return None
            words, line_break = _parsed(style, tuple(tags))
    return None if tags else fragments


def _copy(parsed: ParaFrag, shared: dict[str, list], text: str | None = None) -> ParaFrag:
    """A copy of a fragment the parser made, holding ``text``.

    The parser copies every fragment of a paragraph from one first fragment, so they
    all share its lists (the links and underlines it collects): so do these, through
    ``shared``, and no other paragraph's."""
    fragment = parsed.clone()
    for name, value in vars(fragment).items():
        if isinstance(value, list):
            setattr(fragment, name, shared.setdefault(name, list(value)))
    if text is not None:
        fragment.text = text
    return fragment


def _parsed(style: ParagraphStyle, tags: tuple[str, ...]) -> tuple[ParaFrag, ParaFrag]:
    """A word's fragment and a line break's under ``tags`` in ``style``, from the parser."""
    known = _templates.get(style)
    if known is None:
        known = _templates[style] = {}
    if tags not in known:
        closing = "".join(f"</{_tag_name(tag)}>" for tag in reversed(tags))
        parser = ParaParser()
        parser.caseSensitive = 1  # as ``Paragraph`` sets it
        words, line_break = parser.parse(f"{''.join(tags)}x{_LINE_BREAK}{closing}", style)[1]
        known[tags] = words, line_break
    return known[tags]


def _tag_name(opening: str) -> str:
    return _OPENING.fullmatch(opening).group(1)
