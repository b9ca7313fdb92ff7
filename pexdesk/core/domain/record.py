"""What every stored record has: identity, timestamps, validation, and the checks many
records share.

Records know nothing of SQLite; repositories map them to tables. ``check()`` raises one
:class:`ValidationError` listing every broken rule, so a form can show each message
beside its field. Each record class lives with its part of the mission
(:mod:`pexdesk.core.domain.profile`, :mod:`pexdesk.core.domain.models`): Python 3.11 takes
half a millisecond to create a dataclass, and opening a base needs only the profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from pexdesk.core.domain import rules
from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.reference.departments import departments

SHORT_TEXT = 200
LONG_TEXT = 20_000


@dataclass(kw_only=True)
class Record:
    """Identity and timestamps every stored record carries.

    ``uuid`` is the stable key used to merge bases of several départements;
    ``id`` is local to one file.
    """

    TABLE: ClassVar[str] = ""
    LABELS: ClassVar[dict[str, str]] = {}

    id: int | None = None
    uuid: str = ""
    created_at: str = ""
    updated_at: str = ""

    def problems(self, today: date | None = None) -> list[FieldError]:
        """Every rule this record breaks, as French messages."""
        return []

    def check(self, today: date | None = None) -> None:
        problems = self.problems(today)
        if problems:
            raise ValidationError(problems)

    def _collect(self, *checks: tuple[str, str | None]) -> list[FieldError]:
        return [FieldError(name, message) for name, message in checks if message]

    def label(self, name: str) -> str:
        return self.LABELS[name]


def text_checks(record: Record, required: tuple[str, ...],
                 short: tuple[str, ...] = (), long: tuple[str, ...] = ()) -> list[tuple[str, str | None]]:
    checks = [(name, rules.required(record.label(name), getattr(record, name))) for name in required]
    checks += [(name, rules.max_length(record.label(name), getattr(record, name), SHORT_TEXT))
               for name in short]
    checks += [(name, rules.max_length(record.label(name), getattr(record, name), LONG_TEXT))
               for name in long]
    return checks


def department_check(label: str, code: str) -> str | None:
    if not code:
        return f"« {label} » est obligatoire."
    if code not in departments():
        return f"« {label} » : « {code} » n'est pas un code de département français."
    return None
