"""The base a document (bilan, questionnaire, relevé) is read from, as the command line
opens it: read only, checked, and the document recorded in its journal once written.

A short document costs little more than opening its base, so the opening is where its
time goes: every SQLite connection parses the base's schema (its 81 journal triggers:
2 ms), and the quick check reads the whole file (0.2 s of a 90 MB base). So the check
runs on a thread of its own, through its own connection (SQLite lets Python run
meanwhile), while the document is laid out; its verdict is awaited before the document
replaces anything (:meth:`DocumentSource.verified`), and a failure of a damaged base is
reported as the damage. The journal entry is then written through the reading
connection, under the base's lock, rather than through a third one.

The check starts once the base is read (:meth:`DocumentSource.start_check`): started
with the reading, it slowed the reading of a bilan de satisfaction from 1.4 to 2.6 ms
(the two connections parsing and reading at once contend inside SQLite), and the layout
after it hides the check whole, but on a large base.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from pexdesk.core.db.base import Base, verify_integrity
from pexdesk.core.safety import journal


class IntegrityCheck:
    """:func:`verify_integrity` of ``path`` on a thread of its own, started at once."""

    def __init__(self, path: Path) -> None:
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True,
                                        name="pexdesk-quick-check")
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            verify_integrity(path)
        except BaseException as exc:  # handed to the waiting thread by verdict()
            self._failure = exc

    def verdict(self) -> None:
        """Wait for the check; raise what it raised (DamagedBaseError, in French)."""
        self._thread.join()
        if self._failure is not None:
            raise self._failure


class DocumentSource:
    """``with DocumentSource(path) as source:`` read ``source.con``, then
    ``source.start_check()``, write the document with ``source.verified`` called before
    it goes out, then ``source.record(summary)``.

    Leaving the block waits for the check (started then if it was not): on a base it
    finds damaged, whatever was raised inside (SQLite's own error, a figure that makes
    no sense) gives way to the French DamagedBaseError naming the backup to restore."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._base: Base | None = None
        self._check: IntegrityCheck | None = None

    def __enter__(self) -> DocumentSource:
        self._base = Base.open(self.path, read_only=True, quick_check=False)
        return self

    @property
    def con(self) -> sqlite3.Connection:
        return self._base.con

    def start_check(self) -> None:
        """Start the quick check, the base read: it runs while the document is laid out."""
        if self._check is None:
            self._check = IntegrityCheck(self._base.path)

    def verified(self) -> None:
        """Return once the base is found sound; DamagedBaseError otherwise."""
        self.start_check()
        self._check.verdict()

    def record(self, summary: str) -> bool:
        """The document in the base's journal (a ``REPORT`` event), unless another pexdesk
        has the base open for writing (:func:`journal.record_at`). True when recorded."""
        return journal.record_at(self._base.path, "REPORT", summary, con=self.con)

    def __exit__(self, exc_type, exc, traceback) -> None:
        try:
            self.verified()
        finally:
            self._base.close()
