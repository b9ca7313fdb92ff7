"""Reusable field rules; each returns a French message naming the field, or None.

Messages quote the field's label as the form shows it, so a user who reads the
message in a dialog or in the CLI knows which box to fix.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from pexdesk.core.formatting import format_date, format_figure, format_number, format_time

EARLIEST_DATE = date(2000, 1, 1)
PLANNING_HORIZON = timedelta(days=366 * 10)

_FRENCH_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*$")
_TIME = re.compile(r"^(\d{1,2})(?:\s*[hH:.]\s*(\d{2})?)?$|^(\d{1,2})(\d{2})$")
_ADDRESS_CHAR = r'[^@\s()<>\[\]:;\\,"]'
"""Any character but the ones RFC 5322 allows in an address only quoted: « ; » or « , »
ends an address where a list of them is pasted (« a@x.fr; » typed from Outlook), « < »
and « > » enclose one after a name."""
_EMAIL = re.compile(rf"^{_ADDRESS_CHAR}+@{_ADDRESS_CHAR}+\.{_ADDRESS_CHAR}+$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-/()]")
_PHONE_DIGITS = re.compile(r"^\+?\d{6,15}$")


def required(label: str, value: str) -> str | None:
    if not value or not value.strip():
        return f"« {label} » est obligatoire."
    return no_nul(label, value)


def no_nul(label: str, value: str) -> str | None:
    """A NUL character (U+0000) cannot be typed, only pasted from a damaged file. In a field
    the base requires, SQLite's own check reads the text only up to it (« \\x00CAF » is an
    empty name there, refused in English): refused here first, by name. Elsewhere it is kept
    as it came, and the exports and bilans drop it."""
    if value and "\x00" in value:
        return (f"« {label} » contient un caractère nul (U+0000), invisible, qui ne peut pas "
                "être enregistré : retirez-le.")
    return None


def max_length(label: str, value: str, limit: int) -> str | None:
    if value and len(value) > limit:
        return (f"« {label} » ne doit pas dépasser {format_number(limit)} caractères "
                f"(actuellement {format_number(len(value))}).")
    return None


def plausible_date(label: str, value: date | None, *, today: date | None = None,
                   past_only: bool = False) -> str | None:
    """Dates before 2000 or too far ahead are typing mistakes (2203 for 2023)."""
    if value is None:
        return None
    today = today or date.today()
    latest = today if past_only else today + PLANNING_HORIZON
    if value < EARLIEST_DATE:
        return f"« {label} » : la date {format_date(value)} est antérieure à 2000."
    if value > latest:
        if past_only:
            return f"« {label} » : la date {format_date(value)} est dans le futur."
        return f"« {label} » : la date {format_date(value)} est trop éloignée dans le futur."
    return None


def ordered_dates(start_label: str, start: date | None, end_label: str,
                  end: date | None) -> str | None:
    if start and end and end < start:
        return f"« {end_label} » ({format_date(end)}) précède « {start_label} » ({format_date(start)})."
    return None


def time_of_day(label: str, value: time | None) -> str | None:
    """A time of day to the minute, without a time zone: what « HH:MM » stores."""
    if value is None or (isinstance(value, time) and value.tzinfo is None
                         and not value.second and not value.microsecond):
        return None
    return f"« {label} » doit être une heure de la journée (hh:mm)."


def ordered_times(start_label: str, start: time | None, end_label: str,
                  end: time | None) -> str | None:
    if start is not None and end is not None and end <= start:
        return (f"« {end_label} » ({format_time(end)}) doit être après « {start_label} » "
                f"({format_time(start)}).")
    return None


def integer_range(label: str, value: int | None, low: int, high: int | None = None,
                  *, required: bool = False) -> str | None:
    if value is None:
        return f"« {label} » est obligatoire." if required else None
    if isinstance(value, bool) or not isinstance(value, int):
        return f"« {label} » doit être un nombre entier."
    if value < low or (high is not None and value > high):
        if high is None:
            return f"« {label} » doit être un nombre entier positif ou nul." if low == 0 else \
                f"« {label} » doit être au moins {low}."
        return f"« {label} » doit être compris entre {low} et {high}."
    return None


def within_unit(label: str, value: float | None, unit: str) -> str | None:
    """A percentage over 100 cannot be: a comma left out (455 for 45,5) or a count typed
    in the wrong row. Other units have no upper bound."""
    if unit == "%" and value is not None and value > 100:
        return f"« {label} » : un pourcentage ne dépasse pas 100 ({format_figure(value)} refusé)."
    return None


def one_of(label: str, value: str, allowed: dict[str, str] | tuple[str, ...]) -> str | None:
    if value not in allowed:
        return f"« {label} » : valeur inconnue « {value} »."
    return None


def email(label: str, value: str) -> str | None:
    if value and not is_email(value):
        return f"« {label} » : « {value} » n'est pas une adresse e-mail valide."
    return None


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value.strip()))


def phone(label: str, value: str) -> str | None:
    if value and not _PHONE_DIGITS.match(_PHONE_SEPARATORS.sub("", value)):
        return f"« {label} » : « {value} » n'est pas un numéro de téléphone valide."
    return None


def format_phone(value: str) -> str:
    """French numbers written the usual way (01 23 45 67 89); others left as typed."""
    digits = _PHONE_SEPARATORS.sub("", value)
    if digits.startswith("+33") and len(digits) == 12:
        digits = "0" + digits[3:]
    if len(digits) == 10 and digits.isdigit() and digits.startswith("0"):
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    return value.strip()


def parse_french_date(text: str) -> date | None:
    """« 15/03/2023 », « 15.03.23 », « 2023-03-15 »; empty → None; otherwise ValueError with
    a French message (« 31/02/2024 » is not a date)."""
    text = text.strip()
    if not text:
        return None
    match = _FRENCH_DATE.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year + 2000 if year < 100 else year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"« {text} » n'est pas une date valide (jj/mm/aaaa).")


def parse_time(text: str) -> time | None:
    """« 9h30 », « 9 h 30 », « 09:30 », « 14h », « 14 », « 0930 »; empty → None; otherwise
    ValueError with a French message (« 25h » is no time of day)."""
    text = text.strip()
    if not text:
        return None
    match = _TIME.match(text)
    if match:
        hour, minute = (match.group(1), match.group(2)) if match.group(1) else match.groups()[2:]
        try:
            return time(int(hour), int(minute or 0))
        except ValueError:
            pass
    raise ValueError(f"« {text} » n'est pas une heure valide (hh:mm, par exemple 9:30 ou 14h).")
