"""Édition's record commands are offered only where they do something."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import open_section


def enabled(window) -> dict[str, bool]:
    return {name: action.isEnabled() for name, action in window.record_actions.items()}


def test_record_commands_follow_the_screen_shown(window, qtbot):
    open_section(window, qtbot, "dashboard")
    assert not any(enabled(window).values())
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.screens["partners"]
    assert all(enabled(window).values())
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert enabled(window) == {"new_record": False, "duplicate_record": False, "save": True,
                               "revert": True, "delete_record": True, "focus_search": False}
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert not any(enabled(window).values())
