"""A view in a tab of a section screen (the meetings' follow-ups, the roadmap's charte)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class TabView(QWidget):
    """Reads the base again when what it shows was written: at once while in view, else the
    next time its tab is shown, so that a save elsewhere never waits on a hidden tab."""

    def __init__(self) -> None:
        super().__init__()
        self._stale = True

    def read_again(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read what the view shows; a subclass reads, then calls this last or first."""
        self._stale = False
