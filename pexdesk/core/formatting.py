"""French formatting of dates and numbers, shared by the screens, the CLI and the PDF bilans.

French typography: « 15 mars 2023 », « 3,9 », « 70 % » with a narrow no-break
space before the sign, thousands separated by a narrow no-break space (« 1 234 »).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
_SPACE_BEFORE_SIGN = re.compile(r" ([:;!?»%])")

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def format_date(value: date) -> str:
    """« 15 mars 2023 », « 1er mars 2023 »."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def format_time(value: time) -> str:
    """« 9 h 30 », « 14 h », the hour and its minutes kept on one line."""
    minutes = f"{NBSP}{value.minute:02d}" if value.minute else ""
    return f"{value.hour}{NBSP}h{minutes}"


def format_month(value: date) -> str:
    """« mars 2023 »."""
    return f"{MONTHS[value.month - 1]} {value.year}"


def rounded(value: float | int, decimals: int = 0) -> Decimal:
    """``value`` rounded half away from zero, as a French reader rounds (12,5 → 13), where
    Python's ``round`` and ``format`` round half to even (12,5 → 12) and shares that should
    sum to 100 % then miss it. Works on the shortest decimal form of a float (2,675 → 2,68)."""
    result = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return abs(result) if result == 0 else result  # never « -0 »


def format_number(value: float | int, decimals: int = 0) -> str:
    """« 1 234 », « 3,9 »; a float with ``decimals`` > 0 keeps that many decimals.

    A whole number (an int, or a float with nothing after the point: most counts and
    axis ticks) has nothing to round: it is written from the int itself, without the
    Decimal :func:`rounded` builds (a bilan formats over a thousand numbers). Not a float
    from 10¹⁵ on, whose shortest decimal form, the one :func:`rounded` reads, may differ
    from its binary value in the last digits."""
    if decimals >= 0 and (type(value) is int or (type(value) is float and value.is_integer()
                                                 and abs(value) < 1e15)):
        text = f"{int(value):,}" + ("." + "0" * decimals if decimals else "")
    else:
        text = f"{rounded(value, decimals):,.{decimals}f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def format_figure(value: float | int) -> str:
    """A figure as it was keyed in, with the decimals it has (up to three): « 1 234 »,
    « 45,5 », « 0,125 »; « 12 », never « 12,0 »."""
    decimals = next((d for d in range(4) if round(value, d) == value), 3)
    text = format_number(value, decimals)
    return text.rstrip("0").rstrip(",") if decimals else text


def format_percent(share: float, decimals: int = 0) -> str:
    """A share in 0..1 as « 70 % »."""
    return f"{format_number(share * 100, decimals)}{NARROW_NBSP}%"


def format_parts(counts: Sequence[int], decimals: int = 0) -> list[str]:
    """Each count's part of their sum, « 12,5 % », for a table whose total row prints
    « 100 % » (:func:`format_percent` of 1): the parts add up to it exactly, where each
    rounded on its own they may make 99,9 % or 100,1 % (three thirds: 33,3 % each).

    Largest remainder (Hamilton's method), on integers: every part is its exact share
    rounded down to ``decimals``, then the units still missing go one each to the parts
    rounded down the most (the first of equal ones). A part stays within a unit (1 %, or
    0,1 % with one decimal) of its exact share, and a count of 0 stays « 0 % ». ``counts``
    are not negative, nor all 0."""
    total = sum(counts)
    if total <= 0 or min(counts) < 0:
        raise ValueError(f"parts of {list(counts)!r}")
    whole = 100 * 10 ** decimals
    units = [count * whole // total for count in counts]
    by_remainder = sorted(range(len(counts)), key=lambda i: -(counts[i] * whole % total))
    for index in by_remainder[:whole - sum(units)]:
        units[index] += 1
    return [f"{format_number(unit / 10 ** decimals, decimals)}{NARROW_NBSP}%" for unit in units]


MINUS = "\u2212"

MONTHS_SHORT = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                "oct.", "nov.", "déc.")


def format_month_short(value: date) -> str:
    """« janv. 2025 », « mars 2025 » (table headers, chart axes)."""
    return f"{MONTHS_SHORT[value.month - 1]} {value.year}"


def format_period(first: date, last: date, day: Callable[[date], str] = format_date,
                  single: str = "le") -> str:
    """« du 1er mars 2025 au 15 février 2026 »; a single day « le 12 mai 2026 », since
    « du 12 mai 2026 au 12 mai 2026 » reads as a mistake, or « du 12 mai 2026 » with
    ``single="du"`` after a noun it dates (« réponses du 12 mai 2026 »). ``day`` formats
    each date (:func:`format_date_unbroken` in running text)."""
    if first == last:
        return f"{single} {day(first)}"
    return f"du {day(first)} au {day(last)}"


def format_period_short(first: date, last: date) -> str:
    """« 1er mars 2025 – 15 février 2026 », « 12 mai 2026 » for a single day (running
    headers)."""
    if first == last:
        return format_date(first)
    return f"{format_date(first)} – {format_date(last)}"


def format_signed(value: float | int, decimals: int = 0) -> str:
    """A difference with its sign: « +12 », « −3 » (typographic minus), « 0 »."""
    text = format_number(abs(value), decimals)
    if rounded(value, decimals) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def format_change(current: float | int, previous: float | int | None) -> str:
    """How ``current`` compares with ``previous``: « +12 % », « −3 % », « = »;
    « nouveau » when only the current period has some; « – » when neither has any."""
    if previous is None:
        return "–"
    if previous == 0:
        return "nouveau" if current else "–"
    ratio = (current - previous) / previous
    if rounded(ratio * 100) == 0:
        return "="
    return format_signed(ratio * 100) + NARROW_NBSP + "%"


def agree(count: int, singular: str, plural_form: str | None = None) -> str:
    """``singular`` or its plural as ``count`` requires (French: 0 and 1 take the singular),
    for the words of a sentence that agree with a count without showing it: « s'est
    tenue » / « se sont tenues », « Elle a » / « Elles ont »."""
    return singular if abs(count) < 2 else (plural_form or singular + "s")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 réunion », « 12 réunions », « 1 234 avis » (French: 0 and 1 take the singular)."""
    return f"{format_number(count)} {agree(count, singular, plural_form)}"



def format_date_unbroken(value: date) -> str:
    """:func:`format_date` with no-break spaces, for running text: a line never ends
    between « 1er » and « décembre »."""
    return format_date(value).replace(" ", NBSP)


def format_points(current: float, previous: float | None, decimals: int = 1) -> str:
    """The change of a percentage as a difference in points: « +2,2 pts », « −0,4 pt »,
    « = »; « – » without a previous value."""
    if previous is None:
        return "–"
    points = rounded(current - previous, decimals)
    if points == 0:
        return "="
    unit = "pts" if abs(points) >= 2 else "pt"
    return f"{format_signed(current - previous, decimals)}{NARROW_NBSP}{unit}"


def keep_signs_attached(text: str) -> str:
    """``text`` with the spaces French puts inside « … » and before : ; ! ? % made no-break,
    so that a wrapped line never starts with one of those signs (« Purger / » »)."""
    return _SPACE_BEFORE_SIGN.sub(NBSP + r"\1", text.replace("« ", "«" + NBSP))
