"""The fault catalogue (shared/reliability.md §4.2), one case each: disk full, read-only base,
base deleted while open, truncated and corrupted bases, two processes on one base, crashes
during a backup and during a restore. Each gives a clear French message and loses nothing."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from contextlib import closing
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.db.connection import MOVED_MESSAGE, transaction
from pexdesk.core.domain.models import Contact, Partner
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import (BaseError, BaseLockedError, DamagedBaseError, NotABaseError,
                                 StorageError)
from pexdesk.core.repositories import partners
from pexdesk.core.safety import backup
from pexdesk.core.safety.restore import restore
from pexdesk.core.services.check import Verdict, check_base
from tests.safety_helpers import awkward_base, dump

CHILDREN = Path(__file__).with_name("children.py")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and limits")


def counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as con:
        return backup.table_counts(con)


# --- disk full ----------------------------------------------------------------------------------

def test_disk_full_during_a_save_saves_nothing_and_says_so(base, base_path, row_counts, figures):
    con = base.con
    partners.save(con, Partner(name="Déjà là", category_code="CAF"), [Contact(full_name="A")])
    before = row_counts(con)
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.execute(f"PRAGMA max_page_count = {pages + 2}")
    tried = 0
    for size in (9_000, 19_000):
        tried += 1
        with pytest.raises(StorageError, match="^Disque plein : rien n'a été enregistré.$"):
            partners.save(con, Partner(name=f"Gros {size}", category_code="CAF",
                                       notes="n" * size),
                          [Contact(full_name=f"Contact {i}") for i in range(50)])
        assert not con.in_transaction and row_counts(con) == before
    tried += 1
    with pytest.raises(StorageError, match="Disque plein"):  # a long action: an import
        with transaction(con):
            for i in range(500):
                partners.save(con, Partner(name=f"Import {i}", category_code="CAF",
                                           notes="x" * 2000))
    assert not con.in_transaction and row_counts(con) == before
    con.execute("PRAGMA max_page_count = 1073741823")
    partners.save(con, Partner(name="Après", category_code="CAF"))  # space back: works again
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    figures("pannes injectées", disk_full_saves=tried)


FULL_DISK = textwrap.dedent("""
    import resource, signal, sys
    sys.path.insert(0, {root!r})
    from pexdesk.cli import main
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
    sys.exit(main(sys.argv[1:]))
""")


@posix_only
@pytest.mark.parametrize("command", ["backup", "backup-out", "backup-encrypted", "restore"])
def test_disk_full_during_backup_or_restore(tmp_path, command, figures):
    """A real write failure (a file-size limit: EFBIG, like a full disk) in a real process."""
    base = awkward_base(tmp_path / "pexdesk.db", partner_count=60)
    copy = backup.make_backup(base, out=tmp_path / "copie.db").path
    before = {p: p.read_bytes() for p in (base, copy)}
    argv = {"backup": ["backup", "--db", base],
            "backup-out": ["backup", "--db", base, "--out", tmp_path / "out.db"],
            "backup-encrypted": ["backup", "--db", base, "--encrypt", "--out", tmp_path],
            "restore": ["restore", copy, "--db", base]}[command]
    limit = 64 * 1024  # smaller than the base: no copy of it fits
    assert base.stat().st_size > limit
    env = {**os.environ, "PEXDESK_PASSWORD": "phrase de passe", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-c", FULL_DISK.format(root=str(ROOT), limit=limit),
                           *map(str, argv)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    # EFBIG reaches SQLite as an I/O error, and Python as an OSError: either message.
    assert ("Disque plein" in done.stderr or "Erreur d'écriture sur le disque" in done.stderr)
    assert "aucune sauvegarde" in done.stderr or "rien n'a été restauré" in done.stderr
    assert {p: p.read_bytes() for p in before} == before
    finals = [p for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith(".")
              and p not in before and not p.name.endswith((".lock", "-wal", "-shm"))]
    assert finals == []
    figures("pannes injectées", disk_full_file_writes=1)


# --- read-only ----------------------------------------------------------------------------------

def test_read_only_open_refuses_writes_in_french(filled_base_path, figures):
    before = filled_base_path.read_bytes()
    with Base.open(filled_base_path, read_only=True) as base:
        with pytest.raises(StorageError, match="lecture seule : rien n'a été enregistré"):
            partners.save(base.con, Partner(name="Refusé", category_code="CAF"))
        assert not base.con.in_transaction
    assert filled_base_path.read_bytes() == before
    figures("pannes injectées", read_only=1)


READ_ONLY = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from pexdesk.core.db.base import Base
    from pexdesk.core.domain.models import Partner
    from pexdesk.core.repositories import partners
    import pexdesk.core.safety.backup, pexdesk.core.safety.journal
    if os.geteuid() == 0:  # root ignores permissions: become nobody (modules are loaded)
        os.setgid(65534)
        os.setuid(65534)
    path = sys.argv[1]
    try:
        Base.open(path)
    except Exception as exc:
        print("refus:", type(exc).__name__, exc)
    base = Base.open(path, fallback_read_only=True)
    print("lecture:", base.read_only,
          base.con.execute("SELECT count(*) FROM partner").fetchone()[0])
    try:
        partners.save(base.con, Partner(name="Refusé", category_code="CAF"))
    except Exception as exc:
        print("écriture:", type(exc).__name__, exc)
    base.close()
""")


