"""What the tests of the meeting form share: a commission technique to open, typing where
the focus is, ticking a checklist's first match, typing a pair of fields and saving."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pexdesk.core.domain.models import Meeting
from pexdesk.core.repositories import meetings
from tests.ui.helpers import press, type_text

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
DAY = "04/03/2025"


def commission(con, **fields) -> Meeting:
    """The commission technique of :data:`DAY`: 12 dossiers examined, 9 avis."""
    return meetings.save(con, Meeting(held_on=date(2025, 3, 4), kind="TECHNIQUE",
                                      dossiers_examined=12, opinions_issued=9, **fields))


def stored(window) -> Meeting:
    [meeting] = meetings.all_meetings(window.session.con)
    return meeting


def keys(qtbot, window, text: str) -> None:
    """``text`` typed where the focus is, key by key, as the user types it."""
    type_text(QApplication.focusWidget() or window, text)


def tick_found(qtbot, window, mnemonic: Qt.Key, typed: str) -> None:
    """Alt+``mnemonic`` to a checklist's filter, ``typed`` typed over what it held, Tab into
    the list, Espace ticks the first line it shows."""
    press(qtbot, window, mnemonic, ALT)
    QApplication.focusWidget().selectAll()
    keys(qtbot, window, typed)
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Space)


def type_pair_and_save(qtbot, window, mnemonic: Qt.Key, first: str, second: str) -> None:
    """Alt+``mnemonic`` to a pair of boxes (ordre du jour, horaires), ``first`` typed, Tab,
    ``second`` typed, Ctrl+S."""
    press(qtbot, window, mnemonic, ALT)
    keys(qtbot, window, first)
    press(qtbot, window, Qt.Key.Key_Tab)
    keys(qtbot, window, second)
    press(qtbot, window, Qt.Key.Key_S, CTRL)
