"""Putting a backup back in place of a base, all at once or not at all.

The backup (a ``.db`` or an encrypted ``.pexb``) is written to a temporary file beside the
base and checked there: a pexdesk base, not newer than this version, ``integrity_check``
and ``foreign_key_check`` clean (with ``trusted_schema=OFF``: the file may come from
elsewhere). Only then, holding the base's lock: the current base is kept as a backup
(``…-avant-restauration.db``: a verified copy, or the raw files if it is too damaged to be
copied), its ``-wal``, ``-shm`` and ``-journal`` are deleted (SQLite would otherwise replay a
stale log into the restored file), and the temporary file is renamed over the base. Any
failure before that rename leaves the base exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pexdesk.core.db.base import (HEADER_SIZE, SQLITE_MAGIC, read_header, sidecars,
                                  size_problem)
from pexdesk.core.db.migrate import APPLICATION_ID, SCHEMA_VERSION
from pexdesk.core.errors import (BackupError, DamagedBackupError, NotABackupError,
                                 NotABaseError, PexdeskError, StorageError, WrongPasswordError)
from pexdesk.core.safety import archive, journal
from pexdesk.core.safety.backup import (TAG_RESTORE, BackupPolicy, backup_folder, backup_stem,
                                        check_copy, make_backup, rotate, table_counts)
from pexdesk.core.safety.files import (fsync_dir, fsync_file, os_error_message, os_reason,
                                       replace, temporary_path)
from pexdesk.core.safety.lock import BaseLock

MAX_BACKUP_SIZE = archive.MAX_CONTENT


@dataclass
class RestoreResult:
    base_path: Path
    source: Path
    counts: dict[str, int]
    kept: list[Path] = field(default_factory=list)
    """Where the replaced base was kept (empty when there was no base)."""
    seconds: float = 0.0

    @property
    def records(self) -> int:
        return sum(n for table, n in self.counts.items()
                   if not table.startswith("sqlite_") and table != "change_log")


def read_backup(source: Path, password: str | None) -> bytes:
    """The bytes of the base a backup holds (decrypted if it is an archive)."""
    source = Path(source)
    try:
        size = source.stat().st_size
        if not source.is_file():
            raise NotABackupError(f"{source} n'est pas un fichier de sauvegarde.")
        if size > MAX_BACKUP_SIZE:
            raise NotABackupError(f"Le fichier {source} est trop gros pour être une "
                                  "sauvegarde pexdesk. Rien n'a été restauré.")
        data = source.read_bytes()
    except FileNotFoundError:
        raise NotABackupError(f"Le fichier {source} n'existe pas.") from None
    except OSError as exc:
        raise NotABackupError(f"Impossible de lire {source} ({os_reason(exc)}).") from exc
    if archive.is_archive(data):
        if not password:
            raise WrongPasswordError("Cette sauvegarde est chiffrée : indiquez son mot de passe. "
                                     "Rien n'a été restauré.")
        data = archive.open_sealed(data, password)
    check_header(data, source)
    return data


def check_header(data: bytes, source: Path) -> None:
    """A pexdesk base this version can read, judged from its first 100 bytes."""
    if len(data) < HEADER_SIZE or not data.startswith(SQLITE_MAGIC):
        raise NotABackupError(f"{source.name} n'est pas une sauvegarde pexdesk (ni une base, ni "
                              "une archive chiffrée). Rien n'a été restauré.")
    user_version = int.from_bytes(data[60:64], "big", signed=True)
    application_id = int.from_bytes(data[68:72], "big", signed=True)
    if application_id != APPLICATION_ID or user_version < 1:
        raise NotABackupError(f"{source.name} est une base SQLite, mais pas une base pexdesk. "
                              "Rien n'a été restauré.")
    if user_version > SCHEMA_VERSION:
        raise NotABackupError(
            f"{source.name} a été écrite par une version plus récente de pexdesk (schéma "
            f"{user_version}, cette version connaît le schéma {SCHEMA_VERSION}). Mettez "
            "pexdesk à jour pour la restaurer. Rien n'a été restauré.")
    problem = size_problem(data[:HEADER_SIZE], len(data))
    if problem:
        raise DamagedBackupError(f"La sauvegarde {source.name} est endommagée ({problem}). "
                                 "Rien n'a été restauré.")


def restore(source: Path | str, base_path: Path | str, *, password: str | None = None,
            policy: BackupPolicy | None = None, now: datetime | None = None) -> RestoreResult:
    """Replace the base at ``base_path`` (which may not exist yet) by the backup ``source``."""
    started = time.monotonic()
    source, base_path = Path(source).resolve(), Path(base_path).resolve()
    if source == base_path:
        raise NotABackupError("La sauvegarde et la base sont le même fichier.")
    if not base_path.parent.is_dir():
        raise NotABaseError(f"Le dossier {base_path.parent} n'existe pas.")
    data = read_backup(source, password)
    _refuse_foreign_target(base_path)
    lock = BaseLock.acquire(base_path)
    try:
        _remove_leftovers(base_path)
        result = _swap(source, base_path, data, now, started)
    except OSError as exc:
        raise StorageError(os_error_message(exc, "rien n'a été restauré")) from exc
    finally:
        lock.release()
    if result.kept:
        rotate(base_path, policy or BackupPolicy(), now=now)
    return result


def _swap(source: Path, base_path: Path, data: bytes, now: datetime | None,
          started: float) -> RestoreResult:
    """The part done holding the lock: write and check the temporary file, keep the current
    base, drop its logs, rename."""
    temporary = temporary_path(base_path.parent, base_path.name, private=True)
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        problems = check_copy(temporary)
        if problems:
            raise DamagedBackupError(f"La sauvegarde {source.name} est endommagée ("
                                     + "; ".join(problems[:3]) + "). Rien n'a été restauré.")
        if not read_header(temporary).is_pexdesk:
            raise NotABackupError(f"{source.name} n'est pas une sauvegarde pexdesk.")
        counts = _counts(temporary)
        if base_path.exists():  # the restored base keeps the permissions of the old one
            os.chmod(temporary, stat.S_IMODE(base_path.stat().st_mode))
        fsync_file(temporary)
        kept = _keep_current(base_path, now) if base_path.exists() else []
        for sidecar in (*sidecars(base_path), _journal_file(base_path)):
            sidecar.unlink(missing_ok=True)
        replace(temporary, base_path)
    finally:
        temporary.unlink(missing_ok=True)
    result = RestoreResult(base_path, source, counts, kept, time.monotonic() - started)
    _record(base_path, source, result)
    return result


def _refuse_foreign_target(base_path: Path) -> None:
    """A file that is not a pexdesk base is never replaced."""
    if not base_path.exists():
        return
    try:
        header = read_header(base_path)
    except OSError as exc:
        raise NotABaseError(f"Impossible de lire {base_path} ({os_reason(exc)}) : rien n'a été "
                            "restauré.") from exc
    with open(base_path, "rb") as handle:
        start = handle.read(len(SQLITE_MAGIC))
    cut_pexdesk_header = bool(start) and SQLITE_MAGIC.startswith(start) \
        and base_path.stat().st_size < HEADER_SIZE  # a base truncated inside its header
    if not header.is_pexdesk and not cut_pexdesk_header and base_path.stat().st_size > 0:
        raise NotABaseError(f"{base_path} n'est pas une base pexdesk : pexdesk ne le remplace "
                            "pas. Restaurez vers un autre fichier.")


def _remove_leftovers(base_path: Path) -> None:
    """Temporary files of restores interrupted by a crash (we hold the lock: none is live)."""
    for leftover in base_path.parent.glob(f".{base_path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA trusted_schema=OFF")
        return table_counts(con)
    finally:
        con.close()


def _journal_file(base_path: Path) -> Path:
    return base_path.with_name(base_path.name + "-journal")


def _keep_current(base_path: Path, now: datetime | None) -> list[Path]:
    """Keep the base about to be replaced: a verified backup when it can be copied, else
    its raw files (a damaged base is what one restores over)."""
    try:
        return [make_backup(base_path, tag=TAG_RESTORE, record=False, now=now,
                            policy=BackupPolicy(keep_last=10 ** 6)).path]
    except (PexdeskError, sqlite3.Error):
        pass
    folder = backup_folder(base_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = f"{(now or datetime.now()):%Y%m%d-%H%M%S}"
    target = folder / f"{backup_stem(base_path)}-{stamp}-{TAG_RESTORE}-brute.db"
    kept = []
    try:
        wal = sidecars(base_path)[0]
        logs = [(wal, "-wal")] if wal.exists() and wal.stat().st_size else []
        for source, suffix in ((base_path, ""), *logs):
            copy = target.with_name(target.name + suffix)
            shutil.copyfile(source, copy)
            fsync_file(copy)
            kept.append(copy)
        fsync_dir(folder)
    except OSError as exc:
        for copy in kept:
            copy.unlink(missing_ok=True)
        raise BackupError(f"Impossible de mettre de côté la base actuelle ({os_reason(exc)}) : "
                          "rien n'a été restauré.") from exc
    return kept


def _record(base_path: Path, source: Path, result: RestoreResult) -> None:
    """The restore in the restored base's journal (a base older than the journal gets it
    when it is next opened and upgraded — not at all, simply)."""
    from pexdesk.core.db.connection import connect

    kept = f" ; base remplacée gardée dans {result.kept[0].name}" if result.kept else ""
    try:
        con = connect(base_path)
        try:
            journal.record(con, "RESTORE", f"depuis {source}{kept}")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
    except (PexdeskError, sqlite3.Error):
        pass  # the restore itself is done; its entry is a nicety


__all__ = ["RestoreResult", "restore", "read_backup", "BackupError"]
