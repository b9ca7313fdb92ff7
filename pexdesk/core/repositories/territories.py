"""The territories (and meeting places) the base holds, spelled as it most often spells
them (:mod:`pexdesk.core.spellings`): what the forms offer as they are typed, what a save
stores, what the bilans group by."""

from __future__ import annotations

import sqlite3

from pexdesk.core.spellings import Use, spelling_key, usual_spellings

TERRITORY_TABLES = ("meeting", "partner")
"""Both a meeting and a partner name a territory, in one vocabulary: the sous-CCAPEX of
« Nord – Montbrézac » invites the partners of « Nord – Montbrézac »."""


def territory_uses(con: sqlite3.Connection, leaving_out: tuple[str, int | None] = ("", None)
                   ) -> list[Use]:
    """Each spelling of a territory among meetings and partners, with how many hold it;
    ``leaving_out`` (table, id): the record being saved, whose stored spelling is not one
    already used elsewhere."""
    table, record_id = leaving_out
    return [Use(*row) for row in con.execute(
        """SELECT trim(territory), count(*), min(created_at) FROM (
               SELECT territory, created_at FROM meeting WHERE NOT (? = 'meeting' AND id IS ?)
               UNION ALL
               SELECT territory, created_at FROM partner WHERE NOT (? = 'partner' AND id IS ?))
           WHERE trim(territory) <> '' GROUP BY 1""", (table, record_id) * 2)]


def place_uses(con: sqlite3.Connection) -> list[Use]:
    """Each spelling of the places meetings were held at."""
    return [Use(*row) for row in con.execute(
        """SELECT trim(place), count(*), min(created_at) FROM meeting
           WHERE trim(place) <> '' GROUP BY 1""")]


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
