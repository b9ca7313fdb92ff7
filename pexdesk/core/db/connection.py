"""Opening a base with the settings that make it durable, and one transaction per action.

Settings follow shared/reliability.md §1.9: WAL with ``synchronous=FULL`` so an
acknowledged save survives a power cut, foreign keys on (they are off by default
and per connection), and an explicit ``BEGIN IMMEDIATE`` for each user action.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pexdesk.core.errors import NotABaseError, StorageError

BUSY_TIMEOUT_MS = 5000

_PRAGMAS = (
    "journal_mode=WAL",
    "synchronous=FULL",
    "foreign_keys=ON",
    f"busy_timeout={BUSY_TIMEOUT_MS}",
    "trusted_schema=OFF",
    "secure_delete=ON",
)

_STORAGE_MESSAGES = {
    "SQLITE_FULL": "Disque plein : rien n'a été enregistré.",
    "SQLITE_READONLY": "La base est en lecture seule : rien n'a été enregistré.",
    "SQLITE_BUSY": "La base est occupée par un autre programme : rien n'a été enregistré.",
    "SQLITE_LOCKED": "La base est occupée par un autre programme : rien n'a été enregistré.",
    "SQLITE_CANTOPEN": "Le fichier de la base est inaccessible : rien n'a été enregistré.",
    "SQLITE_IOERR": "Erreur d'écriture sur le disque : rien n'a été enregistré.",
}


def connect(path: Path | str, *, read_only: bool = False) -> sqlite3.Connection:
    """Open ``path`` in autocommit mode with pexdesk's pragmas; never creates a missing file
    when ``read_only`` is set."""
    uri = Path(path).resolve().as_uri() + ("?mode=ro" if read_only else "")
    try:
        con = sqlite3.connect(uri, uri=True, isolation_level=None,
                              timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    except sqlite3.Error as exc:
        raise NotABaseError(f"Impossible d'ouvrir le fichier {path} : {exc}.") from exc
    con.row_factory = sqlite3.Row
    try:
        for pragma in _PRAGMAS:
            if read_only and pragma.startswith("journal_mode"):
                continue
            con.execute(f"PRAGMA {pragma}")
    except sqlite3.DatabaseError as exc:
        con.close()
        raise NotABaseError(
            f"Le fichier {path} n'est pas une base pexdesk lisible ({exc})."
        ) from exc
    return con


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user action, all or nothing; nested calls become savepoints of the outer one.

    SQLite may already have rolled back by itself (disk full, I/O error), so
    ROLLBACK is only issued while a transaction is still open; storage errors
    become a French :class:`StorageError` saying nothing was saved.
    """
    if con.in_transaction:
        yield from _savepoint(con)
        return
    try:
        con.execute("BEGIN IMMEDIATE")
        yield con
        con.execute("COMMIT")
    except BaseException as exc:
        if con.in_transaction:
            con.execute("ROLLBACK")
        message = storage_message(exc) if isinstance(exc, sqlite3.OperationalError) else None
        if message:
            raise StorageError(message) from exc
        raise


def _savepoint(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    con.execute("SAVEPOINT nested")
    try:
        yield con
        con.execute("RELEASE nested")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK TO nested")
            con.execute("RELEASE nested")
        raise


def storage_message(exc: sqlite3.Error) -> str | None:
    """The French message for a failure of the disk or of locking; None for anything else
    (a programming error such as a missing table must not pass for a full disk)."""
    name = getattr(exc, "sqlite_errorname", "")
    for prefix, message in _STORAGE_MESSAGES.items():
        if name.startswith(prefix):
            return message
    return None
