"""Creating and opening a pexdesk base file.

A file is recognised by its SQLite header before anything opens it read-write:
SQLite would otherwise rewrite a foreign file's header when switching it to WAL,
and pexdesk must leave a file that is not its own exactly as it found it.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

from pexdesk.core.db.connection import BUSY_TIMEOUT_MS, UNREADABLE, connect, technical
from pexdesk.core.db.migrate import APPLICATION_ID, SCHEMA_VERSION, schema_version, upgrade
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import (BaseLockedError, BaseTooNewError, DamagedBaseError,
                                 FieldError, NotABaseError, StorageError, ValidationError)
from pexdesk.core.reference.departments import departments
from pexdesk.core.repositories import mapper
from pexdesk.core.safety.files import PRIVATE_MODE, folder_problem, os_reason
from pexdesk.core.safety.lock import BaseLock, LockHolder

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


class Header(NamedTuple):
    """What the first 100 bytes of a file say about it, read without SQLite."""

    is_sqlite: bool
    user_version: int
    application_id: int

    @property
    def is_pexdesk(self) -> bool:
        return self.is_sqlite and self.application_id == APPLICATION_ID


def read_header(path: Path) -> Header:
    with open(path, "rb") as handle:
        data = handle.read(HEADER_SIZE)
    if len(data) < HEADER_SIZE or not data.startswith(SQLITE_MAGIC):
        return Header(False, 0, 0)
    user_version, = struct.unpack(">i", data[60:64])
    application_id, = struct.unpack(">i", data[68:72])
    return Header(True, user_version, application_id)


def size_problem(header: bytes, size: int) -> str | None:
    """What is wrong with the size of a SQLite file of ``size`` bytes starting with ``header``
    (a truncated copy, a half-written download); None if nothing. A SQLite file is a whole
    number of pages, at least as many as its header declares when that count is valid."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "en-tête invalide"
    pages = int.from_bytes(header[28:32], "big")
    declared = header[92:96] == header[24:28] and pages > 0
    if size % page_size or (declared and size < pages * page_size):
        return "fichier tronqué"
    return None


