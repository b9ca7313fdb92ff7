"""What the forms of a session offer to choose from (the partners, the territories already
typed), read on a loading thread, kept for every form of the session, and read again only
once a table it comes from has changed, when a widget offering it asks: a change made on
another screen costs nothing until such a form is in view."""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from pexdesk.ui.session import Session
from pexdesk.ui.typography import typeset
from pexdesk.ui.workers import LatestOnly


class SessionReads(QObject):
    """One thing the session's forms offer, read when a widget offering it asks and what
    is held is out of date, or nothing is held yet."""

    arrived = Signal(object)
    """What was just read (:meth:`read`'s value)."""
    outdated = Signal()
    """One of the :attr:`tables` changed: what is held no longer holds."""
    failed = Signal(object)
    """It could not be read (the error)."""

    tables: tuple[str, ...] = ()
    """What it is read from."""

    def __init__(self, session: Session):
        super().__init__(session)
        self.session = session
        self.held: Any = None
        self._stale = True
        self._reads = LatestOnly(self, lambda: session.is_open)
        session.changed.connect(self._on_changed)

    @classmethod
    def of(cls, session: Session):
        """The session's one, made on first use: it lives and dies with the session."""
        found = session.findChild(cls)
        return found if found is not None else cls(session)

    def read(self, con: sqlite3.Connection) -> Any:
        raise NotImplementedError

    @property
    def pending(self) -> bool:
        """A read is on its way."""
        return self._reads.pending

    def request(self) -> None:
        """Read on a loading thread unless what is held is up to date; ``arrived`` brings
        it."""
        if self._stale:
            self._stale = False
            self._reads.run(self._read, self._arrived, self._failed)

    def _read(self, _progress) -> Any:
        with self.session.reading() as con:
            return self.read(con)

    def _arrived(self, held: Any) -> None:
        self.held = held
        self.arrived.emit(held)

    def _failed(self, error: Exception) -> None:
        self._stale = True  # asked again the next time a form shows it
        self.failed.emit(error)

    def _on_changed(self, table: str) -> None:
        if table in self.tables:
            self._stale = True
            self.outdated.emit()


class ShowsReads:
    """Mixed into a widget offering what a :class:`SessionReads` holds (before its Qt
    class): it asks for it when it shows, and again when it changes while the widget is in
    view; :meth:`show_read` receives it."""

    reads: SessionReads

    def follow_reads(self, reads: SessionReads) -> None:
        self.reads = reads
        reads.arrived.connect(self.show_read)
        reads.outdated.connect(self._reads_outdated)
        reads.failed.connect(self._reads_unreadable)
        if reads.held is not None:
            self.show_read(reads.held)

    def show_read(self, held: Any) -> None:
        raise NotImplementedError

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reads.request()

    def _reads_outdated(self) -> None:
        if self.isVisible():
            self.reads.request()

    def _reads_unreadable(self, error: Exception) -> None:
        if self.isVisible():
            QMessageBox.warning(self, self.tr("Lecture de la base"), typeset(error))
