"""Alt+letter shortcuts: a field's letter never takes a menu's (Alt+A opened « Affichage »
instead of going to « Campagne »), nor another field's on the same screen."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

from pexdesk.ui.screens import SCREENS
from tests.ui.helpers import open_section


def letter(text: str) -> str | None:
    found = re.search(r"&(?!&)(\w)", text)
    return found.group(1).casefold() if found else None


def menu_letters(window) -> set[str]:
    return {letter(action.text()) for action in window.menuBar().actions()}


@pytest.mark.parametrize("key", [spec.key for spec in SCREENS])
def test_each_letter_goes_to_one_place(window, qtbot, key):
    screen = open_section(window, qtbot, key)
    texts = ([w.text() for w in screen.findChildren(QLabel)]
             + [w.text() for w in screen.findChildren(QAbstractButton)]
             + [w.title() for w in screen.findChildren(QGroupBox)])
    letters = [letter(text) for text in texts if letter(text)]
    assert not set(letters) & menu_letters(window)
    assert len(letters) == len(set(letters)), sorted(letters)


def test_alt_letter_reaches_a_composite_field(window, qtbot):
    """« Avan&cement » labels a slider and a spin box: Alt+C goes to the spin box."""
    screen = open_section(window, qtbot, "roadmap")
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert window.focusWidget() is screen.editor.progress.spin
