"""Verified backups of a base, kept in a ``sauvegardes`` folder beside it and thinned.

A backup is a consistent single-file copy made by ``VACUUM INTO`` under a temporary name,
then opened and checked (``integrity_check``, ``foreign_key_check``, the same number of
rows in every table as the base had, the same schema version and application id), synced,
and only then renamed to ``pexdesk-AAAAMMJJ-HHMMSS.db``: a file under a final name is a
verified backup, a crash leaves at most a hidden ``.….tmp`` that the next backup removes.
The base is never copied with file tools (its ``-wal`` would be missed).

Automatic backups are skipped when the base has not changed since the latest backup (the
journal's last change number is the same). Thinning keeps the latest ten and the newest
of each of the last thirty days; backups taken before a restore, a purge or a migration
(``-avant-…``) are kept thirty days, and the newest of each kind always.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pexdesk.core.db.connection import UNREADABLE, connect, technical
from pexdesk.core.errors import (BackupError, DamagedBaseError, NotABaseError, PexdeskError,
                                 StorageError)
from pexdesk.core.formatting import plural
from pexdesk.core.safety import archive, journal
from pexdesk.core.safety.files import (check_extension, folder_problem, fsync_file,
                                       os_error_message, os_reason, replace, safe_file_name,
                                       temporary_path)

BACKUP_FOLDER = "sauvegardes"
DB_SUFFIX = ".db"
BROKEN_REFERENCES = ("référence cassée", "références cassées")
"""How :func:`check_copy` ends the problem of a file whose only fault is broken references."""
CONTENTS = {DB_SUFFIX: "une copie non chiffrée", archive.ARCHIVE_SUFFIX: "une archive chiffrée"}
"""What a backup file holds, by extension, for the message refusing a misleading name."""
STALE_TEMP_S = 3600
SNAPSHOT_ATTEMPTS = 3

TAG_RESTORE = "avant-restauration"
TAG_PURGE = "avant-purge"
TAG_MIGRATION = "avant-migration"


@dataclass(frozen=True)
class BackupPolicy:
    keep_last: int = 10
    """The latest automatic or manual backups kept, whatever their age."""
    keep_days: int = 30
    """Besides, the newest backup of each of these last days; tagged ones this long."""

    def __post_init__(self):
        if self.keep_last < 1 or self.keep_days < 0:
            raise ValueError("keep_last ≥ 1 and keep_days ≥ 0")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    """From the file name: local time."""
    tag: str = ""

    @property
    def encrypted(self) -> bool:
        return self.path.suffix == archive.ARCHIVE_SUFFIX

    def verify(self) -> str:
        """« saine », « chiffrée » (checked with its password only) or what is wrong."""
        return verify_backup(self.path)


@dataclass
class BackupResult:
    path: Path
    counts: dict[str, int]
    encrypted: bool
    seconds: float
    deleted: list[Path] = field(default_factory=list)
    recorded: bool = False
    """The backup was written into the base's journal (False when the base is open for
    writing elsewhere: its writer can record :attr:`summary` itself)."""

    @property
    def records(self) -> int:
        return sum(n for table, n in self.counts.items()
                   if not table.startswith("sqlite_") and table != "change_log")

    @property
    def summary(self) -> str:
        kind = "copie chiffrée" if self.encrypted else "copie vérifiée"
        return f"{kind} vers {self.path} ({self.records} enregistrements)"


def backup_folder(base_path: Path | str) -> Path:
    return Path(base_path).resolve().parent / BACKUP_FOLDER


def backup_stem(base_path: Path | str) -> str:
    return safe_file_name(Path(base_path).stem, fallback="pexdesk")


# --- making one ------------------------------------------------------------------------------

def make_backup(base_path: Path | str, *, out: Path | str | None = None,
                password: str | None = None, tag: str = "", policy: BackupPolicy | None = None,
                record: bool = True, kdf: archive.KdfParams | None = None,
                now: datetime | None = None) -> BackupResult:
    """Back up ``base_path``: into ``out`` (a file that must not exist yet, or a folder),
    or else into the ``sauvegardes`` folder beside the base, which is then thinned.
    With ``password`` the backup is an encrypted archive (``.pexb``)."""
    started = time.monotonic()
    source = _check_source(Path(base_path))
    now = now or datetime.now()
    if password is not None:
        archive.check_new_password(password)
    suffix = archive.ARCHIVE_SUFFIX if password is not None else DB_SUFFIX
    local = backup_folder(source)
    if out is None:
        _make_folder(local)
        final = _unique_name(local, backup_stem(source), now, tag, suffix)
    else:
        final = _destination(Path(out), backup_stem(source), now, tag, suffix)
    work = local if password is not None else final.parent  # plain copies stay on this disk
    if password is not None:
        _make_folder(work)
    _remove_stale_temps(work)
    try:
        temporary = temporary_path(work, final.name, private=True)
        try:
            counts = _snapshot(source, temporary)
            _verify_copy(temporary, counts, source)
            if password is None:
                fsync_file(temporary)
                _claim(temporary, final)
            else:
                _seal(temporary, final, password, kdf)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as exc:
        raise StorageError(os_error_message(exc, "aucune sauvegarde n'a été faite")) from exc
    result = BackupResult(final, counts, password is not None, time.monotonic() - started)
    if out is None:
        result.deleted = rotate(source, policy or BackupPolicy(), now=now)
    if record:
        result.recorded = journal.record_at(source, "BACKUP", result.summary)
    return result


def auto_backup(base_path: Path | str, policy: BackupPolicy | None = None,
                now: datetime | None = None) -> BackupResult | None:
    """The backup made when a base is opened or closed: none if nothing changed since the
    newest backup in the ``sauvegardes`` folder."""
    source = _check_source(Path(base_path))
    current = fingerprint(source)
    newest = next((b for b in list_backups(source) if not b.encrypted), None)
    if current[1] is not None and newest is not None and _fingerprint_of(newest.path) == current:
        return None
    return make_backup(source, policy=policy, now=now)


TAG_RESCUE = "recuperee"


def rescue(con: sqlite3.Connection, base_path: Path | str, folder: Path | None = None,
           now: datetime | None = None) -> Path:
    """A verified copy of what the open connection ``con`` still reads, for a base whose
    file was deleted or replaced while open (its data lives on in the open file, and would
    be lost when the connection closes): ``sauvegardes/…-recuperee.db``, or ``folder``."""
    base_path = Path(base_path)
    folder = folder or backup_folder(base_path)
    _make_folder(folder)
    final = _unique_name(folder, backup_stem(base_path), now or datetime.now(), TAG_RESCUE,
                         DB_SUFFIX)
    try:
        temporary = temporary_path(folder, final.name, private=True)
        try:
            counts = table_counts(con)
            vacuum_into(con, temporary)
            _verify_copy(temporary, counts, base_path)
            fsync_file(temporary)
            _claim(temporary, final)
        finally:
            temporary.unlink(missing_ok=True)
    except UNREADABLE as exc:
        raise _as_error(exc, base_path) from exc
    except OSError as exc:
        raise StorageError(os_error_message(exc, "aucune copie n'a été faite")) from exc
    return final


def fingerprint(base_path: Path) -> tuple[int, int | None]:
    """(schema version, number of the last change) of a base; equal fingerprints, equal
    data. The number is None for a base older than the journal."""
    try:
        con = connect(base_path, read_only=True)
    except NotABaseError as exc:
        raise DamagedBaseError(f"La base {base_path} est illisible."
                               f"{technical(exc.__cause__)}") from exc
    try:
        return con.execute("PRAGMA user_version").fetchone()[0], journal.last_change(con)
    finally:
        con.close()


def _fingerprint_of(path: Path) -> tuple[int, int | None] | None:
    try:
        con = sqlite3.connect(_immutable_uri(path), uri=True)
        try:
            con.execute("PRAGMA trusted_schema=OFF")
            return con.execute("PRAGMA user_version").fetchone()[0], journal.last_change(con)
        finally:
            con.close()
    except sqlite3.Error:
        return None


def _check_source(path: Path) -> Path:
    from pexdesk.core.db.base import not_a_base_file, read_header

    path = path.resolve()
    problem = not_a_base_file(path)
    if problem:
        raise NotABaseError(problem)
    try:
        header = read_header(path)
    except OSError as exc:
        raise NotABaseError(f"Impossible de lire le fichier {path} ({os_reason(exc)}).") from exc
    if not header.is_pexdesk:
        raise NotABaseError(f"Le fichier {path} n'est pas une base pexdesk.")
    return path


def _destination(out: Path, stem: str, now: datetime, tag: str, suffix: str) -> Path:
    if out.is_dir():
        return _unique_name(out.resolve(), stem, now, tag, suffix)
    out = Path(out).resolve()
    if out.exists():
        raise BackupError(f"Le fichier {out} existe déjà : pexdesk ne l'écrase pas. "
                          "Choisissez un autre nom ou un dossier.")
    if archive.ARCHIVE_SUFFIX in (suffix, out.suffix.lower()):  # never an archive named .db
        check_extension(out, suffix, CONTENTS[suffix], BackupError)
    problem = folder_problem(out.parent)
    if problem:
        raise BackupError(f"{problem} : aucune sauvegarde n'a été faite.")
    return out


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Impossible de créer le dossier de sauvegardes {folder} "
                           f"({os_reason(exc)}) : aucune sauvegarde n'a été faite.") from exc


def _unique_name(folder: Path, stem: str, now: datetime, tag: str, suffix: str) -> Path:
    name = f"{stem}-{now:%Y%m%d-%H%M%S}" + (f"-{tag}" if tag else "")
    candidate, number = folder / f"{name}{suffix}", 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{name}-{number}{suffix}"
    return candidate


def _claim(temporary: Path, final: Path) -> None:
    """Give the verified copy its final name; an ``out`` file that appeared meanwhile is
    not overwritten."""
    if final.exists():
        raise BackupError(f"Le fichier {final} existe déjà : pexdesk ne l'écrase pas.")
    replace(temporary, final)


def _snapshot(source: Path, target: Path) -> dict[str, int]:
    """``VACUUM INTO`` the empty file ``target``; returns the row count of every table of
    the snapshot. Counts and copy are taken with no commit in between (``data_version``
    unchanged), or again, up to three times, ``target`` emptied in between rather than
    deleted: it keeps its private mode, where a file SQLite created would get the umask's."""
    try:
        con = connect(source, read_only=True)
    except NotABaseError as exc:
        raise DamagedBaseError(f"La base {source} est endommagée : aucune sauvegarde fiable ne "
                               f"peut en être faite.{technical(exc.__cause__)}") from exc
    try:
        for _ in range(SNAPSHOT_ATTEMPTS):
            version = con.execute("PRAGMA data_version").fetchone()[0]
            counts = table_counts(con)
            os.truncate(target, 0)
            vacuum_into(con, target)
            if con.execute("PRAGMA data_version").fetchone()[0] == version:
                return counts
        raise BackupError("La base change sans cesse pendant la sauvegarde : réessayez.")
    except UNREADABLE as exc:
        raise _as_error(exc, source) from exc
    finally:
        con.close()


