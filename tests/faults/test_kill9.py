"""kill -9 harness (shared/reliability.md §4.1): a child writes one partner + 5 contacts per
transaction in a loop, printing each acknowledged commit; the parent kills it with SIGKILL
50–400 ms after it is ready, reopens, and checks:

- ``pexdesk check`` says sound on the base as the kill left it (its check service after
  every kill, the command itself on the last base of each lane);
- ``integrity_check`` ok and ``foreign_key_check`` empty through a writer's connection;
- every partner has exactly 5 contacts, and the journal one entry per row (atomicity);
- partners ≥ last acknowledged commit (durability), and ≤ it + 1 (one commit in flight);
- the next child opens the base although the killed one left its lock (stale lock cleared).

Two bases are hammered in parallel, each replaced by a fresh one every 25 kills.

``PEXDESK_KILL_TRIALS`` sets the number of kills (default 200; a nightly run can use more).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.profile import Profile
from pexdesk.core.safety.lock import lock_path
from pexdesk.core.services.check import Verdict, check_base

CHILDREN = Path(__file__).with_name("children.py")
TRIALS = int(os.environ.get("PEXDESK_KILL_TRIALS", "200"))
LANES = 2
"""Bases killed in parallel (the work is mostly waiting: sleeps and fsyncs)."""
SEGMENT = 25
"""Kills per base before a fresh one."""
SEED = int(os.environ.get("PEXDESK_KILL_SEED", "20260314"))

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL: POSIX harness")]


def _start(path: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(CHILDREN), "writer", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _invariants(path: Path) -> dict[str, int]:
    # A plain read-write connection, as the next pexdesk would open it: it recovers the WAL.
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        integrity = con.execute("PRAGMA integrity_check").fetchall()
        orphans = con.execute("PRAGMA foreign_key_check").fetchall()
        partners = con.execute("SELECT count(*) FROM partner WHERE name LIKE 'K%'").fetchone()[0]
        partial = con.execute(
            "SELECT count(*) FROM (SELECT p.id FROM partner p LEFT JOIN contact c "
            "ON c.partner_id = p.id WHERE p.name LIKE 'K%' GROUP BY p.id "
            "HAVING count(c.id) <> 5)").fetchone()[0]
        contacts = con.execute("SELECT count(*) FROM contact").fetchone()[0]
        journaled = dict(con.execute(
            "SELECT table_name, count(*) FROM change_log WHERE action = 'INSERT' "
            "AND table_name IN ('partner', 'contact') GROUP BY table_name").fetchall())
    return {"integrity_ok": integrity == [("ok",)], "orphans": len(orphans),
            "partners": partners, "partial": partial, "contacts": contacts,
            "journal_partners": journaled.get("partner", 0),
            "journal_contacts": journaled.get("contact", 0)}


def _lane(folder: Path, trials: int, seed: int) -> tuple[dict[str, int], list[str]]:
    """``trials`` kills on bases in ``folder``, a fresh base every SEGMENT trials (so that
    the checks stay quick); returns the counts and what went wrong."""
    problems = []
    folder.mkdir()
    rng = random.Random(seed)
    stats = dict.fromkeys(("kills", "acknowledged", "lost", "partial", "integrity", "in_flight",
                           "stale_locks", "check_failures"), 0)
    path = None
    for trial in range(trials):
        if trial % SEGMENT == 0:
            path = folder / f"pexdesk-{trial // SEGMENT}.db"
            Base.create(path, Profile(department_code="35", adil_name="ADIL 35")).close()
            acknowledged = 0
        child = _start(path)
        ready = child.stdout.readline()
        if not ready.startswith("ready"):
            child.kill()
            child.wait()
            error = child.stderr.read()
            child.stdout.close()
            child.stderr.close()
            raise AssertionError(f"essai {trial} : le processus n'a pas ouvert la base : "
                                 f"{ready!r} {error}")
        if int(ready.split()[1]) < acknowledged:
            stats["lost"] += acknowledged - int(ready.split()[1])
        time.sleep(rng.uniform(0.05, 0.40))
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()  # what it acknowledged before dying is still in the pipe
        child.wait()
        child.stdout.close()
        child.stderr.close()
        stats["kills"] += 1
        lines = [line for line in rest.splitlines() if line.strip().isdigit()]
        if lines:
            stats["acknowledged"] += int(lines[-1]) - acknowledged
            acknowledged = int(lines[-1])
        stats["stale_locks"] += lock_path(path).exists()
        # « pexdesk check » on the base exactly as the kill left it (hot WAL or journal)…
        report = check_base(path)
        if report.verdict != Verdict.SOUND:
            stats["check_failures"] += 1
            problems.append(f"essai {trial} : {report.text()}")
        found = _invariants(path)  # …then the invariants, through a writer's connection
        stats["integrity"] += not found["integrity_ok"] or found["orphans"] > 0
        if not found["integrity_ok"] or found["orphans"] or found["partial"]:
            problems.append(f"essai {trial} : {found}")
        stats["partial"] += (found["partial"] > 0 or found["journal_partners"] != found["partners"]
                             or found["journal_contacts"] != found["contacts"])
        stats["lost"] += max(0, acknowledged - found["partners"])
        stats["in_flight"] += max(0, found["partners"] - acknowledged)
        assert found["partners"] <= acknowledged + 1, found  # never a commit from nowhere
        acknowledged = found["partners"]
    verdict = subprocess.run([sys.executable, "-m", "pexdesk", "check", "--db", str(path)],
                             capture_output=True, text=True, timeout=120)
    stats["check_failures"] += verdict.returncode != 0
    if verdict.returncode:
        problems.append(verdict.stdout + verdict.stderr)
    return stats, problems


def test_kill_9_during_writes_loses_no_acknowledged_commit(tmp_path, figures):
    started = time.monotonic()
    per_lane = [TRIALS // LANES + (lane < TRIALS % LANES) for lane in range(LANES)]
    with ThreadPoolExecutor(LANES) as pool:
        results = list(pool.map(lambda lane: _lane(tmp_path / f"voie{lane}", per_lane[lane],
                                                   SEED + lane), range(LANES)))
    lanes = [stats for stats, _ in results]
    problems = [problem for _, found in results for problem in found]
    total = {name: sum(lane[name] for lane in lanes) for name in lanes[0]}
    figures("kill -9 pendant les écritures", kills=total["kills"],
            commits_acknowledged=total["acknowledged"], commits_lost=total["lost"],
            integrity_failures=total["integrity"], partial_actions=total["partial"],
            check_failures=total["check_failures"],
            unacknowledged_commits_found=total["in_flight"],
            stale_locks_cleared=total["stale_locks"],
            seconds=round(time.monotonic() - started, 1), seed=SEED)
    assert (total["lost"], total["partial"], total["integrity"], total["check_failures"]) == \
        (0, 0, 0, 0), "\n".join(problems[:10])
    assert total["kills"] == TRIALS and total["acknowledged"] > TRIALS  # it wrote between kills
