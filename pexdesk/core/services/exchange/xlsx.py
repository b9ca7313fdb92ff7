"""XLSX writer (openpyxl, write-only mode: 100,000 rows in bounded memory).

Cells are typed: numbers are numbers, dates are dates (shown « 15/03/2025 », months
« mars 2025 »), text is cleaned by :mod:`.cells` and stored as a string cell whatever it
looks like (openpyxl would otherwise read a text starting with ``=`` as a formula). A
string cell is never run as a formula, so it is not neutralised: « -12 » or « =1+1 » are
shown as typed, with no apostrophe (CSV, which has no cell types, is neutralised). The header row is bold on a coloured fill and frozen, columns have widths
and an automatic filter. The workbook's properties say pexdesk wrote it (creator, and
the custom property :data:`PROPERTY` naming the table and the format version); the
file's marker for an import is the column :data:`~.cells.MARKER_HEADER`, which a CSV
saved from it keeps too.
"""

from __future__ import annotations

from datetime import date
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from pexdesk import __version__
from pexdesk.core.services.exchange.cells import clean
from pexdesk.core.services.exchange.tables import Kind, Sheet, Table, display

FORMAT_VERSION = 1
PROPERTY = "pexdesk-export"
"""Custom document property: ``<table>;<format version>``, e.g. ``partners;1``."""

DATE_FORMAT = "dd/mm/yyyy"
MONTH_FORMAT = "mmmm yyyy"
INTEGER_FORMAT = "#,##0"
"""Shown « 1 234 » by a French Excel (the file holds the US pattern, Excel localises it)."""

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="thin", color="000000"))

MIN_WIDTH, MAX_WIDTH = 8, 60
_WIDTH_SAMPLE = 200
"""Rows looked at to size a column without a set width."""
_KIND_WIDTHS = {Kind.DATE: 12, Kind.MONTH: 15}


def write_xlsx(table: Table, handle: BinaryIO) -> None:
    """Write ``table`` (all its sheets) as an XLSX workbook to the open file ``handle``."""
    workbook = Workbook(write_only=True)
    for sheet in table.sheets:
        _write_sheet(workbook, sheet)
    properties = workbook.properties
    properties.creator = "pexdesk"
    properties.lastModifiedBy = "pexdesk"
    properties.title = f"pexdesk – {table.label}"
    properties.description = f"Exporté par pexdesk {__version__}"
    workbook.custom_doc_props.append(StringProperty(name=PROPERTY,
                                                    value=f"{table.name};{FORMAT_VERSION}"))
    workbook.save(handle)


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    worksheet = workbook.create_sheet(sheet.title)
    worksheet.freeze_panes = "A2"
    for index, width in enumerate(_widths(sheet), start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    last_column = get_column_letter(max(len(sheet.columns), 1))
    worksheet.auto_filter.ref = f"A1:{last_column}{len(sheet.rows) + 1}"

    header = []
    for title in sheet.headers:
        cell = _text_cell(worksheet, clean(title))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment, cell.border = HEADER_ALIGNMENT, HEADER_BORDER
        header.append(cell)
    worksheet.append(header)
    kinds = [column.kind for column in sheet.columns]
    for values in sheet.values():
        worksheet.append([_cell(worksheet, kind, value) for kind, value in zip(kinds, values)])


def _text_cell(worksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=text)
    cell.data_type = "s"  # a string, never a formula, whatever it starts with
    return cell


def _cell(worksheet, kind: Kind, value: object):
    shown = display(kind, value)
    if shown is None or shown == "":
        return None  # an empty cell, not an empty string
    if isinstance(shown, str):
        return _text_cell(worksheet, clean(shown))
    if isinstance(shown, date):
        cell = WriteOnlyCell(worksheet, value=shown)
        cell.number_format = MONTH_FORMAT if kind is Kind.MONTH else DATE_FORMAT
        return cell
    if kind is Kind.INTEGER:
        cell = WriteOnlyCell(worksheet, value=shown)
        cell.number_format = INTEGER_FORMAT
        return cell
    return shown  # a plain number: General format


def _widths(sheet: Sheet) -> list[float]:
    """Each column's width: the set one, or enough for the header and the first rows."""
    sample = [values for _, values in zip(range(_WIDTH_SAMPLE), sheet.values())]
    widths = []
    for index, column in enumerate(sheet.columns):
        if column.width is not None:
            widths.append(column.width)
            continue
        if column.kind in _KIND_WIDTHS:
            widths.append(max(_KIND_WIDTHS[column.kind], _header_width(column.header)))
            continue
        longest = max((len(str(display(column.kind, row[index]) or "")) for row in sample),
                      default=0)
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2, _header_width(column.header))))
    return widths


def _header_width(header: str) -> int:
    """Headers wrap: the longest word decides, plus a margin for the filter button."""
    return min(MAX_WIDTH, max((len(word) for word in header.split()), default=0) + 4)
