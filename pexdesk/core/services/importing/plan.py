"""What an import would do, before anything is written: the generic part of a plan.

An importer reads a :class:`~reading.Sheet`, decides what each column is for, parses
every row and returns a plan: per-row outcomes, and every :class:`Problem` by row and
column, in French. The preview (a wizard page, ``--dry-run``) shows the plan; the
commit (:mod:`commit`) writes it all or nothing. Survey responses are planned in
:mod:`responses`; a partner-directory importer plans its rows the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from pexdesk.core.errors import ImportRefusedError
from pexdesk.core.formatting import format_date, plural
from pexdesk.core.services.importing.reading import Sheet
from pexdesk.core.text import fold


class Severity(StrEnum):
    ERROR = "ERREUR"
    """The row (or, without a row, the whole file) cannot be imported."""
    WARNING = "AVERTISSEMENT"
    """Imported, but worth a look (a default applied, a column left aside)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, located by file row (spreadsheet numbering) and column name."""

    message: str
    row: int | None = None
    column: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    def text(self) -> str:
        """« ligne 7, colonne « Département » : « Bretagne » n'est pas un département… »."""
        where = []
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column is not None:
            where.append(f"colonne « {self.column} »")
        return f"{', '.join(where)} : {self.message}" if where else self.message


class RowStatus(StrEnum):
    VALID = "VALIDE"
    INVALID = "INVALIDE"
    IGNORED = "IGNOREE"
    """Left out on purpose (an unfinished LimeSurvey response): neither imported nor an error."""
    ALREADY_IMPORTED = "DEJA_IMPORTEE"
    """Imported from an earlier file (a survey export downloaded again after it grew):
    skipped, so that re-importing the export never counts a response twice."""
    PURGED = "PURGEE"
    """Imported once, then deleted by a retention purge: never imported again."""


@dataclass(frozen=True)
class PreviousImport:
    """The record of an earlier import of the same content."""

    file_name: str
    imported_at: str
    rows_imported: int
    target: str
    """What it fed, for the message: « la campagne « Enquête 2024 » »."""

    def text(self) -> str:
        day = self.imported_at[:10]
        try:
            day = format_date(date.fromisoformat(day))
        except ValueError:
            pass
        return (f"Ce fichier a déjà été importé le {day} ({self.file_name}, "
                f"{plural(self.rows_imported, 'ligne importée', 'lignes importées')}, "
                f"dans {self.target}) : rien de nouveau à importer.")


@dataclass
class ImportPlan:
    """The generic part of a plan: the file, its rows' fate, the problems, the verdict.

    ``kind`` names the importer in ``import_batch``; ``rows`` are the outcomes of the
    data rows in file order (``row`` numbers and ``status``), ``file_problems`` those
    that concern the whole file or a whole column."""

    KIND = ""

    sheet: Sheet
    row_numbers: list[int] = field(default_factory=list)
    row_status: list[RowStatus] = field(default_factory=list)
    row_problems: list[list[Problem]] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    previous: PreviousImport | None = None
    replacing: bool = False
    """The user asked to import again what was imported before: the record of an earlier
    import of the same content is replaced, not a reason to stop."""

    # --- counts --------------------------------------------------------------------------
    @property
    def rows_read(self) -> int:
        return len(self.row_numbers)

    def count(self, status: RowStatus) -> int:
        return sum(1 for s in self.row_status if s == status)

    @property
    def valid_count(self) -> int:
        return self.count(RowStatus.VALID)

    @property
    def invalid_count(self) -> int:
        return self.count(RowStatus.INVALID)

    @property
    def ignored_count(self) -> int:
        return self.count(RowStatus.IGNORED)

    @property
    def already_count(self) -> int:
        return self.count(RowStatus.ALREADY_IMPORTED)

    @property
    def purged_count(self) -> int:
        return self.count(RowStatus.PURGED)

    @property
    def writes(self) -> bool:
        """True when committing changes the base: valid rows to write (a survey export's
        plan also counts the earlier responses it deletes)."""
        return self.valid_count > 0

    # --- problems ------------------------------------------------------------------------
    @property
    def problems(self) -> list[Problem]:
        """Every problem: the file's first, then row by row."""
        return [*self.file_problems, *(p for row in self.row_problems for p in row)]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def fatal(self) -> list[Problem]:
        """Errors about the whole file: nothing can be imported until they are fixed."""
        return [p for p in self.file_problems if p.is_error]

    def rejected_problems(self) -> list[Problem]:
        """The errors of the rows that would be rejected, in row order."""
        return [p for status, row in zip(self.row_status, self.row_problems)
                if status == RowStatus.INVALID for p in row if p.is_error]

    # --- verdict -------------------------------------------------------------------------
    def importable(self, skip_invalid: bool = False) -> bool:
        """True when committing would write something, or finds that every valid row was
        imported before (the whole file, or each of its rows, or purged since)."""
        if self.previous is not None:
            return True
        if self.fatal:
            return False
        if self.valid_count == 0 and self.already_count == 0 and self.purged_count == 0:
            return False
        return skip_invalid or self.invalid_count == 0

    def refusal(self, skip_invalid: bool = False, skip_hint: str = "") -> str | None:
        """Why committing is refused, in French; None when it is not. ``skip_hint`` says
        where the user asks to import the valid rows only (the CLI's option, the wizard's
        check box), in parentheses after the advice."""
        if self.importable(skip_invalid):
            return None
        if self.fatal:
            return "Import impossible : " + " ".join(p.message for p in self.fatal)
        if self.valid_count == 0:
            return (f"Import impossible : aucune ligne valide dans {self.sheet.file_name} "
                    f"({plural(self.rows_read, 'ligne lue', 'lignes lues')}).")
        return (f"Import impossible : {plural(self.invalid_count, 'ligne invalide', 'lignes invalides')} "
                f"sur {self.rows_read}. Rien n'a été importé : corrigez le fichier, ou "
                "importez seulement les lignes valides" + (f" ({skip_hint})" if skip_hint else "")
                + ".")

    def check_importable(self, skip_invalid: bool = False) -> None:
        message = self.refusal(skip_invalid)
        if message:
            raise ImportRefusedError(message)


def find_column(names: list[str], wanted: str) -> int:
    """The index of the column the user named: its exact name, else the one whose name
    (accents and case ignored) equals or starts with ``wanted``; ImportRefusedError
    naming the candidates when none or several fit."""
    if wanted in names:
        return names.index(wanted)
    key = fold(wanted)
    if not key:
        raise ImportRefusedError("Nom de colonne vide.")
    exact = [i for i, name in enumerate(names) if fold(name) == key]
    if len(exact) == 1:
        return exact[0]
    starting = exact or [i for i, name in enumerate(names) if fold(name).startswith(key)]
    if len(starting) == 1:
        return starting[0]
    if starting:
        listed = ", ".join(f"« {names[i]} »" for i in starting[:10])
        raise ImportRefusedError(f"Plusieurs colonnes correspondent à « {wanted} » : {listed}. "
                                 "Précisez.")
    listed = ", ".join(f"« {name} »" for name in names[:40])
    raise ImportRefusedError(f"Aucune colonne « {wanted} » dans le fichier. Colonnes : {listed}.")


def problem_block(problems: list[Problem]) -> list[str]:
    """Errors then warnings, each listed by row and column, for a French summary."""
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    lines = []
    if errors:
        lines.append(f"Problèmes ({len(errors)}) :")
        lines.extend(f"  {p.text()}" for p in errors)
    if warnings:
        lines.append(f"Avertissements ({len(warnings)}) :")
        lines.extend(f"  {p.text()}" for p in warnings)
    return lines
