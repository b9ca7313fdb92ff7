"""The bilans' paragraph keeps its line breaks per width: it must never answer with the
size of another width, nor lose the lines reportlab drops when it pushes a paragraph on;
a plain text skips the markup parser and is set as the parser would have set it."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph

from pexdesk.core.services.reporting.fonts import with_fallback
from pexdesk.core.services.reporting.paragraph import Paragraph
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
    canvas = Canvas(io.BytesIO())
    para.drawOn(canvas, 0, 0)
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


def test_markup_and_entities_are_still_parsed():
    para = Paragraph("<b>Gras</b> &amp; maigre", styles().body)
    assert "".join(f.text for f in para.frags) == "Gras & maigre"
    assert [f.fontName for f in para.frags][:2] == ["Carlito-Bold", "Carlito"]


def test_plain_paragraphs_do_not_share_what_they_collect():
    first, second = Paragraph("Un", styles().body), Paragraph("Deux", styles().body)
    first.frags[0].link.append("lien")
    assert second.frags[0].link == []
