"""Édition's record commands are offered only where they do something."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pexdesk.core.domain.models import Partner
from pexdesk.core.repositories import partners
from tests.ui.helpers import click_row, open_section, read


NOTHING_SELECTED = {"new_record": True, "duplicate_record": False, "save": False,
                    "revert": False, "delete_record": False, "focus_search": True}


def enabled(window) -> dict[str, bool]:
    return {name: action.isEnabled() for name, action in window.record_actions.items()}


def test_record_commands_follow_the_screen_shown(window, qtbot):
    open_section(window, qtbot, "dashboard")
    assert not any(enabled(window).values())
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.screens["partners"]
    assert enabled(window) == NOTHING_SELECTED  # an empty list
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert enabled(window) == {"new_record": False, "duplicate_record": False, "save": True,
                               "revert": True, "delete_record": True, "focus_search": False}
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert not any(enabled(window).values())


def two_partners_listed(window, qtbot):
    for name in ("CCAS d'Auch", "Mairie d'Auch"):
        partners.save(window.session.con, Partner(name=name, category_code="CCAS"))
    return open_section(window, qtbot, "partners")


def test_dupliquer_and_supprimer_follow_the_row_selected(window, qtbot):
    """Before, the menu offered them whatever the list showed, the screen's buttons grey."""
    screen = two_partners_listed(window, qtbot)
    click_row(qtbot, screen, "Mairie d'Auch")
    assert enabled(window)["duplicate_record"] and enabled(window)["delete_record"]
    qtbot.keyClicks(screen.search, "introuvable")
    assert screen.proxy.rowCount() == 0
    assert enabled(window) == NOTHING_SELECTED
    for _ in "introuvable":
        qtbot.keyClick(screen.search, Qt.Key.Key_Backspace)
    assert enabled(window)["duplicate_record"] and enabled(window)["delete_record"]


def test_dupliquer_is_not_offered_on_the_copy_it_made(window, qtbot):
    screen = two_partners_listed(window, qtbot)
    click_row(qtbot, screen, "CCAS d'Auch")
    qtbot.keyClick(screen.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert read(screen.editor_title.text()) == "Copie de : CCAS d'Auch"
    assert not screen.duplicate_button.isEnabled()
    assert enabled(window) == {"new_record": True, "duplicate_record": False, "save": True,
                               "revert": True, "delete_record": True, "focus_search": True}
    window.record_actions["revert"].trigger()
    assert screen.editor_title.text() == "CCAS d'Auch"
    assert enabled(window)["duplicate_record"]
