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

A paragraph of several styles is set a word at a time, each word's style compared to
the last one's: five times slower than a paragraph of one style, set a line at a time.
The title of a table row over its details in smaller type (« <b>Sous-CCAPEX</b><br/>
<font size="7.5">Nord – Montbrézac</font> ») is one style per line break:
:func:`stacked` sets it as one paragraph per style, placed where reportlab would have
put their lines (:class:`StackedRuns`).

The lines are broken by reportlab's own ``breakLines``, its code run with two cheaper
functions in place of its module's (:func:`_with_names`), for these paragraphs only: the
bench's plain-text baseline must stay reportlab's. It measures each word, some 8,000 in
an activity bilan, three quarters of them measured before in the same font and size
(« de », « la », « 12 »): measured through a cache, 0.1 µs instead of 0.8. A width
depends only on the text, font and size, and the bilans' fonts are registered once and
never replaced (``fonts.register_fonts``). In a paragraph of several styles it compares
each word's style with the last one's through ``sameFrag`` from reportlab's C
accelerator, which asks each fragment for attributes it rarely has (an image, a line
break, a background), each missing one raising and clearing an exception: 4 µs a word.
:func:`_same_style`, reportlab's Python version of it, reads the attributes without
exceptions, four times faster. Such a paragraph (a heading and its number, a bold lead,
a quote and its attribution) also has its words cut and measured by ``_getFragWords``,
run here with the same cache, and looks up each word's ascent and descent, which depend
only on the font and size: cached too. With the last comparison of styles kept
(:func:`_same_style`), a caption of 35 words breaks its lines in 105 µs instead of 167.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import FunctionType
from weakref import WeakKeyDictionary

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Flowable, paragraph
from reportlab.platypus.paraparser import ParaFrag, ParaParser
from reportlab.rl_config import platypus_link_underline

from pexdesk.core.services.reporting.direct_text import draw_paragraph
from pexdesk.core.services.reporting.fonts import measured_width, with_fallback

_MARKUP = re.compile(r"(<[^<>]*>|&\w+;)")
_OPENING = re.compile(r"<(b|i|font)(?:\s[^<>]*)?>")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
_LINE_BREAK = "<br/>"
_OTHER_SPACE = re.compile("[\t-\r\x1c-\x1f\x85\u1680\u2000-\u200b\u2028\u2029\u202f\u205f"
                          "\u3000]")
"""Any space or line break Python or reportlab counts as one but the plain space and the
no-break space: what reportlab's cleaner of a paragraph's text changes, with a space at
either end and two in a row (:func:`_unclean`)."""

_COMPARED = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor",
             "nobr")
_ABSENT = object()

_Template = tuple[ParaFrag, tuple[str, ...]]
"""A fragment the parser made, and the names of its lists."""
_Templates = dict[tuple[str, ...], tuple[_Template, _Template]]
_templates: WeakKeyDictionary[ParagraphStyle, _Templates] = WeakKeyDictionary()


_last_compared: tuple[object, object, bool] = (None, None, False)


def _same_style(f: ParaFrag, g: ParaFrag) -> bool:
    """Whether two fragments' words can be set as one run of text: reportlab's Python
    ``sameFrag``, an attribute one of them lacks differing from any value the other has,
    as in its C version.

    ``breakLines`` compares the run it is building, a copy it has just made, with each
    next word's fragment: the same two objects word after word while the run lasts, and
    neither changes but for the run's text meanwhile. So the last answer is kept with
    the two objects (which keeps their identities from going to others) and given again
    for them; a new run is a new copy. Otherwise attributes are compared one at a time,
    the same object known equal without its ``__eq__``, as two lists' items are."""
    global _last_compared
    last_f, last_g, same = _last_compared
    if f is last_f and g is last_g:
        return same
    same = _compared_equal(vars(f), vars(g))
    _last_compared = (f, g, same)
    return same


def _compared_equal(f_attributes: dict, g_attributes: dict) -> bool:
    if ("cbDefn" in f_attributes or "lineBreak" in f_attributes
            or "cbDefn" in g_attributes or "lineBreak" in g_attributes):
        return False
    for name in _COMPARED:
        first, second = f_attributes.get(name, _ABSENT), g_attributes.get(name, _ABSENT)
        if first is not second and first != second:
            return False
    return True


def _with_names(function: FunctionType, **names) -> FunctionType:
    """A function of reportlab's paragraph module, its code run with ``names`` in place
    of the module's own (the module declares no global it would rebind later)."""
    return FunctionType(function.__code__, {**vars(paragraph), **names}, function.__name__,
                        function.__defaults__, function.__closure__)


class Paragraph(paragraph.Paragraph):
    breakLines = _with_names(
        paragraph.Paragraph.breakLines, sameFrag=_same_style, stringWidth=measured_width,
        getAscentDescent=lru_cache(maxsize=256)(getAscentDescent),
        _getFragWords=_with_names(paragraph._getFragWords, stringWidth=measured_width))

    def _setup(self, text, style, bulletText, frags, cleaner):
        if frags is not None:  # the lines of a paragraph split in two, already cut
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        if not style.textTransform:
            cleaned = cleaner(text) if _unclean(text) else text
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

    def drawOn(self, canvas, x, y, _sW=0):
        """Drawn as reportlab would, straight into the page when it holds nothing but
        text (``direct_text``), without a saved state, a translation and a text object
        of its own; else by reportlab."""
        if not draw_paragraph(self, canvas, x, y, _sW):
            super().drawOn(canvas, x, y, _sW)