@posix_only
@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_file_or_folder(what, figures):
    """chmod'ed file or folder, in a real process (demoted from root if need be)."""
    folder = Path(tempfile.mkdtemp(prefix="pexdesk-ro-"))
    try:
        os.chmod(folder, 0o755)
        path = awkward_base(folder / "pexdesk.db", partner_count=5)
        os.chmod(path, 0o444 if what == "file" else 0o644)
        os.chmod(folder, 0o555 if what == "folder" else 0o755)
        before = path.read_bytes()
        done = subprocess.run([sys.executable, "-c", READ_ONLY.format(root=str(ROOT)), str(path)],
                              capture_output=True, text=True, timeout=120)
        if "Operation not permitted" in done.stderr:
            pytest.skip("cannot drop root privileges here")
        out = done.stdout
        assert done.returncode == 0, done.stderr
        assert "refus: StorageError" in out and "lecture seule" in out
        assert "lecture: True 5" in out
        assert "écriture: StorageError La base est en lecture seule : rien n'a été enregistré." \
            in out
        assert path.read_bytes() == before
    finally:
        os.chmod(folder, 0o755)
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()
    figures("pannes injectées", read_only=1)


# --- deleted while open -----------------------------------------------------------------------

@posix_only
def test_base_deleted_while_open_refuses_writes_and_the_data_is_rescued(base, base_path,
                                                                       figures):
    con = base.con
    for i in range(20):
        partners.save(con, Partner(name=f"P{i}", category_code="CAF"), [Contact(full_name="c")])
    expected = dump(base_path)
    base_path.unlink()  # the user deletes the file (Linux allows it while open)
    with pytest.raises(StorageError) as refused:
        partners.save(con, Partner(name="Perdu ?", category_code="CAF"))
    assert str(refused.value) == MOVED_MESSAGE and not con.in_transaction
    rescued = backup.rescue(con, base_path)
    assert rescued.name.endswith("-recuperee.db") and backup.verify_backup(rescued) == "saine"
    base.close()
    restore(rescued, base_path)  # nothing to keep: the base is gone
    restored = dump(base_path)
    assert restored["partner"] == expected["partner"]
    assert restored["contact"] == expected["contact"]
    figures("pannes injectées", deleted_while_open=1)


def test_base_replaced_while_open_is_noticed(base, base_path, tmp_path):
    other = tmp_path / "autre.db"
    other.write_bytes(base_path.read_bytes())
    os.replace(other, base_path)
    with pytest.raises(StorageError, match="supprimé, déplacé ou remplacé"):
        partners.save(base.con, Partner(name="X", category_code="CAF"))


# --- truncated and corrupted bases ------------------------------------------------------------

