"""French number formatting: rounding as a French reader does it, so shares add up."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pexdesk.core.formatting import (NARROW_NBSP, format_change, format_figure, format_number,
                                     format_parts, format_percent, format_signed, rounded)


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (12.5, 0, "13"),       # half goes up (Python's format would give 12)
    (52.5, 0, "53"),
    (0.5, 0, "1"),
    (2.675, 2, "2,68"),    # the decimal form the reader sees, not the binary one (2,67)
    (-2.5, 0, "-3"),
    (-0.4, 0, "0"),        # never « -0 »
    (1_234_567.25, 1, f"1{NARROW_NBSP}234{NARROW_NBSP}567,3"),
    (3, 0, "3"),
])
def test_numbers_round_half_away_from_zero(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_shares_of_forty_respondents_sum_to_a_hundred():
    """The QA case: 5, 14 and 21 of 40 were shown 12 %, 35 %, 52 % (99 %)."""
    shares = [format_percent(n / 40) for n in (5, 14, 21)]
    assert shares == [f"13{NARROW_NBSP}%", f"35{NARROW_NBSP}%", f"53{NARROW_NBSP}%"]


def part(text: str) -> Fraction:
    """« 33,3 % » read back as the reader reads it: 33,3."""
    assert text.endswith(f"{NARROW_NBSP}%")
    return Fraction(text[:-2].replace(NARROW_NBSP, "").replace(",", "."))


@pytest.mark.parametrize(("counts", "decimals", "expected"), [
    ([1, 1, 1], 1, ["33,4", "33,3", "33,3"]),    # rounded each, 99,9 %
    ([6, 1, 9], 1, ["37,5", "6,3", "56,2"]),     # rounded each, 100,1 %
    ([5, 14, 21], 0, ["13", "35", "52"]),        # rounded each, 101 %
    ([0, 3, 0, 7], 0, ["0", "30", "0", "70"]),
    ([2], 1, ["100,0"]),
])
def test_parts_add_up_to_the_hundred_the_total_row_prints(counts, decimals, expected):
    assert format_parts(counts, decimals) == [f"{e}{NARROW_NBSP}%" for e in expected]


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30)
       .filter(lambda counts: sum(counts) > 0), st.integers(min_value=0, max_value=2))
def test_rounded_parts_always_sum_to_the_printed_total(counts, decimals):
    parts = [part(text) for text in format_parts(counts, decimals)]
    assert sum(parts) == part(format_percent(1, decimals)) == 100
    unit = Fraction(1, 10 ** decimals)
    total = sum(counts)
    for count, shown in zip(counts, parts):
        assert abs(shown - Fraction(100 * count, total)) < unit  # within a unit of the truth
        assert count or shown == 0
    for (count, shown), (other, other_shown) in combinations(zip(counts, parts), 2):
        assert count <= other or shown >= other_shown  # a larger count never shows less
        assert other <= count or other_shown >= shown


@pytest.mark.parametrize("counts", [[], [0, 0], [3, -1]])
def test_parts_of_nothing_are_refused(counts):
    with pytest.raises(ValueError):
        format_parts(counts)


def test_signs_follow_the_shown_rounding():
    assert format_signed(0.5) == "+1"
    assert format_signed(-0.4) == "0"
    assert format_change(1005, 1000) == "+1" + NARROW_NBSP + "%"  # +0,5 % shows as +1 %
    assert format_change(1004, 1000) == "="


@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=0, max_value=3))
def test_integers_keep_their_value(value, decimals):
    text = format_number(value, decimals).replace(NARROW_NBSP, "").replace(",", ".")
    assert float(text) == value


@pytest.mark.parametrize(("value", "expected"), [
    (12.0, "12"), (45.5, "45,5"), (0.125, "0,125"), (1234, f"1{NARROW_NBSP}234"),
    (2.0004, "2"), (5.1 * 10, "51"),
])
def test_figures_show_the_decimals_they_have(value, expected):
    assert format_figure(value) == expected


@given(st.one_of(st.integers(min_value=-10**20, max_value=10**20),
                 st.integers(min_value=-10**15, max_value=10**15).map(float),
                 st.floats(allow_nan=False, allow_infinity=False, min_value=-1e20,
                           max_value=1e20).filter(float.is_integer),
                 st.sampled_from([1.894546574364391e+16, 1e15, 1e15 - 1, -1e15]),
                 st.just(-0.0)),
       st.integers(min_value=0, max_value=3))
def test_whole_numbers_read_as_when_rounded(value, decimals):
    """A whole number skips the rounding (a fast path): it reads as the rounded one."""
    text = f"{rounded(value, decimals):,.{decimals}f}"
    assert format_number(value, decimals) == text.replace(",", NARROW_NBSP).replace(".", ",")
