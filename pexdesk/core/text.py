"""Text normalisation for matching what people type against what the base holds.

Users type "evaluation" for « Évaluation », "ccas" for "CCAS": search and label
matching compare folded forms (no accents, case-folded, single spaces).
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
