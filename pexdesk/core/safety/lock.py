"""One writer per base: a lock file beside it, naming who holds it.

``pexdesk.db.lock`` is created with ``O_CREAT | O_EXCL`` (only one creator can win) and
holds the holder's computer name, process number and start time, so that a second pexdesk
can say who has the base (« … ouverte par pexdesk sur POSTE-12 (processus 4242) depuis
14:32 »). While the base is open its holder also keeps an operating-system lock on that
file (``flock`` on Linux and macOS, ``LockFileEx`` through ``msvcrt.locking`` on Windows).
The system releases that lock when the process ends, however it ends, so a lock file whose
system lock can be taken was left by a crash: it is stale and is cleared. Where the system
lock is not available (some network file systems) the file's content decides: same
computer and the process is gone (or the number now belongs to a younger process) → stale.
A holder on another computer cannot be checked and is believed.

Clearing a stale lock races with another pexdesk doing the same: each one checks, once it
holds the system lock of the file it opened, that this file is still the one under the
lock's name (same inode), and starts again otherwise; on Windows a live holder's file
cannot be deleted at all.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from pexdesk import __version__
from pexdesk.core.errors import BaseLockedError, StorageError
from pexdesk.core.safety.files import os_reason

LOCK_SUFFIX = ".lock"
ATTEMPTS = 5
UNREADABLE_GRACE_S = 5.0
"""A lock file without a readable holder is being written, unless it is older than this."""


class LockHolder(NamedTuple):
    host: str
    pid: int
    started: datetime
    """When the holder opened the base (local time)."""
    process_start: float | None = None
    """When the holder's process started (seconds since the epoch), to tell a reused
    process number from the holder."""
    version: str = ""

    def describe(self, today: datetime | None = None) -> str:
        today = today or datetime.now()
        if self.started.date() == today.date():
            since = f"depuis {self.started:%H:%M}"
        else:
            since = f"depuis le {self.started:%d/%m/%Y} à {self.started:%H:%M}"
        return f"pexdesk sur {self.host} (processus {self.pid}) {since}"

    def to_json(self) -> str:
        return json.dumps({"application": "pexdesk", "version": self.version, "host": self.host,
                           "pid": self.pid, "started": self.started.isoformat(),
                           "process_start": self.process_start})

    @classmethod
    def from_json(cls, text: str) -> LockHolder | None:
        try:
            data = json.loads(text)
            return cls(host=str(data["host"]), pid=int(data["pid"]),
                       started=datetime.fromisoformat(data["started"]),
                       process_start=(None if data.get("process_start") is None
                                      else float(data["process_start"])),
                       version=str(data.get("version", "")))
        except (ValueError, KeyError, TypeError):
            return None

    @classmethod
    def me(cls) -> LockHolder:
        return cls(host=host_name(), pid=os.getpid(), started=datetime.now().astimezone(),
                   process_start=process_start_time(os.getpid()), version=__version__)


def host_name() -> str:
    """This computer's name, which another pexdesk finding the base held shows. Read from
    ``os.uname`` where there is one, as ``platform.node`` does: importing ``platform`` is
    3 ms of every start-up."""
    if hasattr(os, "uname"):
        return os.uname().nodename or "cet ordinateur"
    import platform  # Windows

    return platform.node() or "cet ordinateur"


def lock_path(base_path: Path) -> Path:
    return base_path.with_name(base_path.name + LOCK_SUFFIX)


class BaseLock:
    """The lock of one base, held by this process until :meth:`release`."""

    def __init__(self, path: Path, fd: int, holder: LockHolder):
        self.path = path
        self._fd: int | None = fd
        self.holder = holder

    @classmethod
    def acquire(cls, base_path: Path | str) -> BaseLock:
        """Take the lock of ``base_path`` or raise :class:`BaseLockedError` naming its holder.

        A stale lock (its holder is gone) is cleared. A folder where the lock cannot be
        written raises :class:`StorageError`."""
        path = lock_path(Path(base_path))
        me = LockHolder.me()
        for _ in range(ATTEMPTS):
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
            except FileExistsError:
                holder = _live_holder(path)
                if holder is not None:
                    raise BaseLockedError(
                        f"La base est ouverte par {holder.describe()} : fermez-la là-bas, ou "
                        "ouvrez-la ici en lecture seule.", holder) from None
                continue  # stale and cleared, or changed meanwhile: try again
            except OSError as exc:
                raise StorageError(_unwritable(path, exc)) from exc
            try:
                if _try_system_lock(fd) is False:
                    os.close(fd)  # someone opened our brand-new file and locked it first
                    continue
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, me.to_json().encode("utf-8"))
                os.fsync(fd)
                if sys.platform != "win32" and not _same_file(fd, path):
                    os.close(fd)  # taken for stale and cleared before we locked it
                    continue
            except OSError as exc:
                os.close(fd)
                path.unlink(missing_ok=True)
                raise StorageError(_unwritable(path, exc)) from exc
            return cls(path, fd, me)
        raise BaseLockedError("La base est en cours d'ouverture par un autre programme : "
                              "réessayez dans un instant.")

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Remove the lock file (ours: same inode) and drop the system lock."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if sys.platform == "win32":
                os.close(fd)  # Windows deletes no open file
                fd = -1
                self.path.unlink(missing_ok=True)
            elif _same_file(fd, self.path):
                self.path.unlink()
        except OSError:
            pass  # a lock file left behind is stale: the next open clears it
        finally:
            if fd >= 0:
                os.close(fd)

    def __del__(self):  # a Base dropped without close() must not keep its file locked
        if getattr(self, "_fd", None) is not None:
            self.release()


def holder_of(base_path: Path | str) -> LockHolder | None:
    """Who holds the lock of ``base_path`` now (None: nobody, or a stale lock)."""
    path = lock_path(Path(base_path))
    if not path.exists():
        return None
    return _peek(path)


def _peek(path: Path) -> LockHolder | None:
    """The holder of the lock file at ``path`` if it is alive, without clearing anything."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        if _try_system_lock(fd):
            _system_unlock(fd)
            return None
        return _wait_for_holder(fd)
    finally:
        os.close(fd)


