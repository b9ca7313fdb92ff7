"""The open base as the UI sees it.

Every write from a screen goes through :meth:`Session.write`, which commits at once
(a crash loses at most the form being typed) and tells the other screens which
table changed so they refresh what they show.

The base's integrity is checked in the background just after it opens (see
``safety_actions``); until that check has passed, a save waits for it, so a damaged base
is never written to.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from pexdesk.core.db.base import Base
from pexdesk.core.db.readers import ReaderPool
from pexdesk.core.errors import DamagedBaseError, StorageError

T = TypeVar("T")

INTEGRITY_WAIT_S = 10
"""How long a save waits for the opening integrity check before asking to retry."""


class Session(QObject):
    changed = Signal(str)
    """A table whose rows were written (``"partner"``, ``"meeting"``…), or
    ``"table.column"`` when only that reference was (``"response.partner_id"``: see
    ``RecordCommand``)."""
    saved = Signal(datetime)
    """The time of the last successful save, for the status bar."""
    history_forgotten = Signal()
    """A write the undo history does not hold (an import, a purge) was made: see
    :meth:`forget_history`."""

    def __init__(self, base: Base, parent: QObject | None = None):
        super().__init__(parent)
        self.base = base
        self.last_saved: datetime | None = None
        self._closed = False
        self._checked = threading.Event()
        self._damage: DamagedBaseError | None = None
        self._readers = ReaderPool(base.path)

    @property
    def con(self) -> sqlite3.Connection:
        return self.base.con

    @property
    def department_code(self) -> str:
        return self.base.profile().department_code

    def write(self, tables: str | tuple[str, ...], action: Callable[[sqlite3.Connection], T]) -> T:
        """Run one user action against the base, then tell the screens showing ``tables``.

        Errors propagate unchanged: they carry French messages for the form to show. A
        base opened read-only (another pexdesk has it) refuses every write here, so that
        no screen button can write either.
        """
        result = self.journal(action)
        self.last_saved = datetime.now()
        for table in (tables,) if isinstance(tables, str) else tables:
            self.changed.emit(table)
        self.saved.emit(self.last_saved)
        return result

    def write_beyond_undo(self, tables: str | tuple[str, ...],
                          action: Callable[[sqlite3.Connection], T]) -> T:
        """:meth:`write` for an action Ctrl+Z cannot take back (an import, a purge)."""
        result = self.write(tables, action)
        self.forget_history()
        return result

    def forget_history(self) -> None:
        """The undo history no longer applies: undoing what came before a bulk write could
        delete or revert what that write built on (the partner an import then completed,
        with the contacts it added; the campaign an import then filled; a contact a purge
        removed, brought back by undoing its last edit)."""
        self.history_forgotten.emit()

    def journal(self, action: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``action`` under :meth:`write`'s guards but announce nothing: journaling a bilan
        or an export changes none of the user's records, and the status bar's « Dernier
        enregistrement » must not say it did."""
        if self.base.read_only:  # why, and what to do, is in the banner above the screens
            raise StorageError("La base est ouverte en lecture seule : rien n'a été enregistré.")
        if not self._checked.wait(INTEGRITY_WAIT_S):
            raise StorageError("La vérification de la base, lancée à son ouverture, n'est pas "
                               "terminée : rien n'a été enregistré. Réessayez dans un instant.")
        if self._damage is not None:
            raise StorageError(f"{self._damage} Rien n'a été enregistré.")
        return action(self.con)

    def integrity_checked(self, damage: DamagedBaseError | None) -> None:
        """The opening integrity check is over (called from its thread): saves go ahead, or,
        if it found ``damage``, are refused."""
        self._damage = damage
        self._checked.set()

    def reading(self) -> AbstractContextManager[sqlite3.Connection]:
        """A read-only connection for a background job, used by one thread at a time and
        kept open for the next job (see ``ReaderPool``)."""
        return self._readers.borrow()

    @property
    def read_only(self) -> bool:
        return self.base.read_only

    @property
    def is_open(self) -> bool:
        return not self._closed

    def close(self) -> None:
        self._closed = True
        self._readers.close()  # before the base's: the last connection to close removes -wal
        self.base.close()
