"""Exports of the mission's lists: XLSX and CSV for every list, iCalendar for meetings,
vCard for contacts; the format follows the file's extension.

* :mod:`.tables` — each table's columns (French header, value, type), once for all formats;
* :mod:`.cells` — what a text cell may hold (formula injection, control characters) and
  the marker column that tells an importer the file is pexdesk's;
* :mod:`.xlsx`, :mod:`.csv_export`, :mod:`.calendar`, :mod:`.vcard` — the writers.

:func:`export` reads the base (reads only), writes the file atomically (a temporary file
in the destination folder, then renamed: after a failure the destination holds its old
content or nothing) and records the export in the journal when the connection can write
(:attr:`ExportResult.recorded`; the CLI, which reads through a read-only connection,
records it afterwards with :func:`pexdesk.core.safety.journal.record_at`).

The writers are imported when a file of their format is written: openpyxl, icalendar and
vobject take 0.2 s to import, which an importer (it needs only :mod:`.cells`) or a screen
that never exports should not pay on the UI thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from pexdesk.core.errors import StorageError
from pexdesk.core.formatting import plural
from pexdesk.core.safety.files import atomic_writer, folder_problem, os_reason, safe_file_name
from pexdesk.core.services.exchange.cells import MARKER_HEADER, is_pexdesk_export, restore_text
from pexdesk.core.services.exchange.tables import (TABLES, ExportError, Options, build_table,
                                                   contact_rows, table_spec)

__all__ = ["EXTENSIONS", "MARKER_HEADER", "TABLES", "ExportError", "ExportResult", "Options",
           "build_table", "check_destination", "check_options", "default_file_name", "export",
           "export_meetings_calendar", "formats_of", "is_pexdesk_export",
           "record_export", "restore_text"]

EXTENSIONS = {".xlsx": "XLSX", ".csv": "CSV", ".ics": "iCalendar", ".vcf": "vCard"}
"""Format of each extension an export may be written to."""
TABULAR = (".xlsx", ".csv")
SPECIAL = {"meetings": ".ics", "contacts": ".vcf"}
"""The tables that also export to a non-tabular format."""
FILE_WORDS = {"partners": "partenaires", "contacts": "contacts", "meetings": "reunions",
              "actions": "actions", "indicators": "indicateurs", "responses": "reponses"}


@dataclass
class ExportResult:
    path: Path
    table: str
    format: str
    count: int
    """Rows written (events for iCalendar, cards for vCard)."""
    noun: str
    """What was counted, French: « réunion », « contact », « ligne »."""
    recorded: bool = False
    """The export is in the journal."""
    selection: bool = False
    """Only the records a filtered list showed were written (:attr:`Options.only`)."""

    @property
    def summary(self) -> str:
        """The journal's line: what, in which format, how many, where (no record's content);
        an export of a filtered list says so, since its count is not the table's."""
        what = table_spec(self.table).label
        if self.selection:
            what += ", sélection de la liste"
        return f"{what} ({self.format}, {plural(self.count, self.noun)}) vers {self.path}"

    def text(self, scope: str = "") -> str:
        """« Export écrit : FICHIER (N lignes). »; ``scope`` (French, from the window) names
        the part of the table written when the list was filtered."""
        said = f" : {scope}" if scope else ""
        return f"Export écrit : {self.path} ({plural(self.count, self.noun)}){said}."


def formats_of(table: str) -> tuple[str, ...]:
    """The extensions ``table`` exports to."""
    name = table_spec(table).name
    return (*TABULAR, SPECIAL[name]) if name in SPECIAL else TABULAR


def check_destination(table: str, out: Path | str) -> Path:
    """The destination as an absolute path, after checking its extension suits the table
    and its folder exists (French ExportError otherwise); nothing is written."""
    spec = table_spec(table)
    out = Path(out).expanduser().absolute()
    if out.is_dir():
        raise ExportError(f"{out} est un dossier : indiquez le nom du fichier à écrire.")
    extension = out.suffix.lower()
    allowed = formats_of(spec.name)
    if extension not in allowed:
        shown = ", ".join(f"{ext} ({EXTENSIONS[ext]})" for ext in allowed)
        given = f"« {out.suffix} »" if out.suffix else "sans extension"
        raise ExportError(f"Format non pris en charge pour les {spec.label} : fichier {given}. "
                          f"Extensions possibles : {shown}.")
    problem = folder_problem(out.parent)
    if problem:
        raise ExportError(f"{problem} : rien n'a été exporté.")
    return out


