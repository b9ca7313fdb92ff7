"""Files written all at once or not at all, and file names made from user text.

A file is written under a temporary name in its destination folder, flushed to the
disk, then renamed over the final name (shared/reliability.md §2.5): after a crash or
a power cut the final name holds the old content or the new one, never a part. On
Windows an antivirus or a sync client may hold the target for a moment, so the rename
is retried a few times (as calibre does).

The rename keeps the temporary file's permissions, so they are chosen when it is created
(:func:`temporary_path`): what is written to be read by others (bilans, relevés,
questionnaires, exports) gets those of any file a program creates, the base and its
backups stay their owner's (:data:`PRIVATE_MODE`).
"""

from __future__ import annotations

import errno
import os
import re
import sys
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pexdesk.core.errors import PexdeskError

REPLACE_ATTEMPTS = 10
REPLACE_PAUSE_S = 0.2
TEMP_SUFFIX = ".tmp"
TEMP_NAME_ATTEMPTS = 100

SHARED_MODE = 0o666
"""Asked for an output meant to be shared: the system takes off what the user's umask
withholds (or applies a folder's default ACL), as for any file a program creates: 0644
under the usual umask 022, 0640 under 027, so that a colleague opens a bilan saved in a
shared folder."""
PRIVATE_MODE = 0o600
"""The base and its backups: they hold the partners' contacts (personal data, shared/
domain.md §9), which no other account of the computer has to read. A plain backup is the
base itself; an encrypted archive is kept private too, since its password, which can be
attacked offline by whoever reads the file, should not be its only protection. Its owner
still copies it where they choose."""

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                     *(f"LPT{i}" for i in range(10))}
"""Device names Windows opens instead of a file of that name, with or without an extension;
Microsoft's list names COM0 and LPT0 too (superscript digits fold to these)."""
MAX_NAME_LENGTH = 100


_OS_REASONS = {
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EROFS: "support en lecture seule",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EEXIST: "le fichier existe déjà",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EFBIG: "fichier trop volumineux",
    errno.EIO: "erreur de lecture ou d'écriture du disque",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EBUSY: "fichier occupé par un autre programme",
    errno.EINVAL: "nom de fichier ou opération invalide",
    errno.EMFILE: "trop de fichiers ouverts",
    **({errno.EDQUOT: "quota du disque dépassé"} if hasattr(errno, "EDQUOT") else {}),
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in French (« permission refusée »), for the parentheses of
    a French message: the system's own wording is English. An unknown error keeps it."""
    return _OS_REASONS.get(exc.errno, exc.strerror or str(exc))


def os_error_message(exc: OSError, outcome: str) -> str:
    """A French message for a failed file operation; ``outcome`` says what was (not) done,
    e.g. « aucune sauvegarde n'a été faite »."""
    if exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", -1)):
        return f"Disque plein : {outcome}."
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"Écriture refusée{where} : dossier ou fichier en lecture seule ; {outcome}."
    return f"Erreur d'écriture sur le disque ({os_reason(exc)}) : {outcome}."


def check_new_file(out: Path | str, extension: str, content: str,
                   error: type[PexdeskError]) -> Path:
    """The absolute path of a file about to be written, after checking that it names a file,
    that its extension is ``extension`` and that its folder exists; ``error`` with a French
    message otherwise, before anything is written."""
    out = Path(out).expanduser().absolute()
    if out.is_dir():
        raise error(f"{out} est un dossier : indiquez le nom du fichier à écrire.")
    check_extension(out, extension, content, error)
    problem = folder_problem(out.parent)
    if problem:
        raise error(f"{problem} : rien n'a été écrit.")
    return out


def check_extension(out: Path, extension: str, content: str,
                    error: type[PexdeskError]) -> None:
    """Refuse a name whose extension lies about the file's ``content`` (« le journal en
    CSV »): the system would open it with the wrong program, or a script would take it for
    something else."""
    if out.suffix.lower() == extension:
        return
    given = f"« {out.suffix} »" if out.suffix else "sans extension"
    raise error(f"Nom de fichier {given} refusé : {content} s'écrit dans un fichier "
                f"« {extension} » (par exemple {out.stem}{extension}). Rien n'a été écrit.")


def folder_problem(folder: Path) -> str | None:
    """Why a file cannot be created in ``folder`` because of the folder itself (« Le dossier …
    n'existe pas », or it is a file); None when it is a folder."""
    if folder.is_dir():
        return None
    if folder.exists():
        return f"{folder} est un fichier, pas un dossier"
    return f"Le dossier {folder} n'existe pas"


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


def temporary_path(folder: Path, final_name: str, *, private: bool = False) -> Path:
    """A new, empty file in ``folder`` whose name (``.<nom>.<hasard>.tmp``) says what it
    will become, created here with ``O_EXCL`` so that two writers never pick the same name;
    with the permissions of an output to share, or :data:`PRIVATE_MODE`.

    ``tempfile.mkstemp`` would create it 0600 whatever the umask. Reading the umask to
    widen it afterwards takes ``os.umask``, which sets it for the whole process while it
    reads it: a file another thread creates meanwhile would get the wrong mode (bpo-21082,
    the objection raised against pallets/click#1382). Creating the file with the mode asked
    lets the system apply the umask (or a default ACL) itself, as spack's
    ``write_tmp_and_move`` does, and reads nothing."""
    mode = PRIVATE_MODE if private else SHARED_MODE
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_BINARY", 0))
    for _ in range(TEMP_NAME_ATTEMPTS):
        path = folder / f".{final_name}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
        try:
            os.close(os.open(path, flags, mode))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(errno.EEXIST, "aucun nom de fichier temporaire libre", str(folder))


@contextmanager
def atomic_writer(target: Path, *, private: bool = False) -> Iterator[BinaryIO]:
    """Write ``target`` through a temporary file beside it: on success the file is synced
    and renamed over ``target``; on any failure the temporary file is removed and
    ``target`` is left as it was. ``private``: see :func:`temporary_path`."""
    target = Path(target)
    temporary = temporary_path(target.parent, target.name, private=private)
    try:
        with open(temporary, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def atomic_write_bytes(target: Path, data: bytes, *, private: bool = False) -> None:
    with atomic_writer(target, private=private) as handle:
        handle.write(data)


def safe_file_name(text: str, fallback: str = "fichier") -> str:
    """A file name any Windows folder accepts, made from user text (shared/reliability.md
    §5.4): accents folded, only letters, digits, space, ``_`` and ``-`` kept (others become
    ``_``), at most 100 characters, no trailing dots or spaces, never a Windows reserved name,
    never empty, never a path.

    A name starting with a reserved word (« AUX partenaires ») is kept: Windows reserves the
    word alone or before an extension, and the name has no dot left. Backups are found by
    this name (``backup.backup_stem``): a change here hides a base's older backups."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Za-z0-9 _-]", "_", folded)
    name = re.sub(r"_{2,}", "_", name)[:MAX_NAME_LENGTH].strip(" ._")
    if not name:
        name = fallback
    if name.upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    return name


def inside(folder: Path, target: Path) -> bool:
    """``target`` resolves to a place inside ``folder`` (canonicalise, then compare)."""
    return Path(folder).resolve() in Path(target).resolve().parents
