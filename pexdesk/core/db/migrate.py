"""Schema versions on ``PRAGMA user_version``, forward-only.

Each step ``NNNN_*.sql`` in the ``migrations`` package brings the base from
version NNNN-1 to NNNN. A step and its new ``user_version`` commit together, so
a crash leaves the schema either wholly old or wholly new. Steps are never
edited once released: a change is a new step.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import NamedTuple

APPLICATION_ID = 0x50455844  # "PEXD": marks the file as a pexdesk base

_STEP_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class Step(NamedTuple):
    version: int
    name: str
    sql: str


def bundled_steps() -> list[Step]:
    """The migration steps shipped with this version, in order."""
    from importlib import resources  # 9 ms to import: only when a base is created or upgraded

    steps = []
    for entry in resources.files("pexdesk.core.db.migrations").iterdir():
        match = _STEP_NAME.match(entry.name)
        if match:
            steps.append(Step(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    steps.sort(key=lambda s: s.version)
    if [s.version for s in steps] != list(range(1, len(steps) + 1)):
        raise RuntimeError(f"migration steps are not numbered 1..N: {[s.name for s in steps]}")
    return steps


SCHEMA_VERSION = 12
"""The version the last bundled step brings a base to (a test keeps them in step): opening
a base of this version reads no step at all."""


def schema_version(con: sqlite3.Connection) -> int:
    return con.execute("PRAGMA user_version").fetchone()[0]


def application_id(con: sqlite3.Connection) -> int:
    return con.execute("PRAGMA application_id").fetchone()[0]


def upgrade(con: sqlite3.Connection, steps: list[Step] | None = None,
            after_step: Callable[[sqlite3.Connection, int], None] | None = None) -> list[int]:
    """Apply every pending step; return the versions applied.

    ``after_step(con, version)`` runs inside the step's transaction, so seed
    data written there commits or rolls back with the schema it belongs to.
    """
    steps = bundled_steps() if steps is None else steps
    applied = []
    for step in steps:
        if step.version <= schema_version(con):
            continue
        con.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(step.sql):
                con.execute(statement)
            if step.version == 1:
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            if after_step is not None:
                after_step(con, step.version)
            con.execute(f"PRAGMA user_version = {step.version}")
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        applied.append(step.version)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a script into statements so they run inside our own transaction.

    ``executescript`` would COMMIT first (CPython bpo-30593); ``complete_statement``
    knows where a statement ends even with ``;`` inside string literals.
    """
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        if not buffer and (not line.strip() or line.lstrip().startswith("--")):
            continue
        # A line may hold several statements: try each ``;`` as the end of one.
        for piece in re.split(r"(?<=;)", line):
            buffer += piece
            if piece.endswith(";") and sqlite3.complete_statement(buffer):
                statements.append(buffer.strip())
                buffer = ""
        if all(not rest.strip() or rest.lstrip().startswith("--") for rest in buffer.splitlines()):
            buffer = ""  # only a comment or blanks after the last statement of the line
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement at the end of a migration: {buffer[:80]!r}")
    return statements