def vacuum_into(con: sqlite3.Connection, target: Path) -> None:
    """``VACUUM INTO`` ``target`` (missing or empty), also through a reading connection: it
    writes nothing but ``target``, which ``query_only`` (set on every reading connection)
    would refuse."""
    refusing = con.execute("PRAGMA query_only").fetchone()[0]
    con.execute("PRAGMA query_only=OFF")
    try:
        con.execute("VACUUM INTO ?", (str(target),))
    finally:
        con.execute(f"PRAGMA query_only={int(refusing)}")


def _as_error(exc: sqlite3.DatabaseError | UnicodeDecodeError, source: Path) -> PexdeskError:
    from pexdesk.core.db.base import is_corruption
    from pexdesk.core.db.connection import storage_message

    if is_corruption(exc):
        return DamagedBaseError(f"La base {source} est endommagée : aucune sauvegarde fiable "
                                f"ne peut en être faite.{technical(exc)}")
    message = storage_message(exc) if isinstance(exc, sqlite3.OperationalError) else None
    if message:
        return StorageError(message.replace("rien n'a été enregistré",
                                            "aucune sauvegarde n'a été faite"))
    return BackupError(f"La sauvegarde a échoué : aucune sauvegarde n'a été faite.{technical(exc)}")


def table_counts(con: sqlite3.Connection) -> dict[str, int]:
    tables = [row[0] for row in con.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]
    return {table: con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables}