def truncation(path: Path) -> str | None:
    """:func:`size_problem` of the file at ``path`` (a pexdesk base by its header). Not judged
    while a ``-wal`` holds frames: a checkpoint interrupted by a crash may have written page 1
    (and its new size) before the pages that follow, which the WAL still holds."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.stat().st_size > 0:
            return None
    except OSError:
        pass
    with open(path, "rb") as handle:
        header = handle.read(HEADER_SIZE)
        size = handle.seek(0, 2)
    return size_problem(header, size)


class Base:
    """An open base: the file's path and the one connection that writes to it.

    A base open for writing holds its lock (``pexdesk.db.lock``, see
    :mod:`pexdesk.core.safety.lock`) until :meth:`close`: one writer per base, in this
    process or any other. ``read_only_reason`` says why a base asked for writing was
    opened read-only instead (``fallback_read_only``), ``locked_by`` who has it."""

    def __init__(self, path: Path, con: sqlite3.Connection, read_only: bool = False,
                 lock: BaseLock | None = None, read_only_reason: str = "",
                 locked_by: LockHolder | None = None):
        self.path = path
        self.con = con
        self.read_only = read_only
        self.lock = lock
        self.read_only_reason = read_only_reason
        self.locked_by = locked_by

    @classmethod
    def create(cls, path: Path | str, profile: Profile) -> Base:
        """Create a new base for one département; refuses to touch an existing file."""
        path = Path(path).resolve()
        profile.check()
        _check_new_base(path)
        lock = BaseLock.acquire(path)
        try:
            _create_private(path)
        except BaseException:
            lock.release()
            raise
        try:
            con = connect(path)
        except BaseException:
            remove_base_files(path)
            lock.release()
            raise
        try:
            upgrade(con, after_step=_seed)
            mapper.insert(con, profile)
            _checkpoint(con)
        except BaseException:
            con.close()
            remove_base_files(path)
            lock.release()
            raise
        return cls(path, con, lock=lock)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, quick_check: bool = True,
             fallback_read_only: bool = False) -> Base:
        """Open an existing base, upgrading its schema if it is older than this version
        (after a backup of it in ``sauvegardes/``).

        For writing, the base's lock is taken first: if another pexdesk holds it, or the
        file or its folder is read-only, :class:`BaseLockedError` or :class:`StorageError`
        says so in French — unless ``fallback_read_only``, which opens it read-only.

        ``quick_check=False`` leaves :func:`verify_integrity` to the caller: on a large base it
        reads the whole file (0.8 s for 90 MB), so the window runs it in the background once
        the base is open. A base about to be upgraded is always checked first."""
        path = Path(path).resolve()
        problem = not_a_base_file(path)
        if problem:
            raise NotABaseError(problem)
        try:
            header = read_header(path)
        except OSError as exc:  # permission refused, file locked by another program…
            raise NotABaseError(f"Impossible de lire le fichier {path} ({os_reason(exc)}).") from exc
        if not header.is_pexdesk:
            raise NotABaseError(f"Le fichier {path} n'est pas une base pexdesk.")
        if header.user_version > SCHEMA_VERSION:
            raise BaseTooNewError(too_new_message(path, header.user_version))
        problem = truncation(path)
        if problem:
            raise damaged(path, problem)
        lock, reason, holder = None, "", None
        if not read_only:
            try:
                lock = _writer_lock(path)
            except (BaseLockedError, StorageError) as exc:
                if not fallback_read_only:
                    raise
                read_only, reason = True, str(exc)
                holder = getattr(exc, "holder", None)
        try:
            con = connect(path, read_only=read_only)
        except NotABaseError as exc:
            if lock:
                lock.release()
            if is_corruption(exc.__cause__):  # pexdesk's header, unreadable body
                raise damaged(path, detail=exc.__cause__) from exc
            raise
        try:
            upgrading = not read_only and schema_version(con) < SCHEMA_VERSION
            if quick_check or upgrading:
                verify_integrity(path)
            if upgrading:
                _backup_before_upgrade(path, header.user_version)
                upgrade(con, after_step=_seed)
                _checkpoint(con)
        except UNREADABLE as exc:
            con.close()
            if lock:
                lock.release()
            raise damaged(path, detail=exc) from exc
        except BaseException:
            con.close()
            if lock:
                lock.release()
            raise
        return cls(path, con, read_only, lock, reason, holder)

    def profile(self) -> Profile:
        return mapper.get(self.con, Profile, 1)

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            if self.lock is not None:
                self.lock.release()

    def __enter__(self) -> Base:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def not_a_base_file(path: Path) -> str | None:
    """Why ``path`` cannot even be read as a base (missing, or a folder: a path typed one
    level short), in the same words for every command; None when it is a file."""
    if path.is_dir():
        return f"{path} est un dossier, pas une base pexdesk."
    if not path.exists():
        return f"Le fichier {path} n'existe pas."
    return None


def _check_new_base(path: Path) -> None:
    """Refuse, before anything is written, a place where a new base cannot be created."""
    if path.is_dir():
        raise ValidationError(FieldError(
            "path", f"{path} est un dossier : indiquez le nom du fichier de la base à créer "
                    f"(par exemple {path / 'pexdesk.db'})."))
    if path.exists():
        raise ValidationError(FieldError(
            "path", f"Le fichier {path} existe déjà : pexdesk ne l'écrase pas."))
    problem = folder_problem(path.parent)
    if problem:
        raise ValidationError(FieldError("path", f"{problem} : la base n'a pas été créée."))
    if not os.access(path.parent, os.W_OK):
        raise StorageError(f"Le dossier {path.parent} est en lecture seule : la base ne peut "
                           "pas y être créée. Choisissez un dossier où vous pouvez écrire.")


def too_new_message(path: Path, version: int) -> str:
    """Why a base of schema ``version``, newer than this pexdesk knows, is not read: its
    tables may mean something else."""
    return (f"La base {path.name} a été créée par une version plus récente de pexdesk (schéma "
            f"{version}, cette version connaît le schéma {SCHEMA_VERSION}). Mettez pexdesk à "
            "jour pour l'ouvrir.")


def is_corruption(exc: BaseException | None) -> bool:
    """SQLite found the file's content damaged (not a missing file or a permission), or
    quoted bytes of it that are not text (:data:`UNREADABLE`)."""
    return isinstance(exc, UnicodeDecodeError) or \
        getattr(exc, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def verify_integrity(path: Path) -> None:
    """Raise :class:`DamagedBaseError` (naming the backup to restore) if SQLite's quick check
    of the base at ``path`` finds it damaged.

    The check reads the whole file, through a connection of its own opened ``mode=ro``:
    SQLite runs it three times faster there than on a read-write connection (0.25 s against
    0.8 s for 90 MB). In a read-only folder, where such a connection cannot keep its -shm
    file, it goes through :func:`connect`, which knows how to read a base there."""
    try:
        with closing(_checking_connection(path)) as con:
            verdict = con.execute("PRAGMA quick_check(1)").fetchone()[0]
    except UNREADABLE as exc:
        raise damaged(path, detail=exc) from exc
    if verdict != "ok":  # « *** in database main ***\nPage 142: … »: the page is what matters
        raise damaged(path, detail=" ".join(verdict.replace("*** in database main ***", "").split()))


def _checking_connection(path: Path) -> sqlite3.Connection:
    if os.access(path.parent, os.W_OK):
        return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    return connect(path, read_only=True)


def damaged(path: Path, problem: str = "", *, detail: object = "",
            outcome: str = "pexdesk ne l'a pas modifiée.") -> DamagedBaseError:
    """The French message for a damaged base (``problem``: what is wrong, in French), then
    ``outcome`` (what pexdesk did not do), naming the latest sound backup to restore; SQLite's
    own ``detail`` comes last (:func:`technical`)."""
    from pexdesk.core.safety.backup import latest_sound_backup

    what = f" ({problem})" if problem else ""
    message = f"La base {path} est endommagée{what}. {outcome}"
    try:
        backup = latest_sound_backup(path)
    except OSError:
        backup = None
    if backup is not None:
        message += (f" Dernière sauvegarde saine : {backup.path} (du "
                    f"{backup.created:%d/%m/%Y à %H:%M}) ; restaurez-la (Fichier → Restaurer…, "
                    f"ou « pexdesk restore »).")
    else:
        message += (" Aucune sauvegarde saine n'a été trouvée à côté de la base : restaurez une "
                    "copie faite ailleurs (Fichier → Restaurer…, ou « pexdesk restore »).")
    if detail:
        message += technical(detail)
    error = DamagedBaseError(message)
    error.backup = backup
    return error


def _writer_lock(path: Path) -> BaseLock:
    """The base's lock, after checking that the file itself can be written."""
    if not os.access(path, os.W_OK):
        raise StorageError(f"Le fichier {path} est en lecture seule : la base ne peut être "
                           "ouverte qu'en lecture.")
    return BaseLock.acquire(path)


