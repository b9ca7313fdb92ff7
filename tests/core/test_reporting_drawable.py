"""What the bilans draw of a text: one search first tells whether there is anything to
remove or replace; the answer must be the one searching for each in turn gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pexdesk.core.services.reporting import fonts

_TEXTS = st.text(st.characters(blacklist_categories=("Cs",))) | st.lists(st.sampled_from(
    ["Très bien", "été", "e\u0301", "a\u00adb", "x\u200by", "\ufe0f", "1\u202f234\u00a0€",
     "✓", "👍🏽", "1️⃣", "中", "\U000e0041", "\t", "\n", "«\u202f»", "\u2060"])).map("".join)


def _searched_in_turn(text: str) -> str:
    if text.isascii():
        return text
    text = fonts._IGNORABLE.sub("", unicodedata.normalize("NFC", text))
    if not fonts._outside().search(text):
        return text
    return fonts._fallback()[1].sub(fonts.PLACEHOLDER, text)


@settings(max_examples=500)
@given(_TEXTS)
def test_one_search_first_changes_nothing(text):
    fonts.register_fonts()
    assert fonts.drawable(text) == _searched_in_turn(text)
