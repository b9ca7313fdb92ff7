"""Errors the core raises, each carrying a French message a user can read.

The UI and the CLI show ``str(error)`` as is: messages are written for the
chargé(e) de mission, never as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class PexdeskError(Exception):
    """Base of every error the core raises on purpose."""


@dataclass(frozen=True)
class FieldError:
    """One rule broken by one field; ``field`` is the attribute name, ``message`` French."""

    field: str
    message: str


class ValidationError(PexdeskError):
    """A record breaks one or more rules; nothing was written.

    Forms show each message beside its field, so the error keeps them apart.
    """

    def __init__(self, errors: list[FieldError] | FieldError):
        self.errors = [errors] if isinstance(errors, FieldError) else list(errors)
        if not self.errors:
            raise ValueError("ValidationError needs at least one FieldError")
        super().__init__("\n".join(e.message for e in self.errors))

    @property
    def field(self) -> str:
        return self.errors[0].field

    def for_field(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]


class BaseError(PexdeskError):
    """The file cannot be used as a pexdesk base."""


class NotABaseError(BaseError):
    """The file is not a pexdesk base (another program's file, or not SQLite at all)."""


class DamagedBaseError(BaseError):
    """The file is a pexdesk base whose content is damaged."""


class BaseTooNewError(BaseError):
    """The base was written by a newer pexdesk whose schema this version does not know."""


class StorageError(PexdeskError):
    """SQLite refused a write (disk full, read-only file, locked base): nothing was saved."""


class NotFoundError(PexdeskError):
    """A record asked for by id or name does not exist."""