def _verify_copy(path: Path, counts: dict[str, int], source: Path) -> None:
    """Check the copy at ``path`` of ``source``. Broken references are the source's own (the
    copy is faithful): the base is damaged (exit 1), and no backup is kept of it, since
    :func:`~pexdesk.core.safety.restore.restore` refuses such a backup and, in the
    ``sauvegardes`` folder, it would thin the sound ones away."""
    from pexdesk.core.db.base import damaged, read_header

    problems = check_copy(path)
    if problems and problems[0].endswith(BROKEN_REFERENCES):
        raise damaged(source, problems[0], outcome=(
            "Aucune sauvegarde n'en a été faite : pexdesk ne pourrait pas la restaurer. La base "
            "n'a pas été modifiée ; « pexdesk check » dit quelles données sont touchées."))
    if problems:
        raise BackupError("La copie de la base n'a pas passé la vérification ("
                          + "; ".join(problems[:3]) + ") : aucune sauvegarde n'a été faite.")
    con = sqlite3.connect(path)
    try:
        copied = table_counts(con)
    finally:
        con.close()
    if copied != counts:
        raise BackupError("La copie de la base n'a pas le même nombre de lignes que la base : "
                          "aucune sauvegarde n'a été faite.")
    if not read_header(path).is_pexdesk:
        raise BackupError("La copie de la base a perdu son en-tête pexdesk : "
                          "aucune sauvegarde n'a été faite.")


