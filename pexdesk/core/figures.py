"""An indicator's figure as the Indicateurs grid takes it typed and an imported table gives
it (shared/domain.md §7.3): one reading for both, so that a cell pasted, typed or imported
means the same. Kept out of the importing package, whose start pulls the survey importer:
the grid loads this on its first visit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pexdesk.core.text import Invalid, fold_label, quote

NOT_AVAILABLE = "ND"
"""A figure the source did not give (« nd », « n.d. », « non disponible »): stored as
NULL, which is not 0."""
NOT_AVAILABLE_CELL = "nd"
"""A stored NULL in a table pexdesk writes: what the user types for it, read back as
:data:`NOT_AVAILABLE`; an empty cell would read back as « not entered »."""
_NOT_AVAILABLE_KEYS = frozenset(fold_label(label) for label in (
    "nd", "n.d.", "n/d", "nd.", "n d", "non disponible", "donnée non disponible"))
MAX_FIGURE = 1e15
"""No indicator comes near it; past it a float no longer keeps units exact."""
_SPACES = " \u00a0\u202f"
_FIGURE = re.compile(
    r"^([+-]?)([0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]*)(?:([.,])([0-9]+))?$")


@lru_cache(maxsize=4096)
def parse_figure(text: str, unit: str, label: str) -> float | str | None | Invalid:
    """A French number (« 12 », « 1 234 », « 12,5 », « 45 % » for a percentage, « 1 200 € »),
    :data:`NOT_AVAILABLE`, None for an empty cell, or Invalid.

    The sign is kept, and a percentage over 100 let through, so that the value's own rules
    (« ne peut pas être négative », « un pourcentage ne dépasse pas 100 ») speak. ``unit``
    is the indicator's (``nb`` takes whole numbers only), ``label`` names it in that
    refusal."""
    raw = text.strip()
    if not raw:
        return None
    if fold_label(raw) in _NOT_AVAILABLE_KEYS:
        return NOT_AVAILABLE
    number = raw
    if unit in ("%", "€") and number.endswith(unit):
        number = number[:-1].rstrip(_SPACES)
    match = _FIGURE.match(number)
    if not match or not (match.group(2) or match.group(4)):
        return Invalid(f"{quote(raw)} n'est pas un nombre. Tapez par exemple 12 ou 12,5, ou "
                       "« nd » si la donnée n'est pas disponible.")
    sign, whole, separator, decimals = match.groups()
    if separator == "." and decimals and len(decimals) == 3 and unit != "%":
        return Invalid(f"{quote(raw)} est ambigu : pour des milliers tapez {whole + decimals}, "
                       f"pour des décimales utilisez la virgule ({whole or '0'},{decimals}).")
    value = float(f"{sign}{''.join(c for c in whole if c.isdigit()) or '0'}.{decimals or '0'}")
    if abs(value) >= MAX_FIGURE:
        return Invalid(f"{quote(raw)} est trop grand pour une valeur d'indicateur.")
    if unit == "nb" and not value.is_integer():
        return Invalid(f"« {label} » compte des ménages ou des procédures : tapez un nombre "
                       f"entier ({quote(raw)} refusé).")
    return value