def check_options(table: str, options: Options) -> None:
    spec = table_spec(table)
    if (options.first or options.last) and "period" not in spec.options:
        raise ExportError(f"--from et --to ne s'appliquent qu'aux réunions et aux indicateurs, "
                          f"pas aux {spec.label}.")
    if options.first and options.last and options.first > options.last:
        raise ExportError(f"La période est inversée : le {options.first:%d/%m/%Y} est après "
                          f"le {options.last:%d/%m/%Y}.")
    if options.campaign is not None and "campaign" not in spec.options:
        raise ExportError(f"--campaign ne s'applique qu'aux réponses des partenaires, pas aux "
                          f"{spec.label}.")
    if options.partner is not None and "partner" not in spec.options:
        raise ExportError(f"--partner ne s'applique qu'aux contacts, pas aux {spec.label}.")


def export(con: sqlite3.Connection, table: str, out: Path | str,
           options: Options | None = None, *, record: bool = True) -> ExportResult:
    """Write ``table`` to ``out`` in the format its extension names; see the module's doc.

    Raises :class:`ExportError` (French) for an unknown table, an extension the table does
    not export to, a missing folder, an option the table does not take, an unknown
    campaign or partner; nothing is written then."""
    options = options or Options()
    spec = table_spec(table)
    path = check_destination(spec.name, out)
    check_options(spec.name, options)
    extension = path.suffix.lower()
    if extension == ".ics":
        from pexdesk.core.services.exchange import calendar

        items = calendar.calendar_meetings(con, options)
        data = calendar.calendar_bytes(items, calendar.calendar_name(con))
        result = ExportResult(path, spec.name, EXTENSIONS[extension], len(items), "réunion")
        _write(path, lambda handle: handle.write(data))
    elif extension == ".vcf":
        from pexdesk.core.services.exchange import vcard

        rows = contact_rows(con, options.partner, options.only)
        data = vcard.vcard_bytes(rows)
        result = ExportResult(path, spec.name, EXTENSIONS[extension], len(rows), "contact")
        _write(path, lambda handle: handle.write(data))
    else:
        from pexdesk.core.services.exchange import csv_export, xlsx

        built = build_table(con, spec.name, options)
        writer = xlsx.write_xlsx if extension == ".xlsx" else csv_export.write_csv
        result = ExportResult(path, spec.name, EXTENSIONS[extension], built.count, "ligne")
        _write(path, lambda handle: writer(built, handle))
    result.selection = options.only is not None
    if record:
        result.recorded = record_export(con, result)
    return result


def export_meetings_calendar(con: sqlite3.Connection, meeting_ids: Iterable[int],
                             out: Path | str, *, record: bool = True) -> ExportResult:
    """Write the events of some meetings (one, from its screen) to an ``.ics`` file."""
    path = Path(out).expanduser().absolute()
    if path.suffix.lower() != ".ics":
        raise ExportError(f"Un calendrier s'écrit dans un fichier .ics, pas « {path.name} ».")
    check_destination("meetings", path)
    from pexdesk.core.services.exchange import calendar

    items = calendar.calendar_meetings(con, Options(only=frozenset(meeting_ids)))
    data = calendar.calendar_bytes(items, calendar.calendar_name(con))
    _write(path, lambda handle: handle.write(data))
    result = ExportResult(path, "meetings", EXTENSIONS[".ics"], len(items), "réunion")
    if record:
        result.recorded = record_export(con, result)
    return result


def default_file_name(table: str, extension: str, *, detail: str = "",
                      today: date | None = None) -> str:
    """A file name to propose in a « save as » dialog: « pexdesk partenaires 2025-03-15.xlsx »,
    « pexdesk contacts Mairie de Montbrezac 2025-03-15.vcf ». ``detail`` (a partner's name,
    a meeting's title) is user text: it is made safe (shared/reliability.md §5.4)."""
    spec = table_spec(table)
    day = (today or date.today()).isoformat()
    words = ["pexdesk", FILE_WORDS[spec.name]]
    if detail.strip():
        words.append(detail)
    words.append(day)
    stem = safe_file_name(" ".join(words), fallback=f"pexdesk {spec.name}")
    return stem + (extension if extension.startswith(".") else f".{extension}")


def record_export(con: sqlite3.Connection, result: ExportResult) -> bool:
    """Add the export to the journal (shared/domain.md §9: exports are logged); False when
    the connection cannot write (read only) or the base has no journal yet."""
    from pexdesk.core.safety import journal

    if not journal.has_journal(con):
        return False
    try:
        journal.record(con, "EXPORT", result.summary)
    except (sqlite3.OperationalError, StorageError):
        return False  # a read-only connection: the caller records it through the file
    return True


def _write(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    try:
        with atomic_writer(path) as handle:
            fill(handle)
    except OSError as exc:
        raise ExportError(f"Impossible d'écrire {path} ({os_reason(exc)}) : rien n'a été "
                          "exporté.") from exc
