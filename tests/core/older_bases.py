"""Bases as an earlier pexdesk wrote them, with data, for the tests of a schema step."""

from __future__ import annotations

from contextlib import closing

from pexdesk.core.db.base import _seed
from pexdesk.core.db.connection import connect
from pexdesk.core.db.migrate import bundled_steps, upgrade
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import mapper


def base_at_version(path, fill_data, version: int) -> dict[str, list[tuple]]:
    """A base of schema ``version`` holding a profile and ``fill_data``'s records; its
    tables' contents."""
    with closing(connect(path)) as con:
        assert upgrade(con, steps=bundled_steps()[:version], after_step=_seed) == list(
            range(1, version + 1))
        mapper.insert(con, Profile(department_code="32", adil_name="ADIL du Gers",
                                   officer_name="Camille Martin"))
        fill_data(con, partner_count=20)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return tables_of(con)


def tables_of(con) -> dict[str, list[tuple]]:
    return {table: sorted(map(tuple, con.execute(f"SELECT * FROM {table}")))
            for (table,) in con.execute("SELECT name FROM sqlite_schema WHERE type = "
                                        "'table' AND name NOT LIKE 'sqlite_%'")}


def as_before(con, before: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """``con``'s tables that ``before`` lists, their rows cut to the columns they had then:
    a later step may have added columns since (a meeting's agenda, step 9)."""
    now = tables_of(con)
    return {table: sorted(row[:len(rows[0])] for row in now[table]) if rows else now[table]
            for table, rows in before.items()}
