"""Read-only connections that background reads hand back instead of closing.

Every screen loads its rows off the UI thread on a connection of its own, and reloads
them after each save. Opening a connection is not free: SQLite reads and parses the
whole schema (its 69 journal triggers are most of it) on the first statement, a few
milliseconds on a laptop's disk and far more on a network share, where ADILs often
keep their files. Between two reads, an idle connection holds no snapshot (statements
are run to completion in autocommit mode), so the next read sees every commit.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pexdesk.core.db.connection import connect

IDLE_CONNECTIONS = 2
"""Kept open between reads: two background reads rarely run at once."""


class ReaderPool:
    def __init__(self, path: Path):
        self.path = path
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def borrow(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection for one job, on any thread; back to the pool afterwards."""
        with self._lock:
            con = self._idle.pop() if self._idle else None
        if con is None:
            con = connect(self.path, read_only=True)
        try:
            yield con
        finally:
            self._give_back(con)

    def _give_back(self, con: sqlite3.Connection) -> None:
        with self._lock:
            keep = not self._closed and not con.in_transaction \
                and len(self._idle) < IDLE_CONNECTIONS
            if keep:
                self._idle.append(con)
        if not keep:
            con.close()

    def close(self) -> None:
        """Close the idle connections; those still lent are closed when given back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for con in idle:
            con.close()
