"""Running the command line from tests, in-process or as the user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from pexdesk.cli import main
from pexdesk.core.db.connection import connect


def run(argv, capsys) -> tuple[int, str, str]:
    """main() in-process: (exit code, stdout, stderr). argparse's own exits (--version, usage
    errors) count as a return; a traceback on stderr fails the test, whatever the code."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def run_process(*args: str | Path) -> subprocess.CompletedProcess:
    """``python -m pexdesk ARGS`` in a child process, UTF-8 output captured."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "pexdesk", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def spoil_root_page(db: Path, table: str) -> None:
    """Overwrite the first page of ``table`` as a failing disk would: SQLite's quick check
    finds it, and only what reads that table fails."""
    with closing(connect(db, read_only=True)) as con:
        root = con.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?",
                           (table,)).fetchone()[0]
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
    with open(db, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
