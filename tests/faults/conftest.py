"""Fault-injection suite (shared/reliability.md §4): its figures, printed at the end of the
run with their environment (§4.4), whatever pytest's output capture."""

from __future__ import annotations

import platform
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FIGURES: dict[str, dict[str, int | float | str]] = defaultdict(dict)
"""Per test family: figure name → value."""


@pytest.fixture
def figures():
    """``figures(family, **values)`` records figures for the end-of-run summary; numbers
    add up across tests of the same family."""

    def note(family: str, **values) -> None:
        for name, value in values.items():
            current = FIGURES[family].get(name)
            if isinstance(value, (int, float)) and isinstance(current, (int, float)):
                FIGURES[family][name] = current + value
            else:
                FIGURES[family][name] = value

    return note


def _environment() -> str:
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = "?"
    from pexdesk.core.safety.location import mount_type

    return (f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, système de fichiers "
            f"{mount_type(Path(__file__).resolve()) or '?'} (tmp : "
            f"{mount_type(Path('/tmp')) or '?'}), commit {commit or '?'} (+ modifications)")


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    write = terminalreporter.write_line
    terminalreporter.section("Injection de fautes : chiffres")
    write(_environment())
    for family in sorted(FIGURES):
        values = ", ".join(f"{name} = {value}" for name, value in FIGURES[family].items())
        write(f"  {family} : {values}")
    if sys.platform == "win32":
        write("  (Windows : kill -9 = TerminateProcess)")
