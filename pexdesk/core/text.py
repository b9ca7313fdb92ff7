"""Rules on plain strings that several parts of pexdesk must apply the same way, here so
that each has one definition importable from anywhere (no Qt, no file format library).

- Matching: users type "evaluation" for « Évaluation », "ccas" for "CCAS": search and
  label matching compare folded forms (no accents, case-folded, single spaces).
- Spreadsheet cells: the exports and the journal's CSV neutralise the same formula
  starts (``neutralise``), whichever of them wrote the file.
- Shortening: a long text shown in a list cell or a preview is cut at a word (``truncate``).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[’'`´\-‐–—_/.,;:()\[\]«»\"]+")


def fold(text: str) -> str:
    """Accent- and case-insensitive form of ``text``, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


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
