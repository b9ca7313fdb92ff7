"""The bilans' pages: every body page carries the same running header and footer, the
first page's written again on the others, with its own number; the page frame is copied
and asked as reportlab's frame is: a deep copy holds the same values, shares none of its
lists, and a frame without generated content says so without it being set."""

from __future__ import annotations

import copy

from pypdf import PdfReader
from reportlab.platypus import Frame, PageBreak
from reporting_helpers import normalise

from pexdesk.core.services.reporting.document import DocumentInfo, PageFrame, ReportDocument
from pexdesk.core.services.reporting.paragraph import Paragraph
from pexdesk.core.services.reporting.styles import styles


def test_every_body_page_carries_the_running_texts_and_its_number(tmp_path):
    info = DocumentInfo(title="Essai", author="A", subject="S", keywords="K",
                        header_left="ADIL ✓ de démonstration 👍", header_place="Gers (32)",
                        header_right="Bilan d'essai · 2026", footer_left="Établi le 1er mai")
    out = tmp_path / "pages.pdf"
    story = []
    for number in range(1, 5):
        story += [Paragraph(f"Contenu de la page {number}", styles().body), PageBreak()]
    ReportDocument(str(out), info, cover=False).render(story[:-1])
    pages = [normalise(page.extract_text()) for page in PdfReader(out).pages]
    assert len(pages) == 4
    for number, text in enumerate(pages, start=1):
        for shown in ("ADIL ✓ de démonstration 👍 · Gers (32)", "Bilan d'essai · 2026",
                      "Établi le 1er mai", f"Page {number} / 4", f"page {number}"):
            assert shown in text, (shown, text)


def _frame(kind: type[Frame]) -> Frame:
    """A frame in the middle of a page, with a background and generated content."""
    frame = kind(10, 20, 300, 400, id="corps", leftPadding=0)
    frame._atTop, frame._prevASpace = 0, 6
    frame._frameBGs = [("fond", [1, 2])]
    frame.add_generated_content(PageBreak())
    return frame


def _values(frame) -> dict:
    """A frame's attributes, its generated flowables by class (they have no equality)."""
    return {name: [type(f) for f in value] if name == "_generated_content" else value
            for name, value in vars(frame).items()}


def test_a_deep_copy_is_reportlabs():
    ours, theirs = _frame(PageFrame), _frame(Frame)
    copied, expected = copy.deepcopy(ours), copy.deepcopy(theirs)
    assert type(copied) is PageFrame
    assert _values(copied) == _values(expected)
    assert copied._frameBGs is not ours._frameBGs
    assert copied._frameBGs[0][1] is not ours._frameBGs[0][1]
    assert copied._generated_content is not ours._generated_content
    assert copied._x1 == 10 and copied._width == 300


def test_a_frame_without_generated_content_answers_none():
    frame = PageFrame(10, 20, 300, 400)
    assert getattr(frame, "_generated_content", "absent") is None
    frame.add_generated_content(PageBreak())
    assert len(frame._generated_content) == 1
    del frame._generated_content
    assert frame._generated_content is None
