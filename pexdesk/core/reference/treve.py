"""The « trêve hivernale » (art. L412-6 du code des procédures civiles d'exécution): no
forced eviction from 1 November to 31 March unless the household is rehoused
(shared/domain.md §3, step 8).

Monthly figures of forced evictions (« Interventions effectives de la force publique »)
collapse during it and surge after it: the bilans and the Indicateurs screen show it, so
that a reader does not take the drop for a result. Its dates are dated reference data,
not constants (shared/README.md « Conventions »): the loi ALUR moved its end from 15 to
31 March from the 2013–2014 trêve on, and two trêves of the Covid years were extended.
Extensions decided for the overseas départements alone are not held.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from pexdesk.core.formatting import MONTHS, format_date


@dataclass(frozen=True)
class Rule:
    """The trêve's usual dates, from the trêve beginning in ``since`` on."""

    since: int
    """The year of the 1 November that begins the first trêve it governs."""
    start: tuple[int, int]
    """(month, day) it begins on."""
    end: tuple[int, int]
    """(month, day) of its last day, the year after it began."""

    def text(self) -> str:
        """« du 1er novembre au 31 mars »"""
        return f"du {_day_of_month(*self.start)} au {_day_of_month(*self.end)}"


RULES: tuple[Rule, ...] = (
    # Art. L613-3 of the code de la construction et de l'habitation, then L412-6 CPCE (2012):
    # as far back as the base goes (no month before 2000).
    Rule(since=1999, start=(11, 1), end=(3, 15)),
    # Loi ALUR n° 2014-366 of 24 March 2014, applied to the trêve then running.
    Rule(since=2013, start=(11, 1), end=(3, 31)),
)


@dataclass(frozen=True)
class Extension:
    """A trêve that lasted past its usual end."""

    since: int
    """The year of the 1 November that began it."""
    last: date
    reason: str
    """Why, as the wording says it after the date (« en raison de la crise sanitaire »)."""


EXTENSIONS: tuple[Extension, ...] = (
    # Ordonnance n° 2020-331 of 25 March 2020 (to 31 May), loi n° 2020-546 of 11 May 2020.
    Extension(since=2019, last=date(2020, 7, 10), reason="en raison de la crise sanitaire"),
    # Ordonnance n° 2021-141 of 10 February 2021.
    Extension(since=2020, last=date(2021, 5, 31), reason="en raison de la crise sanitaire"),
)


@dataclass(frozen=True)
class Treve:
    """One winter's trêve: the days from ``first`` to ``last``, both included."""

    first: date
    last: date
    rule: Rule
    extension: Extension | None = None

    @property
    def usual_last(self) -> date:
        """The last day its rule gave it, before any extension."""
        return date(self.first.year + 1, *self.rule.end)

    def text(self) -> str:
        """« trêve hivernale du 1er novembre 2025 au 31 mars 2026 », then, for an extended
        one, « , prolongée jusqu'au 31 mai 2021 en raison de la crise sanitaire »."""
        text = (f"trêve hivernale du {format_date(self.first)} au "
                f"{format_date(self.usual_last)}")
        if self.extension is None:
            return text
        return f"{text}, {self.extension_text()} {self.extension.reason}"

    def extension_text(self) -> str:
        """« prolongée jusqu'au 31 mai 2021 », or nothing for a trêve that was not."""
        return f"prolongée jusqu'au {format_date(self.last)}" if self.extension else ""


def _day_of_month(month: int, day: int) -> str:
    return f"{'1er' if day == 1 else day} {MONTHS[month - 1]}"


def treve_of(winter: int) -> Treve:
    """The trêve that begins on 1 November of ``winter``."""
    rule = next((r for r in reversed(RULES) if r.since <= winter), RULES[0])
    extension = next((e for e in EXTENSIONS if e.since == winter), None)
    first = date(winter, *rule.start)
    last = extension.last if extension else date(winter + 1, *rule.end)
    return Treve(first, last, rule, extension)


@dataclass(frozen=True)
class Overlap:
    """The days of a range that fall in one trêve."""

    treve: Treve
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def overlaps(first: date, last: date) -> tuple[Overlap, ...]:
    """The days from ``first`` to ``last`` (both included) that fall in a trêve, one
    :class:`Overlap` per trêve met, the earliest first; none for an empty range."""
    found = []
    for winter in range(first.year - 1, last.year + 1):
        treve = treve_of(winter)
        start, end = max(first, treve.first), min(last, treve.last)
        if start <= end:
            found.append(Overlap(treve, start, end))
    return tuple(found)


def month_last(month: date) -> date:
    """The last day of ``month``'s month."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class MonthInTreve:
    """How much of one calendar month falls in a trêve (a month meets one at most)."""

    month: date
    """The month's first day."""
    overlap: Overlap

    @property
    def treve(self) -> Treve:
        return self.overlap.treve

    @property
    def start(self) -> float:
        """Where in the month the trêve's days begin, as a share of its days: 0 but for a
        trêve beginning inside it."""
        return (self.overlap.first.day - 1) / month_last(self.month).day

    @property
    def end(self) -> float:
        """Where they end: 1 but for a trêve ending inside it (10 July 2020)."""
        return self.overlap.last.day / month_last(self.month).day

    @property
    def whole(self) -> bool:
        return self.start == 0 and self.end == 1

    def text(self) -> str:
        """« mois de trêve hivernale », or « trêve hivernale jusqu'au 10 juillet » for a
        month it covers in part (it always begins on a month's first day)."""
        if self.whole:
            return "mois de trêve hivernale"
        last = self.overlap.last
        return f"trêve hivernale jusqu'au {_day_of_month(last.month, last.day)}"


def month_in_treve(month: date) -> MonthInTreve | None:
    """How ``month`` (any day of it) falls in a trêve, or None for a month outside."""
    first = month.replace(day=1)
    found = overlaps(first, month_last(first))
    return MonthInTreve(first, found[0]) if found else None


def ended_before(month: date) -> Treve | None:
    """The trêve whose end lets forced evictions resume in ``month``: one ending inside it
    (10 July 2020) or on the last day of the month before (31 March): a rise of the
    evictions carried out then is the trêve's end, not a change of practice."""
    first = month.replace(day=1)
    for treve in (treve_of(first.year - 1), treve_of(first.year)):
        if first <= treve.last + timedelta(days=1) <= month_last(first):
            return treve
    return None