def _backup_before_upgrade(path: Path, version: int) -> None:
    """A verified backup of a base about to be upgraded; no upgrade without one."""
    from pexdesk.core.errors import PexdeskError
    from pexdesk.core.safety.backup import TAG_MIGRATION, make_backup

    if version < 1:
        return
    try:
        make_backup(path, tag=TAG_MIGRATION, record=False)
    except PexdeskError as exc:
        raise StorageError(f"La base doit être mise à jour pour cette version de pexdesk, mais "
                           f"aucune sauvegarde n'a pu en être faite avant ({exc}). Elle n'a pas "
                           "été modifiée.") from exc


def _checkpoint(con: sqlite3.Connection) -> None:
    """Copy the WAL into the main file, so that its header (application_id, user_version),
    which ``read_header`` reads without SQLite, tells the truth even if the program
    dies before closing the base: a new base would otherwise be refused as foreign."""
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def sidecars(path: Path) -> tuple[Path, Path]:
    """SQLite's companion files of a base in WAL mode."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _create_private(path: Path) -> None:
    """The new base's file, empty (SQLite makes a base of it) and its owner's alone
    (:data:`~pexdesk.core.safety.files.PRIVATE_MODE`: it holds the partners' contacts);
    SQLite gives its ``-wal`` and ``-shm`` the same mode. Left to SQLite, it would get the
    umask's, readable by every account of a Linux computer under the usual 022."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))
    except OSError as exc:
        raise StorageError(f"La base {path} n'a pas pu être créée ({os_reason(exc)}).") from exc


def remove_base_files(path: Path) -> None:
    """Delete a base and its companion files (only for a base this process just created)."""
    for leftover in (path, *sidecars(path)):
        leftover.unlink(missing_ok=True)


def _seed(con: sqlite3.Connection, version: int) -> None:
    """Reference data that the schema of ``version`` needs before any record."""
    if version != 1:
        return
    # A new base only: the record classes and reference lists are not read at start-up.
    from pexdesk.core.domain.models import Axis, Indicator
    from pexdesk.core.reference.categories import CATEGORIES
    from pexdesk.core.reference.indicators import INDICATORS
    from pexdesk.core.reference.roadmap import OFFICIAL_AXES

    con.executemany("INSERT INTO department(code, name) VALUES (?, ?)", departments().items())
    con.executemany(
        "INSERT INTO partner_category(code, label, synonyms, sort_order) VALUES (?, ?, ?, ?)",
        [(c.code, c.label, "|".join(c.synonyms), order) for order, c in enumerate(CATEGORIES)])
    for order, axis in enumerate(OFFICIAL_AXES, start=1):
        mapper.insert(con, Axis(code=axis.code, label_text=axis.label,
                                description=axis.description, official=True, sort_order=order))
    for order, spec in enumerate(INDICATORS, start=1):
        mapper.insert(con, Indicator(code=spec.code, label_text=spec.label, unit=spec.unit,
                                     periodicity=spec.periodicity, source=spec.source,
                                     sort_order=order))