def check_copy(path: Path) -> list[str]:
    """Problems of a single-file base (a copy, a backup about to be restored), after setting
    it to rollback-journal mode so that it stays one file; empty when it is sound. The file
    may come from elsewhere: triggers and views cannot call functions (``trusted_schema``)."""
    try:
        con = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        con.execute("PRAGMA trusted_schema=OFF")
        con.execute("PRAGMA cell_size_check=ON")
        con.execute("PRAGMA journal_mode=DELETE")
        problems = [row[0] for row in con.execute("PRAGMA integrity_check(10)")]
        if problems != ["ok"]:
            return problems
        orphans = con.execute("PRAGMA foreign_key_check").fetchall()
        if orphans:
            return [plural(len(orphans), *BROKEN_REFERENCES)]
        return []
    except UNREADABLE as exc:
        return [str(exc)]
    finally:
        con.close()


def _seal(plain: Path, final: Path, password: str, kdf: archive.KdfParams | None) -> None:
    """Encrypt the verified copy into ``final``, then read it back and decrypt it: the file
    under the final name opens with this password and gives the copy byte for byte."""
    from pexdesk.core.safety.files import atomic_write_bytes

    content = plain.read_bytes()
    sealed = archive.seal(content, password, kdf)
    if final.exists():
        raise BackupError(f"Le fichier {final} existe déjà : pexdesk ne l'écrase pas.")
    atomic_write_bytes(final, sealed, private=True)
    try:
        if archive.open_sealed(final.read_bytes(), password) != content:
            raise BackupError("L'archive relue ne correspond pas à la base.")
    except PexdeskError as exc:
        final.unlink(missing_ok=True)
        raise BackupError(f"L'archive chiffrée relue est illisible ({exc}) : "
                          "aucune sauvegarde n'a été faite.") from exc


def _remove_stale_temps(folder: Path) -> None:
    """Leftovers of backups interrupted by a crash (``.<nom>.<hasard>.tmp``)."""
    limit = time.time() - STALE_TEMP_S
    for leftover in folder.glob(".*.tmp"):
        try:
            if leftover.stat().st_mtime < limit:
                leftover.unlink()
        except OSError:
            continue


