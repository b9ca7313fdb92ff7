"""The bilans' paragraph keeps its line breaks per width: it must never answer with the
size of another width, nor lose the lines reportlab drops when it pushes a paragraph on;
a text in the bilans' own markup skips the parser and is set as the parser would have
set it, any other markup is still parsed; its lines are broken as reportlab breaks them,
with cheaper functions that must give reportlab's answers."""

from __future__ import annotations

import copy
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import colors, rl_accel
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, paragraph, paraparser

from pexdesk.core.services.reporting.fonts import with_fallback
from pexdesk.core.services.reporting.paragraph import Paragraph, _same_style, linked
from pexdesk.core.services.reporting.styles import styles

TEXT = "La commission a examiné les situations inscrites à l'ordre du jour. " * 8


def test_a_new_width_breaks_the_lines_again():
    para = Paragraph(TEXT, styles().body)
    wide = para.wrap(400, 1000)
    narrow = para.wrap(150, 1000)
    assert narrow[0] == 150 and narrow[1] > wide[1]
    assert para.wrap(400, 1000) == wide


def test_the_same_width_gives_the_same_size_without_breaking_again(monkeypatch):
    para = Paragraph(TEXT, styles().body)
    size = para.wrap(300, 1000)
    breaks = []
    monkeypatch.setattr(para, "breakLines", lambda widths: breaks.append(widths))
    assert para.wrap(300, 500) == size
    assert breaks == []


def test_a_paragraph_pushed_to_the_next_frame_still_draws():
    para = Paragraph(TEXT, styles().body)
    para.wrap(300, 1000)
    assert para.split(300, 1) == []  # no room for two lines: reportlab drops the lines
    para.wrap(300, 1000)
    canvas = Canvas(io.BytesIO())
    para.drawOn(canvas, 0, 0)
    canvas.save()


def drawn(para) -> str:
    """What reportlab's drawing writes for ``para`` (the bilans' direct drawing of a
    paragraph is compared with it in test_reporting_direct_text)."""
    canvas = Canvas(io.BytesIO())
    Flowable.drawOn(para, canvas, 0, 0)
    return canvas.getCurrentPageContent()


def _every_style():
    s = styles()
    named = [value for value in vars(s).values() if not isinstance(value, tuple)]
    return named + list(s.toc_levels)


@settings(max_examples=300)
@given(text=st.text(st.characters(blacklist_characters="<&", blacklist_categories=("Cs",)))
       | st.sampled_from(["Très bien ✓", "Merci 🙂 pour tout", "★★★ et ❤"]),
       style=st.sampled_from(_every_style()))
def test_a_plain_text_is_set_as_reportlab_parsing_it_would(text, style):
    """Without tag nor entity, the text skips reportlab's parser: the fragments (cut for
    the fallback faces), the text kept and the lines are the ones the parser's give."""
    parsed = paragraph.Paragraph(text, style)
    expected = paragraph.Paragraph(parsed.text, style, frags=with_fallback(parsed.frags))
    ours = Paragraph(text, style)
    assert ours.text == expected.text and ours.bulletText == expected.bulletText
    assert [vars(f) for f in ours.frags] == [vars(f) for f in expected.frags]
    assert ours.wrap(200, 1000) == expected.wrap(200, 1000)
    assert drawn(ours) == drawn(expected)


_words = st.text(st.characters(blacklist_characters="<&", blacklist_categories=("Cs",)),
                 min_size=1) | st.sampled_from(["&amp;", "&lt;", "&gt;", "&quot;", "<br/>"])
_opening = st.sampled_from(["<b>", "<i>", '<font size="7.5">', '<font color="#5b6470">',
                            '<font name="Carlito" color="#c0510a">'])


