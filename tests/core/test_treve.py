"""The trêve hivernale as dated reference data: its usual dates before and after the loi
ALUR, the Covid extensions, months at its edges, and date ranges checked day by day
against the rule as the law states it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pexdesk.core.reference.treve import (ended_before, month_in_treve, month_last, overlaps,
                                          treve_of)


def in_treve_by_the_law(day: date) -> bool:
    """The rule as the texts state it, written independently of the module: November and
    December; until 15 March before the loi ALUR (the 2013–2014 trêve was the first to
    end on 31 March), 31 March since; 10 July 2020 and 31 May 2021 in the Covid years."""
    if day.month >= 11:
        return True
    extended = {2020: date(2020, 7, 10), 2021: date(2021, 5, 31)}.get(day.year)
    if extended is not None:
        return day <= extended
    return day <= date(day.year, 3, 31 if day.year >= 2014 else 15)


def test_the_usual_trêve_and_its_wording():
    treve = treve_of(2025)
    assert (treve.first, treve.last) == (date(2025, 11, 1), date(2026, 3, 31))
    assert treve.text() == "trêve hivernale du 1er novembre 2025 au 31 mars 2026"
    assert treve.extension_text() == ""
    assert treve.rule.text() == "du 1er novembre au 31 mars"


@pytest.mark.parametrize("winter, last, extension", [
    (2019, date(2020, 7, 10), "prolongée jusqu'au 10 juillet 2020"),
    (2020, date(2021, 5, 31), "prolongée jusqu'au 31 mai 2021"),
])
def test_the_covid_years_extend_the_trêve(winter, last, extension):
    treve = treve_of(winter)
    assert treve.last == last and treve.usual_last == date(winter + 1, 3, 31)
    assert treve.extension_text() == extension
    assert treve.text() == (f"trêve hivernale du 1er novembre {winter} au 31 mars {winter + 1}, "
                            f"{extension} en raison de la crise sanitaire")


def test_the_years_around_the_exceptions_keep_the_usual_end():
    assert treve_of(2018).last == date(2019, 3, 31)
    assert treve_of(2021).last == date(2022, 3, 31)


def test_before_the_loi_alur_the_trêve_ended_on_15_march():
    assert treve_of(2012).last == date(2013, 3, 15)
    assert treve_of(2012).rule.text() == "du 1er novembre au 15 mars"
    assert treve_of(2013).last == date(2014, 3, 31)
    assert treve_of(1999).last == date(2000, 3, 15)


@pytest.mark.parametrize("month, whole, text", [
    (date(2025, 11, 1), True, "mois de trêve hivernale"),
    (date(2025, 12, 1), True, "mois de trêve hivernale"),
    (date(2026, 3, 1), True, "mois de trêve hivernale"),
    (date(2021, 4, 1), True, "mois de trêve hivernale"),
    (date(2021, 5, 1), True, "mois de trêve hivernale"),
    (date(2020, 7, 1), False, "trêve hivernale jusqu'au 10 juillet"),
    (date(2013, 3, 1), False, "trêve hivernale jusqu'au 15 mars"),
])
def test_months_in_a_trêve(month, whole, text):
    found = month_in_treve(month.replace(day=17))
    assert found is not None and found.month == month
    assert found.whole == whole and found.text() == text
    assert found.start == 0


def test_a_month_the_trêve_ends_in_is_shaded_up_to_its_last_day():
    july = month_in_treve(date(2020, 7, 1))
    assert july.end == pytest.approx(10 / 31)
    assert july.treve == treve_of(2019)


@pytest.mark.parametrize("month", [date(2025, 10, 1), date(2026, 4, 1), date(2021, 6, 1),
                                   date(2020, 8, 1), date(2013, 4, 1)])
def test_months_outside_any_trêve(month):
    assert month_in_treve(month) is None


@pytest.mark.parametrize("month, winter", [
    (date(2026, 4, 1), 2025), (date(2021, 6, 1), 2020), (date(2020, 7, 1), 2019),
    (date(2013, 3, 1), 2012), (date(2014, 4, 1), 2013)])
def test_the_month_evictions_resume_in(month, winter):
    assert ended_before(month) == treve_of(winter)


@pytest.mark.parametrize("month", [date(2026, 3, 1), date(2021, 4, 1), date(2021, 5, 1),
                                   date(2020, 8, 1), date(2025, 11, 1), date(2026, 5, 1)])
def test_no_end_of_trêve_in_other_months(month):
    assert ended_before(month) is None


def test_a_range_over_three_winters():
    found = overlaps(date(2019, 1, 1), date(2021, 12, 31))
    assert [(o.first, o.last) for o in found] == [
        (date(2019, 1, 1), date(2019, 3, 31)), (date(2019, 11, 1), date(2020, 7, 10)),
        (date(2020, 11, 1), date(2021, 5, 31)), (date(2021, 11, 1), date(2021, 12, 31))]
    assert overlaps(date(2026, 4, 1), date(2026, 10, 31)) == ()
    assert overlaps(date(2026, 4, 2), date(2026, 4, 1)) == ()


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@given(days, st.integers(min_value=0, max_value=800))
def test_a_range_s_overlaps_are_its_days_in_trêve(first, length):
    last = first + timedelta(days=length)
    found = overlaps(first, last)
    in_law = [first + timedelta(days=i) for i in range(length + 1)
              if in_treve_by_the_law(first + timedelta(days=i))]
    covered = [o.first + timedelta(days=i) for o in found for i in range(o.days)]
    assert covered == in_law, "disjoint, in order, each day of the range once"
    for overlap in found:
        assert overlap.treve.first <= overlap.first <= overlap.last <= overlap.treve.last


@given(days)
def test_a_month_s_share_is_its_days_in_trêve(day):
    first, last = day.replace(day=1), month_last(day)
    count = last.day
    in_law = [d for d in (first + timedelta(days=i) for i in range(count))
              if in_treve_by_the_law(d)]
    found = month_in_treve(day)
    if not in_law:
        assert found is None
        return
    assert found is not None
    assert round(found.start * count) == in_law[0].day - 1
    assert round(found.end * count) == in_law[-1].day
    assert found.whole == (len(in_law) == count)


@given(days)
def test_evictions_resume_in_a_month_when_its_trêve_ends_before_it_does(day):
    first, last = day.replace(day=1), month_last(day)
    resumes = any(in_treve_by_the_law(d - timedelta(days=1)) and not in_treve_by_the_law(d)
                  for d in (first + timedelta(days=i) for i in range(last.day)))
    ended = ended_before(day)
    assert (ended is not None) == resumes
    if ended is not None:
        assert first - timedelta(days=1) <= ended.last < last
