"""What a spreadsheet cell may hold: the one place where exported text is made safe.

Formula injection (shared/reliability.md §5.2, OWASP ASVS 1.2.10, CWE-1236): a text
cell whose first character is ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(NUL too, but control characters are removed first) is run as a formula by Excel or
LibreOffice when it comes from a CSV file, which has no cell types. In a CSV export such
a cell is written with a leading apostrophe, shown as is: « '=1+1 ». An XLSX export
stores text as string cells, which are never run: it is only cleaned (:func:`clean`),
not neutralised, so that no apostrophe shows. Quoting the CSV field would not help (Excel
unquotes, then evaluates). Numbers and dates are never text here: they are written
as typed values, so a real −12 stays a number while a name « -12 » becomes « '-12 ».

A text that itself starts with an apostrophe gets one more: the prefix is then a
bijection, and :func:`restore_text` gives back exactly what was exported. The importer
may undo it **only for CSV files pexdesk wrote** (shared/reliability.md §4.3), which carry
the marker column :data:`MARKER_HEADER` (see :func:`is_pexdesk_export`).

XML 1.0, hence XLSX, cannot hold the other C0 control characters (openpyxl refuses
them with ``IllegalCharacterError``): they are removed, in CSV too, so that both
formats carry the same text. Tabs are kept; line ends become line feeds (an XML reader,
Excel's as openpyxl's, turns a carriage return into a line feed anyway).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pexdesk.core.text import QUOTE, neutralise

MARKER_HEADER = "Identifiant pexdesk"
"""Header of the last column of every table pexdesk exports, holding each record's UUID.

It marks the file as pexdesk's own (a survey tool or a partner's directory has no such
column) in CSV and XLSX alike, survives « Enregistrer sous » in Excel or LibreOffice
and a copy of the sheet, and lets a later import recognise the records it already
holds. A first-line comment would break Excel's reading of a CSV file; a document
property is lost as soon as the table is saved as CSV: hence a column."""

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""The characters openpyxl's ``ILLEGAL_CHARACTERS_RE`` refuses (C0 controls but tab,
line feed and carriage return)."""


_LINE_ENDS = re.compile("\r\n?")


def clean(text: str) -> str:
    """``text`` without the control characters a spreadsheet file cannot hold, its line
    ends as line feeds."""
    return _LINE_ENDS.sub("\n", _ILLEGAL.sub("", text))


def safe_text(text: str) -> str:
    """What a text cell holds once exported: cleaned, then neutralised."""
    return neutralise(clean(text))


def restore_text(cell: str) -> str:
    """The exported text back, for a file that :func:`is_pexdesk_export` recognised:
    the one apostrophe :func:`neutralise` added is removed. Never use it on other files:
    their leading apostrophes are the user's."""
    return cell[1:] if cell.startswith(QUOTE) else cell


def is_pexdesk_export(header: Sequence[object]) -> bool:
    """True for the header row of a table pexdesk exported: one of its cells is
    :data:`MARKER_HEADER` (pexdesk puts it last; a column the user added after it, or a
    column moved, does not change what the other cells hold)."""
    return any(cell is not None and str(cell).strip() == MARKER_HEADER for cell in header)
