"""French formatting of dates and numbers, shared by the screens, the CLI and the PDF bilans.

French typography: « 15 mars 2023 », « 3,9 », « 70 % » with a narrow no-break
space before the sign, thousands separated by a narrow no-break space (« 1 234 »).
"""

from __future__ import annotations

from datetime import date

NARROW_NBSP = "\u202f"

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def format_date(value: date) -> str:
    """« 15 mars 2023 », « 1er mars 2023 »."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def format_month(value: date) -> str:
    """« mars 2023 »."""
    return f"{MONTHS[value.month - 1]} {value.year}"


def format_number(value: float | int, decimals: int = 0) -> str:
    """« 1 234 », « 3,9 »; a float with ``decimals`` > 0 keeps that many decimals."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def format_percent(share: float, decimals: int = 0) -> str:
    """A share in 0..1 as « 70 % »."""
    return f"{format_number(share * 100, decimals)}{NARROW_NBSP}%"
