"""The period a bilan covers: the default one, its checks, and the period it is compared with;
the periods offered for a choice (the « Bilans » screen and the « Tableau de bord »); the
calendar month a « Point mensuel » covers, and the months offered for it.

Reportlab-free and read-free, so that the application proposes and checks a period
without loading the PDF machinery (see ``catalog``).

Periods are inclusive (``first`` and ``last`` both count), like the dashboard's.
The « période précédente » is, for a period of up to twelve months, the same dates a year
before (the figures follow the seasons: the default twelve months are set beside the
twelve before, a winter quarter beside the previous winter's); for a longer period, the
adjacent one of the same length (whole months, or days).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import PexdeskError
from pexdesk.core.formatting import (format_date, format_date_unbroken, format_month,
                                     format_period, format_period_short)

DEFAULT_MONTHS = 12


class PeriodError(PexdeskError):
    """The period asked for cannot be reported on (message in French)."""


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _month_end(index: int) -> date:
    return _month_start(index + 1) - timedelta(days=1)


YEAR_ON_YEAR_MONTHS = 12


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class Period(NamedTuple):
    first: date
    last: date

    @property
    def months(self) -> tuple[date, ...]:
        """The first day of every calendar month the period touches."""
        return tuple(_month_start(i) for i in range(_month_index(self.first),
                                                     _month_index(self.last) + 1))

    def whole_months(self, today: date | None = None) -> bool:
        """Whether the period runs from the first day of a month to the last day of a
        month, or to ``today`` (the month in progress counts whole: nothing after today
        is recorded yet, so the default « 12 derniers mois » is twelve whole months)."""
        ends_a_month = (self.last + timedelta(days=1)).day == 1
        return self.first.day == 1 and (ends_a_month or self.last == today)

    @property
    def calendar_months(self) -> Period:
        """The whole calendar months the period touches: what monthly figures (the
        indicators) are kept by."""
        return Period(self.months[0], _month_end(_month_index(self.last)))

    @property
    def year_on_year(self) -> bool:
        """Whether :meth:`previous` is the same dates a year before: for a period of up to
        twelve months. Eviction figures follow the seasons (the trêve hivernale stops
        expulsions from November to March): a winter quarter set beside the autumn before
        would show a change that is only the season."""
        return len(self.months) <= YEAR_ON_YEAR_MONTHS

    def previous(self, today: date | None = None) -> Period:
        """The period a change is measured against: the same dates a year before (see
        :attr:`year_on_year`), or, for a longer period, the adjacent one of the same length:
        as many whole months just before for a period of whole months (see
        :meth:`whole_months`; February then counts as a month, not as 28 days), else as
        many days ending the day before the period starts."""
        if self.year_on_year:
            return Period(_year_before(self.first), _year_before(self.last))
        end = self.first - timedelta(days=1)
        if self.whole_months(today):
            return Period(_month_start(_month_index(self.first) - len(self.months)), end)
        return Period(end - (self.last - self.first), end)

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.first <= day <= self.last

    @property
    def text(self) -> str:
        """« du 1er mars 2025 au 28 février 2026 », « le 12 mai 2026 »."""
        return format_period(self.first, self.last)

    @property
    def dated(self) -> str:
        """:attr:`text` after a noun it dates: « réponses du 12 mai 2026 » for a single
        day (« réponses le 12 mai 2026 » is not French)."""
        return format_period(self.first, self.last, single="du")

    @property
    def heading(self) -> str:
        """:attr:`text` standing alone, as a title or a line of its own: « Du 1er mars 2025
        au 28 février 2026 », « Le 12 mai 2026 »; a date is never split over two lines."""
        text = format_period(self.first, self.last, format_date_unbroken)
        return text[:1].upper() + text[1:]

    @property
    def short(self) -> str:
        """For a running header: « 1er mars 2025 – 28 février 2026 », « 12 mai 2026 »."""
        return format_period_short(self.first, self.last)


def _mission_last(profile: Profile, today: date) -> date:
    """``today``, or the mission's end if it is over: nothing is recorded after it."""
    if profile.mission_end is not None and profile.mission_end < today:
        return profile.mission_end
    return today


