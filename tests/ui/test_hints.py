"""Secondary texts (keyboard hints, notes) stay readable: WCAG's 4.5:1 contrast at least."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from pexdesk.ui.widgets import style_as_hint
from tests.ui.helpers import open_section


def luminance(color) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(c) for c in color.getRgbF()[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(label: QLabel) -> float:
    palette = label.palette()
    lighter, darker = sorted((luminance(palette.color(QPalette.ColorRole.WindowText)),
                              luminance(palette.color(QPalette.ColorRole.Window))),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_a_hint_is_lighter_than_the_body_but_readable(qtbot):
    body = QLabel("Texte")
    hint = style_as_hint(QLabel("Une touche par note, le curseur avance seul"))
    qtbot.addWidget(body)
    qtbot.addWidget(hint)
    assert 4.5 <= contrast(hint) < contrast(body)


def test_the_feedback_screen_hints_are_readable(window, qtbot):
    screen = open_section(window, qtbot, "feedback")
    hints = [label for label in screen.findChildren(QLabel)
             if label.text().startswith("Une touche par note") or label is screen.campaign_info]
    assert len(hints) == 2
    assert all(contrast(label) >= 4.5 for label in hints)
