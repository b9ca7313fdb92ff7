"""Alt+letter shortcuts: a field's letter never takes a menu's (Alt+A opened « Affichage »
instead of going to « Campagne »), nor another field's on the same screen."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar

from pexdesk.ui.screens import SCREENS
from tests.ui.helpers import open_section


def letter(text: str) -> str | None:
    found = re.search(r"&(?!&)(\w)", text)
    return found.group(1).casefold() if found else None


def menu_letters(window) -> set[str]:
    return {letter(action.text()) for action in window.menuBar().actions()}


def alt_shortcut_letters(screen) -> list[str]:
    """The Alt+letter shortcuts of the screen's own actions (those of a menu button)."""
    keys = [action.shortcut().toString() for action in screen.actions()]
    return [key[len("Alt+"):].casefold() for key in keys if re.fullmatch(r"Alt\+\w", key)]


def screen_letters(screen) -> list[str]:
    """The Alt+letters a screen offers as it is shown: its fields' labels, buttons, boxes,
    tabs and actions. Qt ignores the letters of hidden widgets, so a button of one tab may
    share its letter with one of another tab (Réunions CCAPEX's « Rele&vé PDF… » beside
    the form, « Rou&vrir » on « Suites à donner », which hides it), never with what shows
    beside it."""
    def shown(kind):
        return [w for w in screen.findChildren(kind) if w.isVisibleTo(screen)]

    texts = ([w.text() for w in shown(QLabel)] + [w.text() for w in shown(QAbstractButton)]
             + [w.title() for w in shown(QGroupBox)]
             + [bar.tabText(i) for bar in screen.findChildren(QTabBar) for i in range(bar.count())])
    return [letter(text) for text in texts if letter(text)] + alt_shortcut_letters(screen)


def assert_one_place_per_letter(window, screen) -> None:
    letters = screen_letters(screen)
    assert not set(letters) & menu_letters(window)
    assert len(letters) == len(set(letters)), sorted(letters)


@pytest.mark.parametrize("key", [spec.key for spec in SCREENS])
def test_each_letter_goes_to_one_place(window, qtbot, key):
    assert_one_place_per_letter(window, open_section(window, qtbot, key))


def test_alt_letter_reaches_a_composite_field(window, qtbot):
    """« Avan&cement » labels a slider and a spin box: Alt+C goes to the spin box."""
    screen = open_section(window, qtbot, "roadmap")
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert window.focusWidget() is screen.editor.progress.spin


def test_the_partners_contact_and_import_buttons_have_a_letter(window, qtbot):
    screen = open_section(window, qtbot, "partners")
    for button in (screen.more_button, screen.copy_emails_button, screen.vcard_button):
        assert letter(button.text()), button.text()
    assert sorted(alt_shortcut_letters(screen)) == ["p", "r", "s"]  # the menu's


def test_the_partner_import_dialog_has_its_own_letters(window, qtbot, monkeypatch):
    from tests.ui.test_partner_import_ui import FIXTURE, open_import

    dialog = open_import(open_section(window, qtbot, "partners"), qtbot, monkeypatch, FIXTURE)
    letters = [letter(dialog.import_button.text()), letter(dialog.skip_invalid.text())]
    assert all(letters) and len(set(letters)) == 2, letters
    qtbot.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.result is not None)  # Alt+I imported


@pytest.mark.parametrize("key, alt, field", [
    ("meetings", "P", "attendees"), ("roadmap", "P", "start_on"), ("roadmap", "L", "leads"),
    ("roadmap", "V", "deliverables"), ("roadmap", "J", "journal"),
])
def test_alt_letter_of_a_compound_field_reaches_it(window, qtbot, key, alt, field):
    """« &Participants », « &Période », « Pi&lotes », « &Journal » labelled a box of several
    widgets: Alt+letter did nothing. « Li&vrables » had no letter."""
    from datetime import date

    from pexdesk.core.domain.models import Action, Meeting
    from pexdesk.core.repositories import meetings, roadmap

    con = window.session.con
    meetings.save(con, Meeting(held_on=date(2025, 3, 4), kind="TECHNIQUE"))
    roadmap.save_action(con, Action(axis_id=roadmap.axes(con)[0].id, title="Charte"))
    screen = open_section(window, qtbot, key)
    qtbot.waitUntil(lambda: screen.editor.record_id is not None)
    screen.table.setFocus()
    qtbot.keyClick(window.focusWidget(), getattr(Qt.Key, f"Key_{alt}"),
                   Qt.KeyboardModifier.AltModifier)
    target = getattr(screen.editor, field)
    focused = window.focusWidget()
    assert focused is target or target.isAncestorOf(focused), focused


def test_each_letter_of_a_menu_chooses_one_entry(window):
    """In an open menu the letter chooses the entry: two entries with one letter make the
    key only move between them. (Affichage's screens go by Ctrl+1 to Ctrl+7 instead.)"""
    for title in window.menuBar().actions():
        letters = [letter(action.text()) for action in title.menu().actions()]
        letters = [found for found in letters if found]
        assert len(letters) == len(set(letters)), (title.text(), sorted(letters))
