"""Folding for search: accents and case ignored, spaces collapsed, the same text by text or
a list at once."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pexdesk.core.text import fold, fold_all


def folded_char_by_char(text: str) -> str:
    """The definition, one character at a time (too slow for 100,000 search texts)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


@pytest.mark.parametrize("text, expected", [
    ("  Évaluation   du DISPOSITIF ", "evaluation du dispositif"),
    ("Rhône\u00a0– «\u202fgarçon\u202f»", "rhone – « garcon »"),
    ("Straße, ﬁchier, İstanbul, ŒUVRE", "strasse, fichier, istanbul, œuvre"),
    ("e\u0301te\u0301\tcafe\u0301\n", "ete cafe"),
    ("", ""),
])
def test_fold_drops_accents_and_case_and_collapses_spaces(text, expected):
    assert fold(text) == expected


# Latin letters with their accents, other scripts with marks of their own, ligatures,
# every kind of space, and the NUL that fold_all joins its texts with.
TEXTS = st.text(st.characters(max_codepoint=0x2FFF, exclude_categories=("Cs",))
                | st.sampled_from("éèêëàçœßİΣς\u0301\u0327\u05b0\u0951ﬁ①\u00a0\u2009\x00"))


@given(TEXTS)
def test_fold_is_the_character_by_character_definition(text):
    assert fold(text) == folded_char_by_char(text)


@given(st.lists(TEXTS, max_size=8))
def test_fold_all_folds_each_text_as_fold_does(texts):
    assert fold_all(texts) == [fold(text) for text in texts]
