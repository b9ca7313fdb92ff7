"""The rules a meeting's breakdown keeps: known categories, whole counts, and no breakdown
beyond the total it divides (12 dossiers by origin for 10 examined is a typing slip).

A breakdown may stay below its total: the rest is « non ventilé », which the bilan shows
rather than hides.
"""

from __future__ import annotations

from pexdesk.core.domain import rules
from pexdesk.core.domain.models import Meeting
from pexdesk.core.errors import FieldError
from pexdesk.core.formatting import format_number
from pexdesk.core.reference.breakdowns import DIMENSION_BY_CODE, Breakdown

MAX_COUNT = 10_000
"""As for the meeting's own totals."""


def field_name(dimension: str, category: str | None = None) -> str:
    """The :class:`FieldError` field of a breakdown, or of one of its categories: a form
    shows the message beside that cell or under that table."""
    return f"breakdown.{dimension}" + (f".{category}" if category else "")


def breakdown_problems(meeting: Meeting, breakdown: Breakdown) -> list[FieldError]:
    problems = []
    for code, counts in breakdown.items():
        dimension = DIMENSION_BY_CODE.get(code)
        if dimension is None:
            problems.append(FieldError(field_name(code), f"Ventilation inconnue « {code} »."))
            continue
        total_label = meeting.label(dimension.total)
        known = dict(dimension.categories)
        wrong = False
        for category, count in counts.items():
            label = f"{total_label} {dimension.label} : {known.get(category, category)}"
            message = (f"« {total_label} {dimension.label} » : catégorie inconnue « {category} »."
                       if category not in known else
                       rules.integer_range(label, count, 0, MAX_COUNT, required=True))
            if message:
                problems.append(FieldError(field_name(code, category), message))
                wrong = True
        total = getattr(meeting, dimension.total)
        shared = sum(counts.values()) if not wrong else 0
        if shared > total:
            problems.append(FieldError(field_name(code), (
                f"« {total_label} {dimension.label} » : la ventilation compte "
                f"{format_number(shared)}, plus que le total de la réunion "
                f"({format_number(total)}).")))
    return problems
