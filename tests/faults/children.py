"""Child processes for the fault-injection tests, killed at random moments by the parent.

Run as ``python tests/faults/children.py ROLE ARGS…``; each prints one line per step it
has *finished* (flushed), so the parent knows what was acknowledged before the kill.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def writer(path: str) -> None:
    """One partner + 5 contacts per transaction, through the repositories (validation,
    journal triggers, the durable connection), forever; prints the partner count after
    each commit."""
    from pexdesk.core.db.base import Base
    from pexdesk.core.domain.models import Contact, Partner
    from pexdesk.core.repositories import partners

    base = Base.open(path)  # takes the lock: clears the one its killed predecessor left
    con = base.con
    done = con.execute("SELECT count(*) FROM partner WHERE name LIKE 'K%'").fetchone()[0]
    print(f"ready {done}", flush=True)
    step = 0
    while True:
        step += 1
        partners.save(con, Partner(name=f"K{os.getpid()}-{step}", category_code="CAF",
                                   notes="x" * (step % 7) * 100),
                      [Contact(full_name=f"Contact {step}-{n}", email=f"c{n}@exemple.fr")
                       for n in range(5)])
        done += 1
        print(done, flush=True)


def backup_loop(path: str, out: str) -> None:
    """Verified backups into ``out``, forever."""
    from pexdesk.core.safety.backup import BackupPolicy, make_backup

    print("ready", flush=True)
    while True:
        result = make_backup(path, out=out, record=False, policy=BackupPolicy(10 ** 6, 0))
        print(result.path.name, flush=True)


def restore_loop(base: str, first: str, second: str) -> None:
    """Restore two backups in turn, forever."""
    from pexdesk.core.safety.backup import BackupPolicy
    from pexdesk.core.safety.restore import restore

    print("ready", flush=True)
    sources = [first, second]
    step = 0
    while True:
        restore(sources[step % 2], base, policy=BackupPolicy(2, 0))
        print(Path(sources[step % 2]).name, flush=True)
        step += 1


def contender(path: str, seconds: str) -> None:
    """Try to become the writer for ``seconds``; while writer, record the interval during
    which it held the base (start and end read from the same clock, written by itself)."""
    from pexdesk.core.db.base import Base
    from pexdesk.core.db.connection import transaction
    from pexdesk.core.errors import BaseLockedError

    deadline = time.monotonic() + float(seconds)
    wins = refusals = 0
    while time.monotonic() < deadline:
        try:
            base = Base.open(path, quick_check=False)
        except BaseLockedError:
            refusals += 1
            time.sleep(0.002)
            continue
        try:
            start = time.time_ns()
            with transaction(base.con):
                base.con.execute("INSERT INTO tag(name) VALUES (?)",
                                 (f"w{os.getpid()}-{wins}-{start}",))
            time.sleep(0.005)
            end = time.time_ns()
            with transaction(base.con):
                base.con.execute("INSERT INTO tag(name) VALUES (?)",
                                 (f"e{os.getpid()}-{wins}-{start}-{end}",))
            wins += 1
        finally:
            base.close()
    print(f"{wins} {refusals}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    {"writer": writer, "backup": backup_loop, "restore": restore_loop,
     "contender": contender}[sys.argv[1]](*sys.argv[2:])
