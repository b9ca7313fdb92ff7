"""Running the command line from tests, in-process or as the user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pexdesk.cli import main


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