@st.composite
def _markup(draw, depth: int = 0) -> str:
    """Text in the bilans' own markup: words, entities, line breaks and nested tags."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 3 and draw(st.booleans()):
            opening = draw(_opening)
            name = opening[1:].split(" ")[0].rstrip(">")
            parts.append(f"{opening}{draw(_markup(depth + 1))}</{name}>")
        else:
            parts.append(draw(_words))
    return "".join(parts)


def _lists(frags) -> list[list[int]]:
    """Which of the fragments' lists are one and the same list."""
    first_seen: dict[int, int] = {}
    return [[first_seen.setdefault(id(value), len(first_seen)) for value in vars(f).values()
             if isinstance(value, list)] for f in frags]


@settings(max_examples=300)
@given(text=_markup(), style=st.sampled_from(_every_style()),
       bullet=st.sampled_from([None, "•"]))
def test_the_bilans_markup_is_set_as_reportlab_parsing_it_would(text, style, bullet):
    """Tags, entities and line breaks of the bilans' own markup skip the parser too: the
    fragments (cut for the fallback faces, sharing their lists as the parser's do), the
    text kept and the lines are the ones the parser's give."""
    parsed = paragraph.Paragraph(text, style, bulletText=bullet)
    expected = paragraph.Paragraph(parsed.text, style, bulletText=bullet,
                                   frags=with_fallback(parsed.frags))
    ours = Paragraph(text, style, bulletText=bullet)
    assert ours.text == expected.text and ours.bulletText == expected.bulletText
    assert [vars(f) for f in ours.frags] == [vars(f) for f in expected.frags]
    assert _lists(ours.frags) == _lists(expected.frags)
    assert ours.wrap(200, 1000) == expected.wrap(200, 1000)
    assert drawn(ours) == drawn(expected)


@pytest.mark.parametrize("text", ['<a href="#h1">Lien</a>', "<b>ouvert", "<b>croisé<i></b></i>",
                                  "a&nbsp;b", "<u>souligné</u>"])
def test_other_markup_is_still_parsed(text, monkeypatch):
    parsed = []
    original = paraparser.ParaParser.parse
    monkeypatch.setattr(paraparser.ParaParser, "parse",
                        lambda self, *args: parsed.append(args) or original(self, *args))
    try:
        Paragraph(text, styles().body)
    except ValueError:
        pass  # tags out of order: reportlab's own error
    assert text in [args[0] for args in parsed]


_spaced = st.lists(st.sampled_from(["mot", "«", "»", "\u00a0", " ", "  ", "\t", "\n", "\r\n",
                                    "\u2002", "\u2009", "\u202f", "\u200b", "\x1c", "\x85",
                                    "\u3000", "\u2028"])).map("".join)


@settings(max_examples=300)
@given(text=_spaced, style=st.sampled_from(_every_style()))
def test_a_text_is_cleaned_of_its_spaces_as_reportlab_cleans_it(text, style):
    """Spaces and line breaks are collapsed as reportlab's cleaner collapses them, which
    a text without any to collapse skips."""
    assert Paragraph(text, style).text == paragraph.Paragraph(text, style).text


def test_markup_and_entities_are_read():
    para = Paragraph("<b>Gras</b> &amp; maigre", styles().body)
    assert "".join(f.text for f in para.frags) == "Gras & maigre"
    assert [f.fontName for f in para.frags][:2] == ["Carlito-Bold", "Carlito"]


def test_plain_paragraphs_do_not_share_what_they_collect():
    first, second = Paragraph("Un", styles().body), Paragraph("Deux", styles().body)
    first.frags[0].link.append("lien")
    assert second.frags[0].link == []


_attribute_values = st.sampled_from([None, 0, 1, 7.5, "Carlito", "Carlito-Bold", [], ["lien"],
                                     colors.black, colors.Color(0, 0, 0), colors.red,
                                     colors.CMYKColor(0, 0, 0, 1)])
_attributes = st.dictionaries(st.sampled_from(["fontName", "fontSize", "textColor", "rise",
                                               "us_lines", "link", "backColor", "nobr",
                                               "cbDefn", "lineBreak", "text", "bold"]),
                              _attribute_values)


@settings(max_examples=500)
@given(first=_attributes, changed=_attributes,
       removed=st.sets(st.sampled_from(["fontName", "textColor", "backColor", "nobr", "link"])))
