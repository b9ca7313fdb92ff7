"""Rules on plain strings that several parts of pexdesk must apply the same way, here so
that each has one definition importable from anywhere (no Qt, no file format library).

- Matching: users type "evaluation" for « Évaluation », "ccas" for "CCAS": search and
  label matching compare folded forms (no accents, case-folded, single spaces).
- Spreadsheet cells: the exports and the journal's CSV neutralise the same formula
  starts (``neutralise``), whichever of them wrote the file.
- Shortening: a long text shown in a list cell or a preview is cut at a word (``truncate``).
- Reading a cell: a parser that refuses it returns an ``Invalid`` whose French message
  quotes it (``quote``), so that a preview lists every bad cell instead of stopping.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[’'`´\-‐–—_/.,;:()\[\]«»\"]+")


def fold(text: str) -> str:
    """Accent- and case-insensitive form of ``text``, spaces collapsed."""
    return " ".join(_folded(text).split())


_SEPARATOR = "\x00"
"""Joins the texts :func:`fold_all` folds at once: folding keeps it, and it splits none
of the steps (NFKD, accents, case) across two texts."""


def fold_all(texts: list[str]) -> list[str]:
    """``[fold(text) for text in texts]``, folded as one text: the lists fold the search
    texts of all their rows on loading, and one pass of the C code over 100,000 of them
    takes a fifth of the time of 100,000 calls."""
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:  # no texts, or one holding the separator
        return [fold(text) for text in texts]
    return [" ".join(part.split()) for part in _folded(joined).split(_SEPARATOR)]


def _folded(text: str) -> str:
    """:func:`fold` but for the spaces."""
    if not text.isascii():
        text = _without_marks(unicodedata.normalize("NFKD", text))
    return text.casefold()


_MARKS: set[str] = set()
_NOT_MARKS: set[str] = set()
"""The characters met so far, told apart by :func:`unicodedata.combining`, so that a text
is cleared of its accents by a few set operations instead of one Python call per
character (seconds for the search texts of 100,000 responses). Filled as characters
come: classifying all of Unicode up front would take 0.2 s of the start-up."""


def _without_marks(decomposed: str) -> str:
    """``decomposed`` without its combining marks (accents, once decomposed by NFKD)."""
    present = set(decomposed)
    for char in present.difference(_MARKS, _NOT_MARKS):
        (_MARKS if unicodedata.combining(char) else _NOT_MARKS).add(char)
    for mark in present & _MARKS:
        decomposed = decomposed.replace(mark, "")
    return decomposed


def fold_label(text: str) -> str:
    """``fold`` that also ignores punctuation (apostrophes, hyphens, brackets), for
    matching whole labels such as partner categories or questionnaire items."""
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", fold(text))).strip()


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00")
"""First characters a spreadsheet may read as the start of a formula."""
QUOTE = "'"
ESCAPED_STARTS = (*FORMULA_TRIGGERS, "\n", QUOTE)
"""Texts starting with one of these are exported with a leading apostrophe (a line feed
too: it is what a leading carriage return becomes)."""


def neutralise(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet will show and never run (OWASP ASVS 1.2.10): the
    exports' and the journal's rule."""
    return QUOTE + text if text.startswith(ESCAPED_STARTS) else text


def truncate(text: str, limit: int) -> str:
    """``text`` cut at a word boundary near ``limit`` characters, with « … »."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


class Invalid(NamedTuple):
    """A cell that cannot be read; ``message`` is French and quotes the cell."""

    message: str


_QUOTE_LIMIT = 60


def quote(text: str) -> str:
    """A cell's text as a message quotes it: « … », one line, control characters dropped,
    cut at 60 characters."""
    shown = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if len(shown) > _QUOTE_LIMIT:
        shown = shown[:_QUOTE_LIMIT - 1].rstrip() + "…"
    return f"« {shown} »"