@pytest.mark.parametrize("keep", [0, 50, 4096, 0.5, 0.9, -1])
def test_truncated_base_is_refused_never_written_and_a_backup_offered(filled_base_path, keep,
                                                                      figures):
    good = backup.make_backup(filled_base_path).path
    size = filled_base_path.stat().st_size
    keep = int(size * keep) if isinstance(keep, float) else (size - 1 if keep == -1 else keep)
    with open(filled_base_path, "r+b") as handle:
        handle.truncate(keep)
    truncated = filled_base_path.read_bytes()
    with pytest.raises(BaseError) as refused:
        Base.open(filled_base_path)
    message = str(refused.value)
    assert "Traceback" not in message
    if isinstance(refused.value, DamagedBaseError):
        assert f"Dernière sauvegarde saine : {good}" in message
    else:
        assert isinstance(refused.value, NotABaseError) and keep < 100
    assert filled_base_path.read_bytes() == truncated
    verdict = check_base(filled_base_path).verdict
    assert verdict in (Verdict.DAMAGED, Verdict.NOT_A_BASE)
    restore(good, filled_base_path)
    assert check_base(filled_base_path).verdict == Verdict.SOUND
    figures("pannes injectées", truncated=1)


def test_short_file_with_a_wal_is_not_called_truncated(filled_base_path):
    """A crash during a checkpoint can leave page 1 (declaring the new size) written before
    the pages after it, which the WAL still holds: not damage, the next opening completes it."""
    from pexdesk.core.db.base import truncation

    with open(filled_base_path, "r+b") as handle:
        handle.truncate(filled_base_path.stat().st_size - 4096)
    assert truncation(filled_base_path) == "fichier tronqué"
    wal = filled_base_path.with_name(filled_base_path.name + "-wal")
    wal.write_bytes(b"\x37\x7f\x06\x82" + bytes(28))
    assert truncation(filled_base_path) is None
    wal.write_bytes(b"")
    assert truncation(filled_base_path) == "fichier tronqué"