def test_fragments_are_compared_as_reportlab_compares_them(first, changed, removed):
    """The bilans' paragraphs compare two words' styles without reportlab's C accelerator,
    with the same answer, an attribute one fragment lacks included."""
    second = {name: value for name, value in {**first, **changed}.items()
              if name not in removed}
    f, g = paraparser.ParaFrag(**first), paraparser.ParaFrag(**second)
    assert _same_style(f, g) == bool(rl_accel.sameFrag(f, g))
    assert _same_style(f, f) == bool(rl_accel.sameFrag(f, f))


def test_reportlab_own_paragraphs_keep_reportlab_functions():
    """The cheaper functions serve the bilans' paragraphs only: the bench's plain-text
    baseline is reportlab's paragraph as it comes."""
    assert paragraph.sameFrag is rl_accel.sameFrag
    assert paragraph.stringWidth is pdfmetrics.stringWidth
    assert paragraph.getAscentDescent is pdfmetrics.getAscentDescent
    assert Paragraph.breakLines.__code__ is paragraph.Paragraph.breakLines.__code__
    assert paragraph.Paragraph.breakLines.__globals__["_getFragWords"] is paragraph._getFragWords


def _broken(para, width) -> tuple:
    """Everything ``breakLines`` answers for ``para`` at ``width``, and the words it
    leaves in the paragraph's fragments, as plain values."""
    lines = para.breakLines(width)
    if lines.kind == 0:
        shown = [(extra, list(words)) for extra, words in lines.lines]
        frags = [vars(f) for f in para.frags]
    else:
        shown = [(line.extraSpace, line.wordCount, line.lineBreak, line.fontSize, line.ascent,
                  line.descent, line.maxWidth, line.sFW, [vars(w) for w in line.words])
                 for line in lines.lines]
        frags = [[word[0], *[(vars(f), text) for f, text in word[1:]]] for word in para.frags]
    return lines.kind, shown, frags, para._width_max


@settings(max_examples=300)
@given(text=_markup(), style=st.sampled_from(_every_style()),
       width=st.sampled_from([30.0, 120.0, 200.0, [80.0, 200.0]]))
def test_lines_are_broken_as_reportlab_breaks_them(text, style, width):
    """The cheaper functions the bilans' paragraphs break their lines with (the words'
    widths, ascents and styles compared) give reportlab's lines, word for word, and
    leave the same words in the paragraph."""
    ours = Paragraph(text, style)
    expected = paragraph.Paragraph(ours.text, style, frags=copy.deepcopy(ours.frags))
    assert _broken(ours, width) == _broken(expected, width)


@settings(max_examples=300)
@given(text=_markup(), style=st.sampled_from(_every_style()),
       target=st.sampled_from(["#synthese", "#annexe-1", " #contexte "]))
def test_a_link_is_set_as_reportlab_parsing_it_would(text, style, target):
    """A contents' entry, one link around the bilans' own markup, skips the parser: the
    fragments (sharing the link's list as the parser's do), the lines and what is drawn,
    its link included, are the ones the parser's give."""
    parsed = paragraph.Paragraph(f'<a href="{target}">{text}</a>', style)
    expected = paragraph.Paragraph(parsed.text, style, frags=with_fallback(parsed.frags))
    ours = linked(text, style, target)
    assert [vars(f) for f in ours.frags] == [vars(f) for f in expected.frags]
    assert _lists(ours.frags) == _lists(expected.frags)
    assert ours.wrap(200, 1000) == expected.wrap(200, 1000)
    assert _drawn_with_links(ours) == _drawn_with_links(expected)


def _drawn_with_links(para) -> tuple[str, list]:
    """What reportlab's drawing writes for ``para``, with its links (as :func:`drawn`)."""
    canvas = Canvas(io.BytesIO())
    Flowable.drawOn(para, canvas, 0, 0)
    annotations = [canvas._doc.idToObject[ref.name] for ref in canvas._annotationrefs]
    return canvas.getCurrentPageContent(), [(a.Rect, a.Destination.name) for a in annotations]
