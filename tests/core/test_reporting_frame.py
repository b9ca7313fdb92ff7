"""The bilans' page frame is copied and asked as reportlab's frame is: a deep copy holds
the same values, shares none of its lists, and a frame without generated content says
so without it being set."""

from __future__ import annotations

import copy

from reportlab.platypus import Frame, PageBreak

from pexdesk.core.services.reporting.document import PageFrame


def _frames() -> tuple[PageFrame, Frame]:
    ours, theirs = (kind(10, 20, 300, 400, id="corps", leftPadding=0) for kind in (PageFrame,
                                                                                   Frame))
    for frame in (ours, theirs):
        frame._atTop, frame._prevASpace = 0, 6
        frame._frameBGs = [("fond", [1, 2])]
        frame.add_generated_content(PageBreak())
    return ours, theirs


def _values(frame) -> dict:
    """A frame's attributes, its generated flowables by class (they have no equality)."""
    return {name: [type(f) for f in value] if name == "_generated_content" else value
            for name, value in vars(frame).items()}


def test_a_deep_copy_is_reportlabs():
    ours, theirs = _frames()
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
