"""What every section screen offers the main window."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QPushButton, QWidget

from pexdesk.ui.session import Session
from pexdesk.ui.settings import UiSettings


class Screen(QWidget):
    """A section of the workspace. It refreshes itself when the tables it shows change."""

    watched_tables: tuple[str, ...] = ()

    loaded = Signal()
    """The screen shows its data (after a background load): tests and ``pexdesk smoke`` wait on it."""

    view_changed = Signal()
    """What :meth:`keep_view` keeps changed at the user's request, to be kept at once."""

    navigate = Signal(str, dict)
    """Ask the window to show another section, focused as the options say (from the dashboard)."""

    def __init__(self, session: Session, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.undo_stack = undo_stack
        self._stale = True
        self.shown_data = False
        self.loaded.connect(self._mark_shown)
        session.changed.connect(self._on_changed)

    def _mark_shown(self) -> None:
        self.shown_data = True

    def activate(self) -> None:
        """Called when the screen is shown; loads its data the first time and after changes."""
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Reload what the screen shows from the base."""

    def focus_on(self, options: dict) -> None:
        """Show what ``options`` designate (e.g. ``{"status": "LATE"}``); sections override."""

    def restore_view(self, settings: UiSettings) -> None:
        """Show things as the user left them last time (a list's sort and column widths),
        before the first data comes in."""

    def keep_view(self, settings: UiSettings) -> None:
        """Keep in ``settings`` what :meth:`restore_view` restores."""

    def can_leave(self) -> bool:
        """False keeps the user on the screen (unsaved changes they chose to keep)."""
        return True

    def command_buttons(self) -> dict[str, QPushButton]:
        """The screen's buttons for Édition's record commands, by command name (« Dupliquer »
        is ``duplicate_record``): the menu entry is enabled only while its button is, so that
        Ctrl+D is not offered where « Dupliquer » is greyed out."""
        return {}

    def _on_changed(self, table: str) -> None:
        if table in self.watched_tables:
            self._stale = True
            if self.isVisible():
                self.activate()
