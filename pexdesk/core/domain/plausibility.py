"""A soft check on a month's indicator figure against the month before.

Figures are keyed in by hand from EXPLOC, CAF or préfecture tables, and a zero typed once
too often (600 for 60) or once too few is saved without complaint: it is a valid number.
Spreadsheets used in the field catch it with conditional formatting; pexdesk points it out
the same way, as a warning and never a refusal, since a jump may be real.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pexdesk.core.formatting import format_figure, format_month, format_number

JUMP = 10
"""A figure at least ten times the month before's, or at most a tenth of it: the mark of a
zero typed once too often or once too few."""

HANDFUL = 5
"""Below this a month's figure is a handful of households, and swings of ten times happen
for real: 2 summons one month, 25 the next when a landlord files a batch."""

_TIMES = {Decimal(10): "dix", Decimal(100): "cent", Decimal(1000): "mille"}


def implausible_change(value: float | None, previous: float | None,
                       previous_month: date, year_before: float | None = None) -> str | None:
    """Why ``value`` looks mistyped beside ``previous``, the figure of ``previous_month``:
    « dix fois la valeur de septembre 2026 (60) », « dix fois moins que la valeur
    d'octobre 2026 (600) »; None when it does not.

    A jump the same month made a year before (``year_before``, that month's figure) is the
    season's, not a typing slip: the winter truce stops forced evictions from November to
    March, so their count falls tenfold every November and climbs back every April.

    The rule is meant to be told in one sentence: the larger of the two figures is at least
    ten times the smaller, and the smaller is at least 5 (so 60 → 600 and 60 → 6 are
    pointed out, 2 → 25 is not). It looks at the two figures only, not at their order, so
    600 after 60 and 60 after 600 are treated alike. Without a previous figure (not keyed
    in, or « n.d. ») there is nothing to compare and nothing is said. Figures are compared
    as the decimals they were typed as (5,1 → 51 is exactly ten times, whatever binary
    floating point makes of 5.1 × 10).
    """
    if not _jump(value, previous) or (year_before is not None
                                      and not _jump(value, year_before)):
        return None
    smaller, larger = sorted((Decimal(repr(value)), Decimal(repr(previous))))
    times = _times(larger / smaller)
    month = format_month(previous_month)
    of_month = f"d'{month}" if month[0] in "aeiouy" else f"de {month}"
    reference = f"la valeur {of_month} ({format_figure(previous)})"
    return f"{times} fois {reference}" if value > previous else f"{times} fois moins que {reference}"


def _jump(value: float | None, other: float | None) -> bool:
    """The larger of the two is at least ten times the smaller, itself at least a handful."""
    if value is None or other is None:
        return False
    smaller, larger = sorted((Decimal(repr(value)), Decimal(repr(other))))
    return smaller >= HANDFUL and larger >= JUMP * smaller


def _times(ratio: Decimal) -> str:
    """« dix », « cent », « mille » for the exact ratios of a zero or two too many; « 12 »,
    « environ 13 » otherwise."""
    if ratio in _TIMES:
        return _TIMES[ratio]
    whole = ratio.to_integral_value()
    return format_number(int(whole)) if whole == ratio else f"environ {format_number(float(ratio))}"
