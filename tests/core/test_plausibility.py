"""The soft check of a month's figure against the month before: its exact French reasons,
and properties that hold whatever the figures."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pexdesk.core.domain.plausibility import HANDFUL, implausible_change
from pexdesk.core.formatting import format_figure

SEPTEMBER, OCTOBER = date(2026, 9, 1), date(2026, 10, 1)


@pytest.mark.parametrize("value, previous, month, reason", [
    (600, 60, SEPTEMBER, "dix fois la valeur de septembre 2026 (60)"),
    (6, 60, SEPTEMBER, "dix fois moins que la valeur de septembre 2026 (60)"),
    (60, 600, OCTOBER, "dix fois moins que la valeur d'octobre 2026 (600)"),
    (6000, 60, date(2026, 8, 1), "cent fois la valeur d'août 2026 (60)"),
    (60_000, 60, date(2026, 4, 1), "mille fois la valeur d'avril 2026 (60)"),
    (720, 60, SEPTEMBER, "12 fois la valeur de septembre 2026 (60)"),
    (750, 60, SEPTEMBER, "environ 13 fois la valeur de septembre 2026 (60)"),
    (1234, 12, SEPTEMBER, "environ 103 fois la valeur de septembre 2026 (12)"),
    (51, 5.1, SEPTEMBER, "dix fois la valeur de septembre 2026 (5,1)"),  # 5.1 × 10 ≠ 51.0
    (45.5, 455, SEPTEMBER, "dix fois moins que la valeur de septembre 2026 (455)"),
    (50, 5, SEPTEMBER, "dix fois la valeur de septembre 2026 (5)"),
])
def test_a_zero_too_many_or_too_few_is_pointed_out(value, previous, month, reason):
    assert implausible_change(value, previous, month) == reason


def test_a_jump_the_same_month_made_a_year_before_is_the_seasons():
    """November's forced evictions fall tenfold with the winter truce, every year."""
    assert implausible_change(8, 100, OCTOBER, year_before=9) is None
    assert implausible_change(80, 100, OCTOBER, year_before=9) is None  # the slip is now
    assert implausible_change(8, 100, OCTOBER, year_before=110) == (
        "environ 13 fois moins que la valeur d'octobre 2026 (100)")
    assert implausible_change(8, 100, OCTOBER, year_before=None) is not None


@pytest.mark.parametrize("value, previous", [
    (25, 2),        # a handful of households: such swings happen
    (40, 4),        # the smaller figure is under HANDFUL
    (599, 60),      # less than ten times
    (61, 60),
    (0, 60),        # none this month: the winter truce stops evictions
    (60, 0),
    (None, 60),     # « n.d. »
    (60, None),     # no previous figure
    (None, None),
])
def test_plausible_changes_say_nothing(value, previous):
    assert implausible_change(value, previous, SEPTEMBER) is None


FIGURES = st.floats(min_value=0, max_value=1e9, allow_nan=False)
MONTHS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 1)).map(
    lambda day: day.replace(day=1))


@given(FIGURES, MONTHS)
def test_never_warns_for_equal_values(value, month):
    assert implausible_change(value, value, month) is None


@given(FIGURES, FIGURES, MONTHS)
def test_a_rise_and_the_same_fall_are_treated_alike(value, previous, month):
    assert (implausible_change(value, previous, month) is None) == \
        (implausible_change(previous, value, month) is None)


@given(st.integers(min_value=HANDFUL * 10, max_value=10**8), MONTHS)
def test_ten_times_and_a_tenth_both_warn(tenths, month):
    """A figure with one decimal (``tenths`` / 10) against the same digits one place
    further left: exactly ten times, whatever the binary floats make of them."""
    figure, ten_times = tenths / 10, float(tenths)
    rise = implausible_change(ten_times, figure, month)
    fall = implausible_change(figure, ten_times, month)
    assert rise is not None and rise.startswith("dix fois la valeur")
    assert fall is not None and fall.startswith("dix fois moins que la valeur")
    assert rise.endswith(f"({format_figure(figure)})")
    assert fall.endswith(f"({format_figure(ten_times)})")


@given(FIGURES | st.none(), MONTHS)
def test_never_warns_without_a_previous_value(value, month):
    assert implausible_change(value, None, month) is None
    assert implausible_change(None, value, month) is None
