"""The territories (and meeting places) the base holds, spelled as it most often spells
them (:mod:`pexdesk.core.spellings`): what the forms offer as they are typed, what a save
stores, what the bilans group by; and the territories spelled several ways, rewritten to
one spelling each (Édition › Harmoniser l'orthographe des territoires…)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from pexdesk.core.db.connection import transaction
from pexdesk.core.repositories.mapper import now_utc
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


@dataclass(frozen=True)
class Spelling:
    """One way the base spells a territory, and how many records do."""

    text: str
    meetings: int
    partners: int


def territory_variants(con: sqlite3.Connection) -> list[tuple[Spelling, ...]]:
    """The territories spelled several ways, in the order of their keys: each its spellings,
    the one the base uses most first (:func:`usual_spellings`), then the others, most used
    first."""
    held: dict[str, list[int]] = {}
    for table, text, count in con.execute(
            """SELECT 'meeting', territory, count(*) FROM meeting GROUP BY territory
               UNION ALL
               SELECT 'partner', territory, count(*) FROM partner GROUP BY territory"""):
        if text.strip():
            held.setdefault(text.strip(), [0, 0])[table == "partner"] += count
    by_key: dict[str, list[Spelling]] = defaultdict(list)
    for text, (meetings, partners) in held.items():
        by_key[spelling_key(text)].append(Spelling(text, meetings, partners))
    usual = territory_spellings(con)
    return [tuple(sorted(found, key=lambda s: (s.text != usual[key], -s.meetings - s.partners,
                                               s.text)))
            for key, found in sorted(by_key.items()) if key and len(found) > 1]


def respelled(con: sqlite3.Connection, kept: Iterable[str]) -> dict[str, dict[int, str]]:
    """The meetings and partners naming the territory of one of the spellings ``kept``
    otherwise: by table, each record's id and the spelling it is to take."""
    wanted = {spelling_key(text): text for text in kept}
    found: dict[str, dict[int, str]] = {}
    for table in TERRITORY_TABLES:
        found[table] = {}
        for record_id, text in con.execute(f"SELECT id, territory FROM {table}"):
            spelling = wanted.get(spelling_key(text))
            if spelling is not None and text != spelling:
                found[table][record_id] = spelling
    return found


def harmonise(con: sqlite3.Connection, kept: Iterable[str]) -> dict[str, dict[int, str]]:
    """Write each spelling ``kept`` in every meeting and partner naming its territory
    otherwise, in one transaction (the journal lists each record rewritten); what was
    rewritten (:func:`respelled`)."""
    rewritten = respelled(con, kept)
    stamp = now_utc()
    with transaction(con):
        for table, spellings in rewritten.items():
            con.executemany(f"UPDATE {table} SET territory = ?, updated_at = ? WHERE id = ?",
                            [(text, stamp, record_id) for record_id, text in spellings.items()])
    return rewritten