def _live_holder(path: Path) -> LockHolder | None:
    """The holder of an existing lock file if it is alive; None once a stale lock has been
    cleared or the file changed under us (the caller tries again)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    except PermissionError as exc:
        if sys.platform == "win32":
            time.sleep(0.05)  # being deleted by its holder
            return None
        raise StorageError(_unwritable(path, exc)) from exc
    except OSError as exc:
        raise StorageError(_unwritable(path, exc)) from exc
    try:
        locked = _try_system_lock(fd)
        if locked is False:  # its holder is alive
            return _wait_for_holder(fd)
        if locked is None:  # no system locks on this file system: the content decides
            holder = _read_holder(fd)
            if holder is None and time.time() - os.fstat(fd).st_mtime < UNREADABLE_GRACE_S:
                return _wait_for_holder(fd)
            if holder is not None and not _is_stale(holder):
                return holder
        # Stale. On POSIX we hold its system lock: delete it if it is still the lock file.
        if sys.platform != "win32":
            if _same_file(fd, path):
                path.unlink(missing_ok=True)
            return None
    finally:
        os.close(fd)
    try:
        path.unlink()  # Windows, once closed
    except (FileNotFoundError, PermissionError):
        pass  # cleared by another pexdesk, or its holder came back: the next attempt sees it
    return None


def _wait_for_holder(fd: int) -> LockHolder:
    """A live lock whose content may still be being written by its brand-new holder."""
    for _ in range(5):
        holder = _read_holder(fd)
        if holder is not None:
            return holder
        time.sleep(0.05)
    return LockHolder("un autre programme", 0, datetime.now())


def _read_holder(fd: int) -> LockHolder | None:
    os.lseek(fd, 0, os.SEEK_SET)
    data = b""
    while chunk := os.read(fd, 4096):
        data += chunk
        if len(data) > 65536:
            return None
    return LockHolder.from_json(data.decode("utf-8", "replace"))


def _is_stale(holder: LockHolder) -> bool:
    if holder.host != host_name():
        return False  # another computer: cannot be checked, believed
    if not process_alive(holder.pid):
        return True
    started = process_start_time(holder.pid)
    return (holder.process_start is not None and started is not None
            and abs(started - holder.process_start) > 2.0)


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _unwritable(path: Path, exc: OSError) -> str:
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"Le dossier {path.parent} est en lecture seule : la base ne peut y être "
                "ouverte qu'en lecture.")
    if exc.errno == errno.ENOSPC:
        return "Disque plein : la base ne peut pas être ouverte pour écrire."
    return f"Impossible d'écrire le verrou {path} ({os_reason(exc)})."


# --- system locks ------------------------------------------------------------------------------

if sys.platform == "win32":
    import msvcrt

    _LOCKED_BYTE = 1 << 20
    """Windows locks bar others from reading the locked bytes: lock one past the content."""

    def _system_lock(fd: int) -> None:
        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _system_unlock(fd: int) -> None:
        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _try_system_lock(fd: int) -> bool | None:
        try:
            _system_lock(fd)
            return True
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            return None
else:
    import fcntl

    def _system_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _system_unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def _try_system_lock(fd: int) -> bool | None:
        """True: taken (the holder is gone); False: held by a live process; None: this
        file system has no locks."""
        try:
            _system_lock(fd)
            return True
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            return None


# --- processes ---------------------------------------------------------------------------------

def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: existence check only (on Windows it would kill!)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    return _linux_state(pid) not in ("Z", "X")  # a zombie has ended


def _linux_stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rfind(")") + 2:].split()  # fields after the command name


def _linux_state(pid: int) -> str | None:
    fields = _linux_stat(pid)
    return fields[0] if fields else None


def process_start_time(pid: int) -> float | None:
    """When process ``pid`` started, in seconds since the epoch; None if unknown."""
    if sys.platform == "win32":
        return _windows_process_start(pid)
    fields = _linux_stat(pid)
    if not fields:
        return None
    try:
        boot = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, StopIteration, ValueError, IndexError):
        return None


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    _PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
    _STILL_ACTIVE = 259

    def _open_process(pid: int):
        return ctypes.windll.kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)

    def _windows_process_alive(pid: int) -> bool:
        handle = _open_process(pid)
        if not handle:
            return ctypes.GetLastError() == 5  # access denied: it exists
        try:
            code = wintypes.DWORD()
            ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == _STILL_ACTIVE
        finally:
            ctypes.windll.kernel32.CloseHandle(handle)

    def _windows_process_start(pid: int) -> float | None:
        handle = _open_process(pid)
        if not handle:
            return None
        try:
            times = [wintypes.FILETIME() for _ in range(4)]
            if not ctypes.windll.kernel32.GetProcessTimes(handle, *map(ctypes.byref, times)):
                return None
            created = (times[0].dwHighDateTime << 32) | times[0].dwLowDateTime
            return created / 10_000_000 - 11_644_473_600  # 1601 → 1970, 100 ns → s
        finally:
            ctypes.windll.kernel32.CloseHandle(handle)
