"""Map record dataclasses to their tables: one place for SQL of plain CRUD.

Each record class names its table; its dataclass fields are its columns
(``metadata={"column": ...}`` renames one, ``None`` keeps it out of the table;
``metadata={"added_in": N}`` marks a column schema step N added: a base not yet upgraded
lacks it, read as it is, read only, and the field keeps its default there).
Dates are ISO text, times « HH:MM » and booleans 0/1 in SQLite, as the schema's CHECKs
expect.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import date, datetime, time, timezone
from functools import cache
from typing import Any, TypeVar, get_type_hints

from pexdesk.core.db.connection import transaction
from pexdesk.core.db.migrate import schema_version
from pexdesk.core.domain.record import Record
from pexdesk.core.errors import FieldError, NotFoundError, ValidationError

R = TypeVar("R", bound=Record)

_IDENTITY = ("id", "uuid", "created_at", "updated_at")


def not_found(table: str, record_id: Any) -> NotFoundError:
    """« Enregistrement introuvable (réunion n° 62) » : deleted since it was read (by an
    undo, in another window)."""
    from pexdesk.core.safety.journal import TABLE_LABELS  # only on this rare path

    return NotFoundError(f"Enregistrement introuvable ({TABLE_LABELS.get(table, table)} "
                         f"n° {record_id}) : il a été supprimé entre-temps.")


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@cache
def _columns(cls: type[Record]) -> tuple[tuple[str, str, type], ...]:
    """(attribute, column, python type) for every stored field of ``cls``."""
    hints = get_type_hints(cls)
    result = []
    for f in fields(cls):
        column = f.metadata.get("column", f.name)
        if column is None:
            continue
        base = hints[f.name]
        kinds = getattr(base, "__args__", (base,))
        kind = next((k for k in (date, time, bool) if k in kinds), object)
        result.append((f.name, column, kind))
    return tuple(result)


def _to_sql(value: Any, kind: type) -> Any:
    if value is None:
        return None
    if kind is date:
        return value.isoformat()
    if kind is time:
        return value.isoformat(timespec="minutes")
    if kind is bool:
        return int(bool(value))
    return value


def _from_sql(value: Any, kind: type) -> Any:
    if value is None:
        return None
    if kind is date:
        return date.fromisoformat(value)
    if kind is time:
        return time.fromisoformat(value)
    if kind is bool:
        return bool(value)
    return value


@cache
def _added_later(cls: type[Record]) -> dict[str, int]:
    """The schema version that added the column of each field marked ``added_in``."""
    return {f.name: f.metadata["added_in"] for f in fields(cls) if "added_in" in f.metadata}


def _columns_in(con: sqlite3.Connection, cls: type[R]) -> tuple[tuple[str, str, type], ...]:
    """The columns of ``cls`` the base at hand has: all of them once it is upgraded (only
    tests write to an older base: the application upgrades a base it opens for writing)."""
    later = _added_later(cls)
    if not later:
        return _columns(cls)
    version = schema_version(con)
    return tuple(c for c in _columns(cls) if later.get(c[0], 0) <= version)


def select(con: sqlite3.Connection, cls: type[R], where: str = "", params: tuple = (),
           order: str = "id") -> list[R]:
    columns = _columns_in(con, cls)
    sql = f"SELECT {', '.join(column for _, column, _ in columns)} FROM {cls.TABLE}"
    if where:
        sql += f" WHERE {where}"
    return [cls(**{attr: _from_sql(row[column], kind) for attr, column, kind in columns})
            for row in con.execute(f"{sql} ORDER BY {order}", params)]


IN_CHUNK = 500
"""Values bound per ``IN (…)``: well under SQLite's limit of bound parameters (999 before
SQLite 3.32, which a Python built against an older library still has)."""


def where_in(con: sqlite3.Connection, sql: str, values: Sequence,
             after: tuple = ()) -> list[tuple]:
    """Run ``sql`` (its ``{}`` being the ``IN`` list, its parameters after it ``after``)
    for all ``values`` by chunks, and return its rows: a survey export of 100,000 rows, or
    the 10,000 partners a list shows, would pass SQLite's parameter limit at once. The rows
    come chunk after chunk: a caller wanting an order sorts them."""
    rows: list[tuple] = []
    for start in range(0, len(values), IN_CHUNK):
        chunk = values[start:start + IN_CHUNK]
        rows += con.execute(sql.format(", ".join("?" for _ in chunk)),
                            [*chunk, *after]).fetchall()
    return rows


def existing(con: sqlite3.Connection, cls: type[Record], record_ids: Iterable[int]) -> list[int]:
    """Those of ``record_ids`` the base holds, in order: a form keeps the records ticked in
    it while they are deleted (a partner, an action), so that undoing the deletion ticks
    them again, and saves only those still there."""
    return sorted(row[0] for row in where_in(
        con, f"SELECT id FROM {cls.TABLE} WHERE id IN ({{}})", sorted(set(record_ids))))


def get(con: sqlite3.Connection, cls: type[R], record_id: int) -> R:
    found = select(con, cls, "id = ?", (record_id,))
    if not found:
        raise not_found(cls.TABLE, record_id)
    return found[0]


def new_uuid() -> str:
    """A record's UUID. ``uuid`` is imported on the first insert: it brings ``platform``,
    3 ms of a start-up that may write nothing."""
    import uuid

    return str(uuid.uuid4())


def insert(con: sqlite3.Connection, record: R) -> R:
    """Validate and store a new record; gives it an id, a UUID and timestamps."""
    record.check()
    stamp = now_utc()
    record.uuid = record.uuid or new_uuid()
    record.created_at = record.created_at or stamp
    record.updated_at = stamp
    values = {column: _to_sql(getattr(record, attr), kind)
              for attr, column, kind in _columns_in(con, type(record)) if attr != "id"}
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    with transaction(con), integrity_as_validation(record):
        cursor = con.execute(f"INSERT INTO {record.TABLE} ({names}) VALUES ({marks})",
                             tuple(values.values()))
    record.id = cursor.lastrowid
    return record


def insert_many(con: sqlite3.Connection, records: list[R], *, checked: bool = False) -> list[R]:
    """Validate and store many new records of one class in one transaction (an import).

    The same rules as :func:`insert`, without a savepoint per record: thousands of
    rows take a fraction of a second, and the first refused record undoes them all.
    ``checked``: the caller has just run every record's ``problems()`` and found none
    (an import's preview does), so they are not run a second time; the schema's own
    constraints still apply."""
    if not records:
        return records
    cls = type(records[0])
    if any(type(record) is not cls for record in records):
        raise TypeError("insert_many() stores records of one class")
    if not checked:
        for record in records:
            record.check()
    stamp = now_utc()
    columns = [(attr, column, kind) for attr, column, kind in _columns_in(con, cls) if attr != "id"]
    sql = (f"INSERT INTO {cls.TABLE} ({', '.join(column for _, column, _ in columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    with transaction(con):
        for record in records:
            record.uuid = record.uuid or new_uuid()
            record.created_at = record.created_at or stamp
            record.updated_at = stamp
            values = vars(record)
            with integrity_as_validation(record):
                cursor = con.execute(sql, tuple(
                    values[attr] if kind is object else _to_sql(values[attr], kind)
                    for attr, _, kind in columns))
            record.id = cursor.lastrowid
    return records


def update(con: sqlite3.Connection, record: R) -> R:
    """Validate and overwrite a stored record; its UUID and creation time never change."""
    if record.id is None:
        raise ValueError("update() needs a stored record")
    record.check()
    record.updated_at = now_utc()
    values = {column: _to_sql(getattr(record, attr), kind)
              for attr, column, kind in _columns_in(con, type(record))
              if attr not in ("id", "uuid", "created_at")}
    assignments = ", ".join(f"{column} = ?" for column in values)
    with transaction(con), integrity_as_validation(record):
        cursor = con.execute(f"UPDATE {record.TABLE} SET {assignments} WHERE id = ?",
                             (*values.values(), record.id))
        if cursor.rowcount != 1:
            raise not_found(record.TABLE, record.id)
    return record


def delete(con: sqlite3.Connection, cls: type[Record], record_id: int) -> None:
    with transaction(con), integrity_as_validation(None, deleting=True):
        cursor = con.execute(f"DELETE FROM {cls.TABLE} WHERE id = ?", (record_id,))
        if cursor.rowcount != 1:
            raise not_found(cls.TABLE, record_id)


def replace_children(con: sqlite3.Connection, cls: type[R], parent_column: str,
                     parent_id: int, records: list[R]) -> None:
    """Make ``records`` the whole set of ``cls`` rows under one parent: rows left out are
    deleted, records with an id are updated (keeping their UUID), the others inserted."""
    kept = [r.id for r in records if r.id is not None]
    with transaction(con):
        con.execute(f"DELETE FROM {cls.TABLE} WHERE {parent_column} = ? AND id NOT IN "
                    f"({', '.join('?' * len(kept))})", (parent_id, *kept))
        for record in records:
            setattr(record, parent_column, parent_id)
            if record.id is None:
                insert(con, record)
            else:
                update(con, record)


class integrity_as_validation:
    """Turn a constraint SQLite enforced (unique name, missing reference) into a French
    :class:`ValidationError`; the record's own ``check()`` catches everything else first.

    ``deleting`` says the statement removes rows, so a foreign-key failure means that
    something still depends on them; otherwise it means a reference to nothing."""

    def __init__(self, record: Record | None, *, deleting: bool = False):
        self.record = record
        self.deleting = deleting

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if not isinstance(exc, sqlite3.IntegrityError):
            return False
        raise ValidationError(_integrity_error(self.record, exc, self.deleting)) from exc


_UNIQUE_FIELDS = {
    "partner.name": ("name", "Un partenaire porte déjà le nom « {value} »."),
    "campaign.name": ("name", "Une campagne porte déjà le nom « {value} »."),
    "roadmap_axis.code": ("code", "Un axe porte déjà le code « {value} »."),
    "indicator.code": ("code", "Un indicateur porte déjà le code « {value} »."),
    "campaign_item.campaign_id, campaign_item.label": (
        "label_text", "La campagne contient déjà la question « {value} »."),
    "indicator_value.indicator_id, indicator_value.department_code, indicator_value.month": (
        "month", "Une valeur existe déjà pour cet indicateur, ce département et ce mois."),
}


def _integrity_error(record: Record | None, exc: sqlite3.IntegrityError,
                     deleting: bool = False) -> FieldError:
    text = str(exc)
    if text.startswith("UNIQUE constraint failed: "):
        key = text.removeprefix("UNIQUE constraint failed: ")
        if key in _UNIQUE_FIELDS and record is not None:
            attr, message = _UNIQUE_FIELDS[key]
            return FieldError(attr, message.format(value=getattr(record, attr)))
    if "FOREIGN KEY" in text:
        if deleting:
            return FieldError("", "Cet enregistrement est utilisé ailleurs dans la base : "
                                  "supprimez d'abord ce qui en dépend.")
        return FieldError("", "Cet enregistrement fait référence à un élément qui n'existe pas "
                              "(ou plus) dans la base.")
    return FieldError("", f"La base a refusé l'enregistrement ({text}).")
