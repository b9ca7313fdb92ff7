"""Opening a base with the settings that make it durable, and one transaction per action.

Settings follow shared/reliability.md §1.9: WAL with ``synchronous=FULL`` so an
acknowledged save survives a power cut, foreign keys on (they are off by default
and per connection), and an explicit ``BEGIN IMMEDIATE`` for each user action.
"""

from __future__ import annotations

import os
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

MOVED_MESSAGE = ("Le fichier de la base a été supprimé, déplacé ou remplacé pendant que pexdesk "
                 "l'utilisait : rien n'a été enregistré. Ce qui était enregistré avant est "
                 "encore accessible : faites-en une copie (« Sauvegarder une copie… ») avant de "
                 "fermer la base.")

_STORAGE_MESSAGES = {
    "SQLITE_FULL": "Disque plein : rien n'a été enregistré.",
    "SQLITE_READONLY_DBMOVED": MOVED_MESSAGE,
    "SQLITE_READONLY": "La base est en lecture seule : rien n'a été enregistré.",
    "SQLITE_BUSY": "La base est occupée par un autre programme : rien n'a été enregistré.",
    "SQLITE_LOCKED": "La base est occupée par un autre programme : rien n'a été enregistré.",
    "SQLITE_CANTOPEN": "Le fichier de la base est inaccessible : rien n'a été enregistré.",
    "SQLITE_IOERR": "Erreur d'écriture sur le disque : rien n'a été enregistré.",
}


class Connection(sqlite3.Connection):
    """A connection that remembers which file it opened, to notice that file deleted or
    replaced behind its back: in WAL mode SQLite would go on "committing" into the WAL of
    a file that no longer exists, and lose it all at close."""

    path: Path | None = None
    identity: tuple[int, int] | None = None

    def remember_file(self, path: Path) -> None:
        self.path = path
        self.identity = _identity(path)

    def file_moved(self) -> bool:
        if self.path is None or self.identity is None:
            return False
        return _identity(self.path) != self.identity


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


UNREADABLE = (sqlite3.DatabaseError, UnicodeDecodeError)
"""What reading a damaged file may raise: SQLite's error, or Python's failing to decode the
message in which SQLite quotes the bytes of a damaged schema page."""


def technical(detail: object) -> str:
    """SQLite's own (English) words about a failure, as a last sentence after the French verdict:
    useless to the user, useful to whoever helps them."""
    return f" Détail technique : {str(detail).rstrip('.')}."


def connect(path: Path | str, *, read_only: bool = False) -> sqlite3.Connection:
    """Open ``path`` in autocommit mode with pexdesk's pragmas; never creates a missing file
    when ``read_only`` is set.

    Reading a base pexdesk could write to goes through a read-write connection that refuses
    every write (``query_only``): SQLite removes a WAL base's ``-wal`` and ``-shm`` when the
    last connection closes, which a ``mode=ro`` connection cannot do (it cannot checkpoint),
    so ``check`` or ``stats`` would leave them beside the base. A base open elsewhere (the
    application) keeps them, and its committed WAL content is read as usual.

    A base in WAL mode needs its ``-shm`` file, which a read-only folder (a CD, a share
    opened read-only, a folder without write permission) cannot get: there, a base closed
    cleanly (no ``-wal``: everything is in the file) is read as an immutable file. A base
    left with a hot journal by a crash is recovered first, even for reading: a read-only
    connection cannot read it otherwise."""
    path = Path(path).resolve()
    if read_only and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return _connect(path.as_uri() + "?mode=rw", path, read_only)
    try:
        return _connect(path.as_uri() + ("?mode=ro" if read_only else ""), path, read_only)
    except NotABaseError as exc:
        name = getattr(exc.__cause__, "sqlite_errorname", "")
        if not read_only:
            raise
        if name in ("SQLITE_READONLY_ROLLBACK", "SQLITE_READONLY_RECOVERY"):
            _recover(path)  # a crash left a log to replay: what any writer would do first
            return _connect(path.as_uri() + "?mode=ro", path, read_only)
        wal = path.with_name(path.name + "-wal")
        if not (name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) and not wal.exists()
                and path.is_file() and not os.access(path.parent, os.W_OK)):
            raise
    return _connect(path.as_uri() + "?mode=ro&immutable=1", path, read_only)


def _recover(path: Path) -> None:
    """Replay the rollback journal or rebuild the WAL index that a crash left behind, so that
    a read-only connection can read the base (it cannot do it itself)."""
    try:
        con = sqlite3.connect(path.as_uri() + "?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            con.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise NotABaseError(
            f"La base {path} doit être réparée après un arrêt brutal, ce qui demande d'y "
            f"écrire : ouvrez-la depuis un dossier où vous pouvez écrire.{technical(exc)}"
        ) from exc


def _connect(uri: str, path: Path, read_only: bool) -> sqlite3.Connection:
    try:
        con = sqlite3.connect(uri, uri=True, isolation_level=None,
                              timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                              factory=Connection)
    except sqlite3.Error as exc:
        raise NotABaseError(f"Impossible d'ouvrir le fichier {path}.{technical(exc)}") from exc
    con.row_factory = sqlite3.Row
    try:
        for pragma in _PRAGMAS:
            if read_only and pragma.startswith("journal_mode"):
                continue
            con.execute(f"PRAGMA {pragma}")
        if read_only:
            con.execute("PRAGMA query_only=ON")
    except UNREADABLE as exc:
        con.close()
        raise NotABaseError(
            f"Le fichier {path} n'est pas une base pexdesk lisible.{technical(exc)}"
        ) from exc
    if not read_only:
        con.remember_file(path)
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
        if isinstance(con, Connection) and con.file_moved():
            raise StorageError(MOVED_MESSAGE)
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
