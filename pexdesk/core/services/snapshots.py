"""Snapshots of a record with everything that hangs on it, for undo and redo.

A snapshot holds the record's row, the rows that cascade from it (contacts of a
partner, answers of a response…) and the references that would be set to NULL
(a response's link to a deleted partner). Restoring it puts the base back
exactly, UUIDs and ids included, so undoing a deletion or an edit is one generic
operation for every kind of record. The foreign-key graph is read from the
schema, so a new table is covered without code here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from pexdesk.core.db.connection import transaction


@dataclass(frozen=True)
class ForeignKey:
    child: str
    column: str
    parent: str
    on_delete: str


@dataclass
class Snapshot:
    table: str
    record_id: int
    rows: list[tuple[str, dict]] = field(default_factory=list)
    """(table, row) in insertion order: parents before children."""
    links: list[tuple[str, str, int, int]] = field(default_factory=list)
    """(table, column, rowid, value) references that deleting the record sets to NULL."""

    @property
    def exists(self) -> bool:
        return bool(self.rows)


def _foreign_keys(con: sqlite3.Connection) -> list[ForeignKey]:
    tables = [row[0] for row in con.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    keys = []
    for table in tables:
        for fk in con.execute(f"PRAGMA foreign_key_list({table})"):
            keys.append(ForeignKey(table, fk["from"], fk["table"], fk["on_delete"].upper()))
    return keys


def _rows(con: sqlite3.Connection, table: str, where: str, params: tuple) -> list[dict]:
    return [dict(row) for row in con.execute(f"SELECT * FROM {table} WHERE {where}", params)]


def capture(con: sqlite3.Connection, table: str, record_id: int) -> Snapshot:
    """The record ``table.id = record_id`` and its dependants as they are now."""
    return capture_all(con, table, [record_id])[0]


def capture_all(con: sqlite3.Connection, table: str, record_ids: list[int]) -> list[Snapshot]:
    """:func:`capture` of many records of ``table`` (an import's), the foreign-key graph
    read once: reading it for each of 480 values took 0.2 s."""
    keys = _foreign_keys(con)
    snapshots = []
    for record_id in record_ids:
        snapshot = Snapshot(table, record_id)
        _collect(con, keys, table, "id = ?", (record_id,), snapshot)
        snapshots.append(snapshot)
    return snapshots


def _collect(con, keys: list[ForeignKey], table: str, where: str, params: tuple,
             snapshot: Snapshot) -> None:
    rows = _rows(con, table, where, params)
    snapshot.rows.extend((table, row) for row in rows)
    ids = [row["id"] for row in rows if "id" in row]
    if not ids:
        return
    marks = ", ".join("?" * len(ids))
    for fk in keys:
        if fk.parent != table:
            continue
        if fk.on_delete == "CASCADE":
            _collect(con, keys, fk.child, f"{fk.column} IN ({marks})", tuple(ids), snapshot)
        elif fk.on_delete == "SET NULL":
            for row in con.execute(f"SELECT rowid, {fk.column} FROM {fk.child} "
                                   f"WHERE {fk.column} IN ({marks})", ids):
                snapshot.links.append((fk.child, fk.column, row[0], row[1]))


def restore(con: sqlite3.Connection, target: Snapshot) -> None:
    """Make the record be as in ``target``: absent if ``target`` is empty."""
    with transaction(con):
        # Children that only reference the record (an axis's actions) stay while it is
        # deleted and re-inserted; the check happens at commit.
        con.execute("PRAGMA defer_foreign_keys = ON")
        con.execute(f"DELETE FROM {target.table} WHERE id = ?", (target.record_id,))
        for table, row in target.rows:
            columns = ", ".join(row)
            marks = ", ".join("?" * len(row))
            con.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))
        for table, column, rowid, value in target.links:
            con.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (value, rowid))


def restore_all(con: sqlite3.Connection, targets: list[Snapshot]) -> None:
    """:func:`restore` of each of ``targets``, in one transaction."""
    with transaction(con):
        for target in targets:
            restore(con, target)


def absent(table: str, record_id: int) -> Snapshot:
    """The state "this record does not exist", to undo a creation."""
    return Snapshot(table, record_id)
