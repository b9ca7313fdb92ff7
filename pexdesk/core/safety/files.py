"""Files written all at once or not at all, and file names made from user text.

A file is written under a temporary name in its destination folder, flushed to the
disk, then renamed over the final name (shared/reliability.md §2.5): after a crash or
a power cut the final name holds the old content or the new one, never a part. On
Windows an antivirus or a sync client may hold the target for a moment, so the rename
is retried a few times (as calibre does).
"""

from __future__ import annotations

import errno
import os
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

REPLACE_ATTEMPTS = 10
REPLACE_PAUSE_S = 0.2
TEMP_SUFFIX = ".tmp"

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME_LENGTH = 100


def os_error_message(exc: OSError, outcome: str) -> str:
    """A French message for a failed file operation; ``outcome`` says what was (not) done,
    e.g. « aucune sauvegarde n'a été faite »."""
    if exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", -1)):
        return f"Disque plein : {outcome}."
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"Écriture refusée{where} : dossier ou fichier en lecture seule ; {outcome}."
    return f"Erreur d'écriture sur le disque ({exc.strerror or exc}) : {outcome}."


def fsync_dir(folder: Path) -> None:
    """Make a rename or a deletion in ``folder`` durable (a no-op where folders cannot be
    opened, as on Windows, whose renames are durable once ``MoveFileEx`` returns)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def replace(source: Path, target: Path) -> None:
    """``os.replace`` retried while another program holds the target (Windows), then the
    folder synced so that the new name survives a power cut."""
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(source, target)
            break
        except PermissionError:
            if sys.platform != "win32" or attempt == REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(REPLACE_PAUSE_S)
    fsync_dir(target.parent)


def temporary_path(folder: Path, final_name: str) -> Path:
    """A new, empty file in ``folder`` whose name says what it will become; created here so
    that two writers never pick the same name."""
    fd, name = tempfile.mkstemp(prefix=f".{final_name}.", suffix=TEMP_SUFFIX, dir=folder)
    os.close(fd)
    return Path(name)


@contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """Write ``target`` through a temporary file beside it: on success the file is synced
    and renamed over ``target``; on any failure the temporary file is removed and
    ``target`` is left as it was."""
    target = Path(target)
    temporary = temporary_path(target.parent, target.name)
    try:
        with open(temporary, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def atomic_write_bytes(target: Path, data: bytes) -> None:
    with atomic_writer(target) as handle:
        handle.write(data)


def atomic_write_with(target: Path, write: Callable[[Path], None]) -> None:
    """For writers that want a path (SQLite's ``VACUUM INTO``, a PDF library): ``write``
    fills the temporary path, which then replaces ``target``."""
    target = Path(target)
    temporary = temporary_path(target.parent, target.name)
    try:
        temporary.unlink()  # some writers refuse an existing file
        write(temporary)
        fsync_file(temporary)
        replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def safe_file_name(text: str, fallback: str = "fichier") -> str:
    """A file name made from user text (shared/reliability.md §5.4): accents folded,
    only letters, digits, space, ``_`` and ``-`` kept (others become ``_``), at most
    100 characters, no trailing dots or spaces, never a Windows reserved name, never empty,
    never a path."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Za-z0-9 _-]", "_", folded)
    name = re.sub(r"_{2,}", "_", name)[:MAX_NAME_LENGTH].strip(" ._")
    if not name:
        name = fallback
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    return name


def inside(folder: Path, target: Path) -> bool:
    """``target`` resolves to a place inside ``folder`` (canonicalise, then compare)."""
    return Path(folder).resolve() in Path(target).resolve().parents
