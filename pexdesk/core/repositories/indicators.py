"""Indicator catalogue and monthly values (one per indicator, département and month)."""

from __future__ import annotations

import sqlite3
from datetime import date

from pexdesk.core.db.connection import transaction
from pexdesk.core.domain import rules
from pexdesk.core.domain.models import Indicator, IndicatorValue
from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.repositories import mapper


def catalogue(con: sqlite3.Connection, active_only: bool = True) -> list[Indicator]:
    return mapper.select(con, Indicator, "active = 1" if active_only else "",
                         order="sort_order, id")


def save_indicator(con: sqlite3.Connection, indicator: Indicator) -> Indicator:
    if indicator.id is None:
        return mapper.insert(con, indicator)
    return mapper.update(con, indicator)


def set_values(con: sqlite3.Connection, values: list[IndicatorValue]) -> None:
    """Store a month's entries at once; a value for an existing (indicator, département,
    month) replaces it and keeps its UUID. A value its indicator's unit excludes (a
    percentage over 100: the value alone does not know its unit) refuses them all before
    anything is written."""
    units = dict(con.execute("SELECT id, unit FROM indicator").fetchall())
    problems = [FieldError("value", message) for value in values
                if (message := rules.within_unit(value.label("value"), value.value,
                                                 units.get(value.indicator_id, "")))]
    if problems:
        raise ValidationError(problems)
    with transaction(con):
        for value in values:
            existing = mapper.select(
                con, IndicatorValue, "indicator_id = ? AND department_code = ? AND month = ?",
                (value.indicator_id, value.department_code,
                 value.month.isoformat() if value.month else None))
            if existing:
                value.id, value.uuid, value.created_at = (existing[0].id, existing[0].uuid,
                                                          existing[0].created_at)
                mapper.update(con, value)
            else:
                mapper.insert(con, value)


def values_between(con: sqlite3.Connection, department_code: str, first: date,
                   last: date) -> list[IndicatorValue]:
    return mapper.select(con, IndicatorValue, "department_code = ? AND month BETWEEN ? AND ?",
                         (department_code, first.isoformat(), last.isoformat()),
                         order="indicator_id, month")


def delete_value(con: sqlite3.Connection, value_id: int) -> None:
    mapper.delete(con, IndicatorValue, value_id)
