"""The territories (and meeting places) the base holds, spelled as it most often spells
them (:mod:`pexdesk.core.spellings`): what the forms offer as they are typed, what a save
stores, what the bilans group by."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from itertools import chain

from pexdesk.core.spellings import Use, spelling_key, usual_spellings

TERRITORY_TABLES = ("meeting", "partner")
"""Both a meeting and a partner name a territory, in one vocabulary: the sous-CCAPEX of
« Nord – Montbrézac » invites the partners of « Nord – Montbrézac »."""


def territory_uses(con: sqlite3.Connection, leaving_out: tuple[str, int | None] = ("", None)
                   ) -> list[Use]:
    """Each spelling of a territory among meetings and partners, with how many hold it;
    ``leaving_out`` (table, id): the record being saved, whose stored spelling is not one
    already used elsewhere. Grouped table by table: grouping the two together took three
    times as long (15 ms for 10,000 partners)."""
    table_out, id_out = leaving_out
    return _merged(chain.from_iterable(con.execute(
        f"""SELECT territory, count(*), min(created_at) FROM {table} WHERE id IS NOT ?
            GROUP BY territory""", (id_out if table == table_out else None,))
        for table in TERRITORY_TABLES))


def place_uses(con: sqlite3.Connection) -> list[Use]:
    """Each spelling of the places meetings were held at."""
    return _merged(con.execute(
        "SELECT place, count(*), min(created_at) FROM meeting GROUP BY place"))


def _merged(rows: Iterable[tuple[str, int, str]]) -> list[Use]:
    """One use per text of ``rows`` (text, count, first created), spaces at its ends left
    out, none for no text."""
    merged: dict[str, Use] = {}
    for text, count, first in rows:
        text = text.strip()
        held = merged.get(text)
        merged[text] = Use(text, count, first) if held is None else \
            Use(text, held.count + count, min(held.first, first))
    merged.pop("", None)
    return list(merged.values())


def usual_territory(con: sqlite3.Connection, text: str, table: str,
                    record_id: int | None) -> str:
    """``text`` as the base already spells that territory elsewhere (the most used of its
    spellings), or ``text`` itself when no other record names it."""
    key = spelling_key(text)
    return usual_spellings(territory_uses(con, (table, record_id))).get(key, text) if key \
        else text


def territory_spellings(con: sqlite3.Connection) -> dict[str, str]:
    """Each territory's spelling, by :func:`spelling_key`."""
    return usual_spellings(territory_uses(con))


def place_spellings(con: sqlite3.Connection) -> dict[str, str]:
    """Each place's spelling, by :func:`spelling_key`."""
    return usual_spellings(place_uses(con))
