"""Writing a plan: all or nothing, once per file content.

:func:`commit_batch` is the generic part every importer shares: it refuses a plan
that is not importable, opens ONE transaction, checks (inside it) that the same
content was not imported before, lets the importer write its rows, records the
batch in ``import_batch`` and an IMPORT event in the journal (file, sheet, what was
written and what was left) and commits. Any error rolls everything back: the base is
left as it was, its journal without a line. Re-import detection compares the digest of
the file's normalised content (:func:`reading.content_digest`), so the same export
saved again with another encoding or separator is still recognised.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from pexdesk.core.db.connection import transaction
from pexdesk.core.formatting import plural
from pexdesk.core.repositories.mapper import integrity_as_validation, now_utc
from pexdesk.core.safety import journal
from pexdesk.core.services.importing.plan import ImportPlan, PreviousImport, Problem


@dataclass(frozen=True)
class CommitResult:
    """What a commit did. ``written`` = 0 with ``previous`` set: the content was already
    imported and nothing was written."""

    file_name: str
    rows_read: int
    written: int
    rejected: list[Problem] = field(default_factory=list)
    rejected_rows: int = 0
    ignored_rows: int = 0
    already_rows: int = 0
    """Rows imported before from another file (skipped, not written again)."""
    previous: PreviousImport | None = None
    batch_uuid: str | None = None
    target_id: int | None = None

    def rows_read_text(self) -> str:
        return plural(self.rows_read, "ligne lue", "lignes lues")

    def summary_lines(self, counts: str) -> list[str]:
        """The start of an importer's French summary: « 9 lignes lues<counts> », then every
        rejected row by row and column; for content imported before, the one line saying
        so. Each importer adds its own counts and what follows."""
        if self.previous is not None:
            return [f"{self.rows_read_text()}. {self.previous.text()}"]
        head = self.rows_read_text() + counts
        return [head + (" :" if self.rejected else "."),
                *(f"  {p.text()}" for p in self.rejected)]


def _has_batches(con: sqlite3.Connection) -> bool:
    """False on a base opened read-only before its upgrade to schema 2."""
    return con.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' "
                       "AND name = 'import_batch'").fetchone() is not None


def find_previous(con: sqlite3.Connection, kind: str, sha256: str) -> PreviousImport | None:
    """The earlier import of the same content by the same importer, if any."""
    if not _has_batches(con):
        return None
    row = con.execute(
        """SELECT b.file_name, b.imported_at, b.rows_imported, c.name
           FROM import_batch b LEFT JOIN campaign c ON c.id = b.campaign_id
           WHERE b.kind = ? AND b.file_sha256 = ?""", (kind, sha256)).fetchone()
    if row is None:
        return None
    target = f"la campagne « {row[3]} »" if row[3] else "la base"
    return PreviousImport(row[0], row[1], row[2], target)


Writer = Callable[[sqlite3.Connection], tuple[int | None, int, str]]
"""Writes the plan's valid rows inside the open transaction; returns (campaign id or
None, rows written, what was written in French for the journal: « 4 partenaires créés,
… »). Raising anything undoes the whole import; a constraint SQLite enforces becomes a
French ValidationError."""


def _event_summary(plan: ImportPlan, written: str, rejected_rows: int) -> str:
    """The journal's line for an import: « annuaire.xlsx, feuille « 2024 » : <written> ;
    1 ligne ignorée, 0 ligne rejetée ». Rows skipped as imported before or purged are
    counted only when there are some (survey exports)."""
    where = plan.sheet.file_name
    if plan.sheet.sheet_name:
        where += f", feuille « {plan.sheet.sheet_name} »"
    left = [plural(plan.ignored_count, "ligne ignorée", "lignes ignorées"),
            plural(rejected_rows, "ligne rejetée", "lignes rejetées")]
    if plan.already_count:
        left.append(plural(plan.already_count, "déjà importée", "déjà importées"))
    if plan.purged_count:
        left.append(plural(plan.purged_count, "purgée auparavant", "purgées auparavant"))
    return f"{where} : {written} ; {', '.join(left)}"


def commit_batch(con: sqlite3.Connection, plan: ImportPlan, write: Writer, *,
                 skip_invalid: bool = False) -> CommitResult:
    """Write ``plan`` with ``write`` in one transaction and record the batch and its journal
    event, or nothing."""
    rejected = plan.rejected_problems() if skip_invalid else []
    rejected_rows = plan.invalid_count if skip_invalid else 0
    common = dict(file_name=plan.sheet.file_name, rows_read=plan.rows_read,
                  ignored_rows=plan.ignored_count, already_rows=plan.already_count)
    if plan.previous is not None:
        return CommitResult(written=0, previous=plan.previous, **common)
    plan.check_importable(skip_invalid)
    if not plan.writes:  # every valid row was imported before: nothing new
        return CommitResult(written=0, rejected=rejected, rejected_rows=rejected_rows,
                            **common)
    with transaction(con), integrity_as_validation(None):
        if plan.replacing:
            con.execute("DELETE FROM import_batch WHERE kind = ? AND file_sha256 = ?",
                        (plan.KIND, plan.sheet.sha256))
        previous = find_previous(con, plan.KIND, plan.sheet.sha256)
        if previous is not None:  # imported since the plan was made
            return CommitResult(written=0, previous=previous, **common)
        target_id, written, what = write(con)
        stamp = now_utc()
        batch_uuid = str(uuid.uuid4())
        con.execute(
            """INSERT INTO import_batch(uuid, kind, file_name, file_sha256, campaign_id,
                                        rows_imported, imported_at, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (batch_uuid, plan.KIND, plan.sheet.file_name, plan.sheet.sha256, target_id,
             written, stamp, stamp, stamp))
        journal.record(con, "IMPORT", _event_summary(plan, what, rejected_rows))
    return CommitResult(written=written, rejected=rejected, rejected_rows=rejected_rows,
                        batch_uuid=batch_uuid, target_id=target_id, **common)