# --- listing and thinning ---------------------------------------------------------------------

def list_backups(base_path: Path | str, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of ``base_path`` in its ``sauvegardes`` folder, newest first."""
    folder = folder or backup_folder(base_path)
    stem = backup_stem(base_path)
    pattern = re.compile(re.escape(stem) + r"-(\d{8})-(\d{6})(?:-([a-z][a-z-]*[a-z]))?"
                         r"(?:-\d+)?(\.db|\.pexb)")
    found = []
    try:
        names = [entry for entry in folder.iterdir() if entry.is_file()]
    except OSError:
        return []
    for entry in names:
        match = pattern.fullmatch(entry.name)
        if not match:
            continue
        try:
            # ISO 8601 basic format; strptime would import _strptime: 3 ms at start-up
            created = datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}")
        except ValueError:
            continue
        found.append(BackupInfo(entry, created, match.group(3) or ""))
    found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return found


def plan_rotation(backups: list[BackupInfo], now: datetime,
                  policy: BackupPolicy) -> list[BackupInfo]:
    """The backups to delete (never the newest ``keep_last`` untagged ones, nor the newest
    of each of the last ``keep_days`` days, nor a tagged one younger than ``keep_days`` or
    the newest of its tag)."""
    ordered = sorted(backups, key=lambda b: (b.created, b.path.name), reverse=True)
    horizon = (now - timedelta(days=policy.keep_days)).date()
    keep: set[Path] = set()
    plain = [b for b in ordered if not b.tag]
    keep.update(b.path for b in plain[:policy.keep_last])
    seen_days: set = set()
    for backup in plain:
        day = backup.created.date()
        if day > horizon and day not in seen_days:
            seen_days.add(day)
            keep.add(backup.path)
    seen_tags: set[str] = set()
    for backup in ordered:
        if not backup.tag:
            continue
        if backup.tag not in seen_tags or backup.created.date() > horizon:
            keep.add(backup.path)
        seen_tags.add(backup.tag)
    return [b for b in ordered if b.path not in keep]


def rotate(base_path: Path | str, policy: BackupPolicy,
           now: datetime | None = None) -> list[Path]:
    """Delete the backups :func:`plan_rotation` lets go; returns their paths."""
    deleted = []
    for backup in plan_rotation(list_backups(base_path), now or datetime.now(), policy):
        try:
            backup.path.unlink()
            deleted.append(backup.path)
        except OSError:
            continue  # held by an antivirus or a viewer: the next rotation retries
        for suffix in ("-wal", "-shm"):  # a raw copy of a damaged base keeps its log beside
            backup.path.with_name(backup.path.name + suffix).unlink(missing_ok=True)
    return deleted


def _immutable_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro&immutable=1"


def verify_backup(path: Path) -> str:
    """A short French verdict on one backup file, without changing it."""
    from pexdesk.core.db.base import read_header
    from pexdesk.core.db.migrate import SCHEMA_VERSION

    try:
        if path.suffix == archive.ARCHIVE_SUFFIX:
            with open(path, "rb") as handle:
                head = handle.read(archive.HEADER_SIZE)
            return "chiffrée" if archive.is_archive(head) else "illisible"
        header = read_header(path)
    except OSError as exc:
        return f"illisible ({os_reason(exc)})"
    if not header.is_pexdesk:
        return "pas une base pexdesk"
    if header.user_version > SCHEMA_VERSION:
        return "plus récente que cette version de pexdesk"
    try:
        con = sqlite3.connect(_immutable_uri(path), uri=True)
        try:
            con.execute("PRAGMA trusted_schema=OFF")
            verdict = con.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            con.close()
    except UNREADABLE as exc:
        return f"endommagée ({exc})"
    return "saine" if verdict == "ok" else f"endommagée ({verdict})"


def latest_sound_backup(base_path: Path | str) -> BackupInfo | None:
    """The newest unencrypted backup that passes ``quick_check``: the one to offer when the
    base is damaged."""
    for backup in list_backups(base_path):
        if not backup.encrypted and backup.verify() == "saine":
            return backup
    return None
