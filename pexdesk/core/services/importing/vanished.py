"""Responses that a survey export downloaded again no longer holds.

A survey tool lets a respondent edit an answer after sending it, or the officer delete
one: the next download then lacks the old row. The edited row has another digest and is
imported as a new response, so the partner would count twice without a word. The
responses are named, by the number the Retours list shows, for the user to decide (the
row may also have been filtered out of the download): only when asked
(``ResponseImportOptions.drop_vanished``) does the import delete them, in its own
transaction, so that the campaign then matches the file. They are not remembered as
purged: a later download holding their row again brings it back.

A file sharing no row digest with the campaign is another source, not a new download:
nothing is said. Only the responses imported from the same file(s) as those it matched
are concerned, never those keyed in by hand.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass

from pexdesk.core.formatting import format_number, plural

LISTED = 5
"""Response numbers named in the message; the others are counted."""


@dataclass(frozen=True)
class Vanished:
    files: tuple[str, ...]
    """The earlier files (their names as imported) the new one is a download of."""
    numbers: tuple[int, ...]
    """The responses imported from them whose row the new file lacks (ids, ascending)."""

    def text(self, dropping: bool = False) -> str:
        """« 2 réponses importées auparavant de « a.csv » ne figurent plus dans ce fichier
        (n° 12 et n° 17) : … », then how to delete them by hand, or (``dropping``) that
        the import deletes them."""
        one = len(self.numbers) == 1
        head = (f"{plural(len(self.numbers), 'réponse importée', 'réponses importées')} "
                f"auparavant de {self._files()} {'ne figure' if one else 'ne figurent'} plus "
                f"dans ce fichier ({numbers_text(self.numbers, LISTED)}) : "
                f"{'modifiée ou supprimée' if one else 'modifiées ou supprimées'} dans l'outil "
                "d'enquête.")
        if dropping:
            return head + (" Elle sera supprimée" if one else " Elles seront supprimées") + \
                " de la campagne par cet import."
        return head + (" Une réponse modifiée est importée comme une nouvelle réponse : "
                       "supprimez l'ancienne dans Retours des partenaires si besoin.")

    def dropped_text(self) -> str:
        """Once the import deleted them: « 2 réponses importées auparavant de « a.csv »,
        absentes de ce fichier (…), ont été supprimées de la campagne : n° 12 et n° 17. »"""
        one = len(self.numbers) == 1
        return (f"{plural(len(self.numbers), 'réponse importée', 'réponses importées')} "
                f"auparavant de {self._files()}, {'absente' if one else 'absentes'} de ce "
                f"fichier ({'modifiée ou supprimée' if one else 'modifiées ou supprimées'} "
                f"dans l'outil d'enquête), {'a' if one else 'ont'} été "
                f"{'supprimée' if one else 'supprimées'} de la campagne : "
                f"{numbers_text(self.numbers, LISTED)}.")

    def _files(self) -> str:
        return _enumeration([f"« {name} »" for name in self.files])


def numbers_text(numbers: tuple[int, ...], listed: int | None = None) -> str:
    """« n° 12 et n° 17 »; beyond ``listed`` numbers, « n° 2, …, n° 6 … et 3 autres »."""
    shown = [f"n° {format_number(number)}" for number in numbers[:listed]]
    if listed is not None and len(numbers) > listed:
        return ", ".join(shown) + f" … et {len(numbers) - listed} autres"
    return _enumeration(shown)


def _enumeration(parts: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} et {parts[-1]}"


def find_vanished(con: sqlite3.Connection, campaign_id: int,
                  digests: list[str]) -> Vanished | None:
    """The responses of the campaign imported from the earlier download(s) of this file
    (``digests``: its rows') that it no longer holds; None when there are none, or when
    the file shares no row with the campaign. Two identical rows imported twice and
    found once are one vanished response: the later one."""
    in_file = Counter(digests)
    stored = con.execute(
        "SELECT id, origin_file, row_digest FROM response WHERE campaign_id = ? "
        "AND origin = 'FICHIER' AND row_digest IS NOT NULL ORDER BY id",
        (campaign_id,)).fetchall()
    files = {origin_file for _, origin_file, digest in stored if digest in in_file}
    numbers = []
    for response_id, origin_file, digest in stored:
        if origin_file not in files:
            continue
        if in_file[digest]:
            in_file[digest] -= 1
        else:
            numbers.append(response_id)
    return Vanished(tuple(sorted(files)), tuple(numbers)) if numbers else None
