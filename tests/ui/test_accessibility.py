"""What a screen reader says of the fields the keyboard reaches in the forms."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from pexdesk.core.domain.models import Action, Meeting, Partner
from pexdesk.core.repositories import meetings, partners, roadmap
from tests.ui.helpers import open_section


@pytest.mark.parametrize("key", ["meetings", "roadmap"])
def test_every_stop_of_the_tab_key_in_a_form_has_a_name(window, qtbot, key):
    """The progress spin box, the lists of partners to tick and the sub-tables were named
    on their box only, which the keyboard never reaches: a screen reader said « 40 % »,
    « liste », « tableau », without saying what they are."""
    con = window.session.con
    partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    meetings.save(con, Meeting(held_on=date(2025, 3, 4), kind="TECHNIQUE"))
    roadmap.save_action(con, Action(axis_id=roadmap.axes(con)[0].id, title="Charte"))
    screen = open_section(window, qtbot, key)
    qtbot.waitUntil(lambda: screen.editor.record_id is not None)
    screen.table.setFocus()
    unnamed, reached = [], []
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if not screen.editor.isAncestorOf(focused):
            break
        reached.append(focused)
        if not isinstance(focused, QAbstractButton) and not focused.accessibleName():
            unnamed.append(type(focused).__name__)
    assert len(reached) > 10 and unnamed == []


def test_a_follow_up_cell_being_typed_is_named_after_its_column(window, qtbot):
    screen = open_section(window, qtbot, "meetings")
    qtbot.keyClick(screen.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    followups = screen.editor.followups
    qtbot.mouseClick(followups.add_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget().accessibleName() == "Suite"