def test_corrupted_file_corpus(filled_base_path, tmp_path, figures):
    """Header garbage, byte flips, zeroed pages: refused with a French message (or harmless),
    never a crash, never written."""
    original = filled_base_path.read_bytes()
    rng = random.Random(4242)
    detected = harmless = 0
    for case in range(40):
        data = bytearray(original)
        kind = case % 4
        if kind == 0:
            data[rng.randrange(0, 100): rng.randrange(0, 100) + 16] = rng.randbytes(16)
        elif kind == 1:
            for _ in range(rng.randint(1, 30)):
                data[rng.randrange(100, len(data))] ^= rng.randint(1, 255)
        elif kind == 2:
            page = rng.randrange(1, len(data) // 4096)
            data[page * 4096:(page + 1) * 4096] = bytes(4096)
        else:
            page = rng.randrange(1, len(data) // 4096)
            data[page * 4096:(page + 1) * 4096] = rng.randbytes(4096)
        path = tmp_path / f"cas{case}.db"
        path.write_bytes(bytes(data))
        try:
            with Base.open(path, read_only=True) as opened:
                opened.con.execute("SELECT count(*) FROM partner").fetchone()
            harmless += 1
        except BaseError as exc:
            assert str(exc) and "Traceback" not in str(exc)
            detected += 1
            assert path.read_bytes() == bytes(data)
        except sqlite3.DatabaseError:
            harmless += 1  # opened (damage in a page quick_check does not read): check sees it
            assert check_base(path).verdict != Verdict.SOUND
        report = check_base(path)  # « pexdesk check » never crashes either
        assert report.verdict in (Verdict.SOUND, Verdict.DAMAGED, Verdict.NOT_A_BASE)
    figures("fichiers abîmés", cases=40, detected_at_open=detected, opened_anyway=harmless,
            crashes=0)
    assert detected >= 25


# --- two processes ------------------------------------------------------------------------------

@posix_only
def test_a_second_process_is_refused_or_reads_only(tmp_path, figures):
    path = tmp_path / "pexdesk.db"
    Base.create(path, Profile(department_code="35", adil_name="ADIL 35")).close()
    writer = subprocess.Popen([sys.executable, str(CHILDREN), "writer", str(path)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().startswith("ready")
        with pytest.raises(BaseLockedError) as refused:
            Base.open(path)
        assert f"(processus {writer.pid})" in str(refused.value)
        with Base.open(path, fallback_read_only=True) as reader:
            assert reader.read_only and reader.locked_by.pid == writer.pid
            with pytest.raises(StorageError, match="lecture seule"):
                partners.save(reader.con, Partner(name="Deuxième", category_code="CAF"))
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        writer.stderr.close()
    with Base.open(path) as after:  # the dead writer's lock is stale
        assert after.con.execute("SELECT count(*) FROM partner WHERE name = 'Deuxième'"
                                 ).fetchone()[0] == 0
    figures("pannes injectées", second_process=1)


@posix_only
def test_contending_processes_never_write_at_the_same_time(tmp_path, figures):
    path = tmp_path / "pexdesk.db"
    Base.create(path, Profile(department_code="35", adil_name="ADIL 35")).close()
    contenders = [subprocess.Popen([sys.executable, str(CHILDREN), "contender", str(path), "4"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                  for _ in range(4)]
    results = []
    for child in contenders:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results.append(tuple(map(int, out.split())))
    with closing(sqlite3.connect(path)) as con:
        intervals = sorted(tuple(map(int, name.split("-")[2:4])) for (name,) in con.execute(
            "SELECT name FROM tag WHERE name LIKE 'e%'"))
    wins = sum(w for w, _ in results)
    assert len(intervals) == wins > 4
    overlaps = sum(1 for (_, end), (start, _) in zip(intervals, intervals[1:]) if start < end)
    assert sum(w > 0 for w, _ in results) >= 2  # more than one process got its turn
    figures("deux processus", writer_turns=wins, refusals=sum(r for _, r in results),
            simultaneous_writers=overlaps)
    assert overlaps == 0


# --- crashes during backup and restore ------------------------------------------------------------

def _kill_loop(argv: list[str], trials: int, rng: random.Random, low: float, high: float,
               after) -> int:
    kills = 0
    for _ in range(trials):
        child = subprocess.Popen([sys.executable, str(CHILDREN), *argv],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(low, high))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        child.stderr.close()
        kills += 1
        after()
    return kills


@posix_only
def test_kill_during_backups_leaves_no_partial_file_under_a_final_name(tmp_path, figures):
    base = awkward_base(tmp_path / "pexdesk.db", partner_count=300)
    out = tmp_path / "cle"
    out.mkdir()
    expected = counts(base)
    checked = set()

    def after():
        for final in out.glob("*.db"):
            if final not in checked:
                assert backup.verify_backup(final) == "saine", final
                assert counts(final) == expected
                checked.add(final)

    kills = _kill_loop(["backup", str(base), str(out)], 25, random.Random(7), 0.05, 0.5, after)
    partial = [p for p in out.iterdir() if p.name.startswith(".")]
    figures("kill -9 pendant les sauvegardes", kills=kills, backups_completed=len(checked),
            partial_under_final_name=0, temporary_leftovers=len(partial))
    assert len(checked) >= 1


@posix_only
def test_kill_during_restores_leaves_one_whole_base(tmp_path, figures):
    base = awkward_base(tmp_path / "pexdesk.db", partner_count=150)
    first = backup.make_backup(base, out=tmp_path / "a.db").path
    with Base.open(base) as opened:
        opened.con.execute("DELETE FROM contact WHERE id % 2 = 0")
        partners.save(opened.con, Partner(name="Seulement dans B", category_code="CAF"))
    second = backup.make_backup(base, out=tmp_path / "b.db").path
    states = [dump(p)["contact"] for p in (first, second)]
    seen = set()

    def after():
        assert check_base(base).verdict == Verdict.SOUND
        current = dump(base)["contact"]
        assert current in states
        seen.add(states.index(current))

    kills = _kill_loop(["restore", str(base), str(first), str(second)], 25, random.Random(11),
                       0.05, 0.6, after)
    figures("kill -9 pendant les restaurations", kills=kills, half_restored_bases=0,
            states_seen=len(seen))
