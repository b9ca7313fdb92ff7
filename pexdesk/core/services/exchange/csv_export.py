"""CSV writer for a French Excel: UTF-8 with a BOM (else Excel reads Windows-1252), ``;``
between cells (the comma is the decimal separator), CRLF line ends, RFC 4180 quoting.

Dates are written « 15/03/2025 » (a month as its first day), decimals with a comma
(« 12,5 »), yes/no as « Oui »/« Non »; text is made safe by :mod:`.cells`. A real
negative number stays a number (« -12 »): only text is ever prefixed. Only the table's
first sheet is written (the XLSX file adds other views). The table's last column,
:data:`~.cells.MARKER_HEADER`, marks the file as pexdesk's.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from pexdesk.core.services.exchange.cells import safe_text
from pexdesk.core.services.exchange.tables import Kind, Sheet, Table, display

ENCODING = "utf-8-sig"
DELIMITER = ";"
LINE_END = "\r\n"
DATE_FORMAT = "%d/%m/%Y"


def cell_text(kind: Kind, value: object) -> str:
    """A typed value as the CSV cell holds it."""
    shown = display(kind, value)
    if shown is None:
        return ""
    if isinstance(shown, str):
        return safe_text(shown)
    if isinstance(shown, date):
        return shown.strftime(DATE_FORMAT)
    if isinstance(shown, float):
        return decimal_text(shown)
    return str(shown)


def decimal_text(value: float) -> str:
    """« 12 », « 12,5 », « -0,25 »: the shortest text that reads back as ``value``, with a
    decimal comma and never an exponent."""
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f").replace(".", ",")


def write_csv(table: Table, handle: BinaryIO) -> None:
    handle.write(csv_bytes(table.sheet))


def csv_bytes(sheet: Sheet) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator=LINE_END,
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([safe_text(header) for header in sheet.headers])
    kinds = [column.kind for column in sheet.columns]
    for values in sheet.values():
        writer.writerow([cell_text(kind, value) for kind, value in zip(kinds, values)])
    return buffer.getvalue().encode(ENCODING)