def _unclean(text: str) -> bool:
    """Whether reportlab's cleaner would change ``text``. A text it would not change is
    its own cleaned text: some 9 µs a paragraph, a twentieth of a satisfaction bilan
    quoting thousands of comments. The two spaces and the ends are looked for apart from
    the other spaces: one regular expression for all took three times as long."""
    return ("  " in text or text[:1] == " " or text[-1:] == " "
            or _OTHER_SPACE.search(text) is not None)


def linked(markup: str, style: ParagraphStyle, target: str) -> Paragraph:
    """A paragraph of ``markup`` (the bilans' own) that is one link to ``target``
    (« #cle »), an entry of the contents: the fragments reportlab's parser makes of
    ``<a href="target">markup</a>``, without the parser (48 µs an entry). Inside the
    link every fragment holds it, in one list they share, and those outside any other
    tag are tagged « a ». A text the cleaner would change at its ends, or a style
    underlining its links, goes to the parser."""
    if _unclean(markup) or getattr(style, "linkUnderline", platypus_link_underline):
        return Paragraph(f'<a href="{target}">{markup}</a>', style)
    whole = Paragraph(markup, style)
    link = [(0, target.strip())]
    for fragment in whole.frags:
        fragment.link = link
        if fragment.__tag__ == "para":
            fragment.__tag__ = "a"
    return whole


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


def _copy(parsed: _Template, shared: dict[str, list], text: str | None = None) -> ParaFrag:
    """A copy of a fragment the parser made (as its ``clone`` copies it), holding
    ``text``.

    The parser copies every fragment of a paragraph from one first fragment, so they
    all share its lists (the links and underlines it collects): so do these, through
    ``shared``, and no other paragraph's."""
    template, lists = parsed
    fragment = object.__new__(type(template))
    attributes = fragment.__dict__
    attributes.update(template.__dict__)
    for name in lists:
        kept = shared.get(name)
        if kept is None:
            kept = shared[name] = list(attributes[name])
        attributes[name] = kept
    if text is not None:
        attributes["text"] = text
    return fragment


def _parsed(style: ParagraphStyle, tags: tuple[str, ...]) -> tuple[_Template, _Template]:
    """A word's fragment and a line break's under ``tags`` in ``style``, from the parser."""
    known = _templates.get(style)
    if known is None:
        known = _templates[style] = {}
    if tags not in known:
        closing = "".join(f"</{_tag_name(tag)}>" for tag in reversed(tags))
        parser = ParaParser()
        parser.caseSensitive = 1  # as ``Paragraph`` sets it
        parsed = parser.parse(f"{''.join(tags)}x{_LINE_BREAK}{closing}", style)[1]
        known[tags] = tuple((fragment, tuple(name for name, value in vars(fragment).items()
                                             if isinstance(value, list)))
                            for fragment in parsed)
    return known[tags]


def _tag_name(opening: str) -> str:
    return _OPENING.fullmatch(opening).group(1)


class StackedRuns(Flowable):
    """A paragraph whose line breaks separate runs of text in one style each, set as one
    paragraph per run.

    The runs break their lines as the whole paragraph breaks each run's, and their lines
    are ``leading`` apart, as the paragraph's are. The paragraph's first baseline is its
    first run's font size below its top; a run in a smaller type would start higher, so
    it is drawn lower by the difference. A word wider than a line is cut by reportlab,
    which ends the line before the cut with a space in a paragraph of several styles
    only: then, and split (a table row split across two pages), it is the whole
    paragraph again, broken at the width it was given."""

    def __init__(self, whole: Paragraph, runs: list[Paragraph]):
        super().__init__()
        self.whole = whole
        self.style = whole.style  # its space before and after
        self.runs = runs
        first = runs[0].frags[0].fontSize
        self._lowered = [first - run.frags[0].fontSize for run in runs]
        self._longest_word = max(stringWidth(word, run.frags[0].fontName, run.frags[0].fontSize)
                                 for run in runs for word in run.frags[0].text.split(" "))
        self._as_whole = False

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        room = availWidth - self.style.leftIndent - self.style.rightIndent
        self._as_whole = self._longest_word > room - 1
        if self._as_whole:
            self.height = self.whole.wrap(availWidth, availHeight)[1]
        else:
            self.height = sum(run.wrap(availWidth, availHeight)[1] for run in self.runs)
        return availWidth, self.height

    def draw(self) -> None:
        if self._as_whole:
            self.whole.drawOn(self.canv, 0, 0)
            return
        top = self.height
        for run, lowered in zip(self.runs, self._lowered):
            top -= run.height
            run.drawOn(self.canv, 0, top - lowered)

    def split(self, availWidth, availHeight):
        self.whole.wrap(self.width, availHeight)
        return self.whole.split(availWidth, availHeight)


def stacked(whole: Paragraph) -> Paragraph | StackedRuns:
    """``whole`` as :class:`StackedRuns` when its line breaks separate runs of one style
    each, with nothing a run set alone would place otherwise (a bullet, an alignment
    but left, a first line's indent, a link); else ``whole`` itself."""
    style = whole.style
    if (whole.bulletText or style.alignment != TA_LEFT or style.firstLineIndent
            or getattr(style, "autoLeading", "") not in ("", "off")):
        return whole
    runs: list[list[ParaFrag]] = [[]]
    for fragment in whole.frags:
        if getattr(fragment, "lineBreak", False):
            runs.append([])
        else:
            runs[-1].append(fragment)
    if len(runs) < 2 or any(len(run) != 1 or not run[0].text.strip() or run[0].link
                            or run[0].us_lines for run in runs):
        return whole
    return StackedRuns(whole, [Paragraph(run[0].text, style, frags=run) for run in runs])