def default_period(profile: Profile, today: date) -> Period:
    """The mission's last twelve months: whole calendar months ending with the month of
    ``today`` (or of the mission's end, if it is over), cut to the mission's start."""
    last = _mission_last(profile, today)
    first = _month_start(_month_index(last) - DEFAULT_MONTHS + 1)
    if profile.mission_start is not None and first < profile.mission_start <= last:
        first = profile.mission_start
    return Period(first, last)


class Preset(NamedTuple):
    """A period offered for a choice, by its key (the application names it)."""

    key: str
    period: Period | None
    """None when it cannot be chosen: the whole mission, while its start is unknown or
    still to come."""


def presets(profile: Profile, today: date) -> list[Preset]:
    """The periods a chargé(e) de mission reports on, the default first: the mission's last
    twelve months (``default``), the calendar year in progress (``current_year``), the
    previous one (``previous_year``), and the whole mission (``mission``, up to its end
    if it is over)."""
    last = _mission_last(profile, today)
    start = profile.mission_start
    return [
        Preset("default", default_period(profile, today)),
        Preset("current_year", Period(date(today.year, 1, 1), today)),
        Preset("previous_year",
               Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
        Preset("mission", Period(start, last) if start is not None and start <= last else None),
    ]


# --- One calendar month (the « Point mensuel ») -------------------------------------------------

def month_of(day: date) -> Period:
    """The calendar month ``day`` falls in."""
    return Period(day.replace(day=1), _month_end(_month_index(day)))


def month_before(month: Period) -> Period:
    return month_of(month.first - timedelta(days=1))


def month_after(month: Period) -> Period:
    return month_of(month.last + timedelta(days=1))


def default_month(profile: Profile, today: date) -> Period:
    """The month a « Point mensuel » is asked for without a date: the one whose end is
    nearest. Until the middle of the month, the month just ended (on the 3rd, the note
    due on the past month); from then on, the month in progress (on the 27th, the note
    written for its end); never a month before the mission's start once it has started.
    A mission that is over: its last month."""
    last = _mission_last(profile, today)
    if last < today:
        return month_of(last)
    month = month_of(today)
    if 2 * today.day <= month.last.day:
        month = month_before(month)
    start = profile.mission_start
    if start is not None and month.last < start <= today:
        return month_of(start)
    return month


def months_offered(profile: Profile, today: date) -> list[Period]:
    """The months a « Point mensuel » can be asked for, the latest first: from the month of
    ``today`` (or of the mission's end, if it is over) back to the mission's start, or
    over two years when the start is unknown or still to come."""
    last = _month_index(_mission_last(profile, today))
    start = profile.mission_start
    first = (_month_index(start) if start is not None and _month_index(start) <= last
             else last - 2 * YEAR_ON_YEAR_MONTHS + 1)
    return [month_of(_month_start(index)) for index in range(last, first - 1, -1)]


def check_month(first: date | None, last: date | None) -> Period | None:
    """The calendar month ``first`` and ``last`` name: either alone (any day of the month),
    or both, the month's first and last days; None when neither is given. PeriodError
    (French) for anything else, before anything is read."""
    check_period_bounds(first, last)
    if first is None or last is None:
        day = first or last
        return month_of(day) if day is not None else None
    month = month_of(first)
    if (first, last) != (month.first, month.last):
        raise PeriodError(
            f"Le point mensuel porte sur un mois civil entier : la période "
            f"{format_period(first, last)} n'en est pas un. Indiquez un seul jour du mois "
            f"voulu, ou son premier et son dernier jour ({format_month(first)} : "
            f"{format_period(month.first, month.last)}).")
    return month


def check_period(first: date, last: date) -> Period:
    if first > last:
        raise PeriodError(f"Période invalide : la date de début ({format_date(first)}) est "
                          f"postérieure à la date de fin ({format_date(last)}).")
    if first.year < 2000 or last.year > 2100:
        raise PeriodError("Période invalide : les dates doivent être comprises entre 2000 et 2100.")
    return Period(first, last)


def check_period_bounds(first: date | None, last: date | None) -> None:
    """Refuse (PeriodError, French) a period whose bounds are given and out of order,
    before anything is read."""
    if first is not None and last is not None:
        check_period(first, last)
    for bound in (first, last):
        if bound is not None:
            check_period(bound, bound)
