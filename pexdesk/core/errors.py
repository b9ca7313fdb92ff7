"""Errors the core raises, each carrying a French message a user can read.

The UI and the CLI show ``str(error)`` as is: messages are written for the
chargé(e) de mission, never as a traceback.
"""

from __future__ import annotations

from typing import NamedTuple


class PexdeskError(Exception):
    """Base of every error the core raises on purpose."""


class FieldError(NamedTuple):
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


class ImportFileError(PexdeskError):
    """A file given to an importer cannot be imported; nothing was written."""


class UnreadableFileError(ImportFileError):
    """The file is not a table pexdesk can read (too big, not CSV/XLSX, damaged, bomb…)."""


class UnreadableSheetError(UnreadableFileError):
    """One sheet of a workbook cannot be read (no sheet of that name, an empty sheet, a
    formula without value, over a cap…), though the workbook itself can.

    ``sheets`` lists the workbook's sheets (``SheetInfo``: name, rows to import, hidden) and
    ``sheet_name`` names the one that failed, so that a window can still offer the
    other sheets instead of leaving the user before a file it cannot open."""

    def __init__(self, message: str, sheets: tuple = (), sheet_name: str | None = None):
        super().__init__(message)
        self.sheets = tuple(sheets)
        self.sheet_name = sheet_name


class ImportRefusedError(ImportFileError):
    """The file was read, but its content cannot be imported as it is (invalid rows,
    no usable column, a column that does not exist); the message says why."""


class BaseLockedError(BaseError):
    """Another pexdesk (this process or another one, here or on another computer) has the
    base open for writing; ``holder`` says who, and the message names it."""

    def __init__(self, message: str, holder=None):
        super().__init__(message)
        self.holder = holder


class BackupError(PexdeskError):
    """A backup could not be made, read or restored; nothing was written or replaced."""


class NotABackupError(BackupError):
    """The file is neither a pexdesk base nor a pexdesk archive, or it cannot be read."""


class WrongPasswordError(BackupError):
    """The archive does not open with this password (or it was altered): nothing was read."""


class DamagedBackupError(BackupError):
    """The file is a pexdesk backup whose content is damaged."""
