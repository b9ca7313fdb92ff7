"""The periods offered by the « Tableau de bord » and the « Bilans », and a period's heading."""

from __future__ import annotations

from datetime import date

import pytest

from pexdesk.core.domain.profile import Profile
from pexdesk.core.services.reporting.periods import Period, presets

TODAY = date(2026, 5, 12)


def offered(mission_start=None, mission_end=None) -> dict[str, tuple | None]:
    profile = Profile(department_code="32", adil_name="ADIL du Gers",
                      mission_start=mission_start, mission_end=mission_end)
    return {p.key: (p.period.first, p.period.last) if p.period else None
            for p in presets(profile, TODAY)}


def test_a_running_mission_s_periods():
    assert offered(date(2021, 9, 1)) == {
        "default": (date(2025, 6, 1), TODAY),  # twelve whole months, the current one too
        "current_year": (date(2026, 1, 1), TODAY),
        "previous_year": (date(2025, 1, 1), date(2025, 12, 31)),
        "mission": (date(2021, 9, 1), TODAY),
    }


def test_a_mission_over_is_seen_up_to_its_end():
    periods = offered(date(2021, 9, 1), date(2025, 10, 31))
    assert periods["default"] == (date(2024, 11, 1), date(2025, 10, 31))
    assert periods["mission"] == (date(2021, 9, 1), date(2025, 10, 31))


def test_a_young_mission_s_twelve_months_start_with_it():
    assert offered(date(2026, 2, 16))["default"] == (date(2026, 2, 16), TODAY)


@pytest.mark.parametrize("start", [None, date(2026, 9, 1)])
def test_the_whole_mission_cannot_be_chosen_without_a_start_passed(start):
    periods = offered(start)
    assert periods["mission"] is None
    assert periods["default"] == (date(2025, 6, 1), TODAY)


def test_a_heading_never_splits_a_date():
    nbsp = "\u00a0"
    assert Period(date(2025, 3, 1), date(2026, 2, 28)).heading == (
        f"Du 1er{nbsp}mars{nbsp}2025 au 28{nbsp}février{nbsp}2026")
    assert Period(TODAY, TODAY).heading == f"Le 12{nbsp}mai{nbsp}2026"
