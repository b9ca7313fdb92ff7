"""One writer per base: the lock file, its holder named in French, stale locks cleared,
and Base.open refusing or falling back to read-only."""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import Partner
from pexdesk.core.errors import BaseLockedError, StorageError
from pexdesk.core.repositories import partners
from pexdesk.core.safety import lock as lock_module
from pexdesk.core.safety.lock import BaseLock, LockHolder, holder_of, lock_path

ROOT = Path(__file__).resolve().parents[2]


def test_the_host_named_is_the_computer_s_name():
    """Read without the ``platform`` module, the same name it gives."""
    assert lock_module.host_name() == (platform.node() or "cet ordinateur")


def test_acquire_release_and_the_holder_named(tmp_path):
    base = tmp_path / "pexdesk.db"
    first = BaseLock.acquire(base)
    assert lock_path(base).exists()
    content = json.loads(lock_path(base).read_text())
    assert content["pid"] == os.getpid() and content["application"] == "pexdesk"
    with pytest.raises(BaseLockedError) as refused:
        BaseLock.acquire(base)  # the same process counts as another writer
    holder = refused.value.holder
    assert holder.pid == os.getpid() and holder.host == lock_module.host_name()
    assert f"(processus {os.getpid()})" in str(refused.value)
    assert str(refused.value).startswith(f"La base est ouverte par pexdesk sur {holder.host}")
    assert holder_of(base) == holder
    first.release()
    assert not lock_path(base).exists() and holder_of(base) is None
    BaseLock.acquire(base).release()


def test_describe_names_host_process_and_time():
    holder = LockHolder("POSTE-12", 4242, datetime(2026, 3, 14, 14, 32))
    assert holder.describe(today=datetime(2026, 3, 14, 18, 0)) == \
        "pexdesk sur POSTE-12 (processus 4242) depuis 14:32"
    assert holder.describe(today=datetime(2026, 3, 15, 9, 0)) == \
        "pexdesk sur POSTE-12 (processus 4242) depuis le 14/03/2026 à 14:32"


HOLD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from pexdesk.core.safety.lock import BaseLock
    lock = BaseLock.acquire(sys.argv[1])
    print("tenu", flush=True)
    time.sleep(60)
""")


def _holder_process(base: Path) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", HOLD.format(root=str(ROOT)), str(base)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "tenu"
    return child


def test_another_process_holds_then_is_killed_its_lock_is_stale_and_cleared(tmp_path):
    base = tmp_path / "pexdesk.db"
    child = _holder_process(base)
    try:
        with pytest.raises(BaseLockedError, match=f"processus {child.pid}"):
            BaseLock.acquire(base)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    assert lock_path(base).exists()  # left behind by the crash
    taken = BaseLock.acquire(base)  # stale: the system lock died with its holder
    assert json.loads(lock_path(base).read_text())["pid"] == os.getpid()
    taken.release()


@pytest.fixture
def no_system_locks(monkeypatch):
    """A file system without locks (some network shares): the content decides."""
    monkeypatch.setattr(lock_module, "_try_system_lock", lambda fd: None)


def _write_lock(base: Path, holder: LockHolder, age_s: float = 0) -> None:
    path = lock_path(base)
    path.write_text(holder.to_json())
    if age_s:
        stamp = time.time() - age_s
        os.utime(path, (stamp, stamp))


def test_without_system_locks_a_dead_process_is_stale(tmp_path, no_system_locks):
    base = tmp_path / "pexdesk.db"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _write_lock(base, LockHolder(lock_module.host_name(), dead.pid, datetime.now()))
    BaseLock.acquire(base).release()


def test_without_system_locks_a_reused_process_number_is_stale(tmp_path, no_system_locks):
    base = tmp_path / "pexdesk.db"
    me = LockHolder.me()
    if me.process_start is None:
        pytest.skip("process start times unknown on this system")
    # Our own number, but a process that started a day earlier: not us, so its holder is gone.
    _write_lock(base, LockHolder(me.host, os.getpid(), datetime.now(),
                                 process_start=me.process_start - 86400))
    BaseLock.acquire(base).release()


def test_without_system_locks_a_live_holder_is_believed(tmp_path, no_system_locks):
    base = tmp_path / "pexdesk.db"
    _write_lock(base, LockHolder.me())
    with pytest.raises(BaseLockedError):
        BaseLock.acquire(base)


def test_another_computer_is_believed(tmp_path, no_system_locks):
    base = tmp_path / "pexdesk.db"
    _write_lock(base, LockHolder("POSTE-12", 1, datetime.now() - timedelta(days=2)))
    with pytest.raises(BaseLockedError, match="POSTE-12"):
        BaseLock.acquire(base)


def test_garbage_lock_file_is_stale_once_old(tmp_path, no_system_locks):
    base = tmp_path / "pexdesk.db"
    lock_path(base).write_bytes(b"\x00garbage")
    with pytest.raises(BaseLockedError, match="un autre programme"):
        BaseLock.acquire(base)  # maybe being written right now
    stamp = time.time() - 60
    os.utime(lock_path(base), (stamp, stamp))
    BaseLock.acquire(base).release()


def test_garbage_lock_file_without_holder_is_cleared_with_system_locks(tmp_path):
    base = tmp_path / "pexdesk.db"
    lock_path(base).write_bytes(b"{not json")
    BaseLock.acquire(base).release()


def test_read_only_folder_says_so(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lock_module.os, "open", refuse)
    with pytest.raises(StorageError, match="lecture seule"):
        BaseLock.acquire(tmp_path / "pexdesk.db")


# --- Base.open and the lock -----------------------------------------------------------------------

def test_base_holds_its_lock_while_open(base, base_path):
    assert base.lock is not None and base.lock.held
    assert holder_of(base_path).pid == os.getpid()
    with pytest.raises(BaseLockedError, match="fermez-la là-bas"):
        Base.open(base_path)
    base.close()
    assert holder_of(base_path) is None and not lock_path(base_path).exists()
    with Base.open(base_path) as again:
        assert again.lock.held


def test_second_writer_falls_back_to_read_only_and_cannot_write(base, base_path):
    partners.save(base.con, Partner(name="Visible", category_code="CAF"))
    with Base.open(base_path, fallback_read_only=True) as second:
        assert second.read_only and second.lock is None
        assert second.locked_by.pid == os.getpid()
        assert "La base est ouverte par pexdesk" in second.read_only_reason
        assert [p.name for p in partners.all_partners(second.con)] == ["Visible"]
        with pytest.raises(StorageError, match="lecture seule"):
            partners.save(second.con, Partner(name="Refusé", category_code="CAF"))
    assert base.lock.held  # the read-only opener did not touch the writer's lock


def test_read_only_opens_never_take_the_lock(base, base_path):
    with Base.open(base_path, read_only=True) as reader:
        assert reader.lock is None
    assert base.lock.held


def test_a_failed_open_releases_the_lock(base_path, base):
    base.close()
    with open(base_path, "r+b") as handle:  # damage the body, keep the header
        handle.seek(8192)
        handle.write(os.urandom(4096))
    with pytest.raises(Exception):
        Base.open(base_path)
    assert not lock_path(base_path).exists()


def test_unwritable_file_refused_or_read_only(base, base_path, monkeypatch):
    base.close()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode == os.W_OK
                        and Path(p) == base_path else real_access(p, mode, **kw))
    with pytest.raises(StorageError, match="en lecture seule"):
        Base.open(base_path)
    with Base.open(base_path, fallback_read_only=True) as opened:
        assert opened.read_only and "en lecture seule" in opened.read_only_reason
