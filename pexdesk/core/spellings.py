"""One spelling per territory.

A territory is typed freely (« Nord - Montbrézac », « Nord – Montbrézac »,
« nord–montbrezac »): the bilan groups its sous-CCAPEX by territory, and two spellings of
one made two lines with half the figures each, and small numbers that were not real. Two
spellings name the same territory when their :func:`spelling_key` is the same; the base
then keeps the one it uses most (:func:`usual_spellings`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pexdesk.core.text import fold

_APOSTROPHE = re.compile(r"\s*['’‘ʼʹ`´′]\s*")
_DASHES = re.compile("[-‐‑‒–—―−⁃]")
"""A dash between two words joins them as a space does: « Saint-Denis » is « Saint Denis »,
and « Nord - Montbrézac », « Nord–Montbrézac » and « Nord Montbrézac » are one territory."""
_ENDS = " .,;:!?'\"«»…"
"""What a territory may start or end with by a slip of the keyboard."""


@lru_cache(maxsize=1 << 16)
def spelling_key(text: str) -> str:
    """What two spellings of one territory (or place) share: no case, accents or ligatures,
    any dash a space, any apostrophe straight and without spaces around it, single spaces,
    no punctuation at either end. "" for a text that holds no word.

    Kept once worked out: a save compares what is typed with every territory of the base,
    whose keys the form worked out when it read them to offer them (10,000 territories
    take 0.1 s)."""
    key, previous = text, None
    while key != previous:  # folding may uncover what folding changes again (« ＭＢ »)
        previous = key
        # Apostrophes before folding too: it turns « ´ » into a space.
        key = fold(_APOSTROPHE.sub("'", key)).replace("œ", "oe").replace("æ", "ae")
        key = " ".join(_APOSTROPHE.sub("'", _DASHES.sub(" ", key)).strip(_ENDS).split())
        if key.isascii():  # nothing left to fold: another turn would change nothing
            break
    return key


@dataclass(frozen=True)
class Use:
    """One spelling as the base holds it."""

    text: str
    count: int
    """The records spelling it so."""
    first: str
    """When the first of them was created (UTC, ISO 8601)."""


def usual_spellings(uses: Iterable[Use]) -> dict[str, str]:
    """The spelling kept for each :func:`spelling_key`: the one most records hold, and, as
    many, the one used first (the established one); texts without a word are left out."""
    by_key: dict[str, list[Use]] = defaultdict(list)
    for use in uses:
        key = spelling_key(use.text)
        if key:
            by_key[key].append(use)
    return {key: min(found, key=lambda u: (-u.count, u.first, u.text)).text
            for key, found in by_key.items()}
