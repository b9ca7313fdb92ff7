"""From a file's bytes to a table of text cells, with the caps of shared/reliability.md §5.1.

Every refusal is an :class:`UnreadableFileError` with a French message, raised
before the file is parsed when the file's size or its zip directory gives it away
(a file over 20 MB, an XLSX « bomb »). Nothing here knows what the columns mean.

* CSV: UTF-8 with or without BOM, UTF-16 with BOM (Excel « Texte Unicode »), else
  Windows-1252; separator ``,`` ``;`` or tab, detected; quoted newlines kept, and so is
  a carriage return alone in a cell, quoted or not (:func:`_hide_cell_carriage_returns`).
* XLSX: the zip directory is checked first (entries, total size, compression ratio);
  then openpyxl reads one sheet with ``read_only=True, data_only=True`` (formulas give
  their last computed value, never a formula), protected by defusedxml: the sheet asked
  for by name, or else the one :func:`_default_sheet` picks (the first holding a table: a
  « Lisez-moi » or « Notes » sheet before the answers is passed over; of a tab per year,
  the latest year). The other sheets are only counted, by the caller's
  :data:`RowCounter`, so that the preview names the sheet read and a window can offer the
  others with the rows an import would read from each (:attr:`Sheet.sheets`). A formula
  Excel never computed (a file written by a script) has no value: the file is refused,
  naming the cells, rather than read as empty cells.

Row numbers are the spreadsheet's (the header is row 1): a CSV record holding a
quoted newline is still one row, as Excel or LibreOffice show it.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path, PurePath

from pexdesk.core.errors import UnreadableFileError, UnreadableSheetError
from pexdesk.core.formatting import format_number, plural
from pexdesk.core.safety.files import os_reason

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
"""Data rows (header excluded); a regional survey file holds a few thousand at most."""
MAX_COLUMNS = 1_000
MAX_CELLS = 5_000_000
"""Header and data cells together (100,000 respondents × 50 columns): bounds the memory a
file of many short cells takes once split."""
MAX_ZIP_ENTRIES = 1_000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024
"""Only entries that inflate past this size are judged by their ratio: a 2 KB style sheet
compressed to 15 bytes is no bomb, and every entry is also bounded by the total."""
EXCEL_MAX_ROWS = 1_048_576

_SNIFF_BYTES = 8_192
_SCORE_RECORDS = 200
_DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}
_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 avec BOM", "utf-16": "UTF-16",
                   "cp1252": "Windows-1252"}


@dataclass(frozen=True)
class SheetInfo:
    """One worksheet of a workbook, as a sheet picker or a message lists it.

    ``rows`` counts the rows an import would read from it, as its :data:`RowCounter` tells:
    the header and a title line above it left out, so that « 2024 (5 lignes) » announces
    the « 5 lignes lues » of the preview once the sheet is read. ``empty``: not one cell
    filled (a header alone, or a « Notes » tab, is not empty, though it has no row to
    import). Chart sheets hold no cells and are never listed."""

    name: str
    rows: int
    hidden: bool = False
    empty: bool = False

    def describe(self) -> str:
        """« « 2024 » (41 lignes) », « « Listes » (masquée, 12 lignes) », « « Feuil2 » (vide) »."""
        size = "vide" if self.empty else plural(self.rows, "ligne")
        return f"« {self.name} » ({'masquée, ' if self.hidden else ''}{size})"


@dataclass(frozen=True)
class Sheet:
    """A file read as rows of text: header row(s) first, blank rows left out.

    Cells are stripped strings, trailing empty cells dropped. ``numbers`` gives each
    record's row number in the file. ``sha256`` digests the cells only, so the same
    content saved in another encoding or with another separator has the same digest."""

    file_name: str
    kind: str  # "CSV" or "XLSX"
    records: tuple[tuple[str, ...], ...]
    numbers: tuple[int, ...]
    sha256: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet_name: str | None = None
    """XLSX: the sheet read, named when the workbook has several."""
    other_sheets: tuple[str, ...] = ()
    """XLSX: the sheets not read."""
    sheets: tuple[SheetInfo, ...] = ()
    """XLSX: every worksheet of the workbook, in its order, the one read included."""

    def describe(self) -> str:
        """« CSV, Windows-1252, séparateur point-virgule » / « XLSX » / « XLSX, feuille
        « Réponses » lue ; non lue : « Lisez-moi » »."""
        if self.kind != "CSV":
            if not self.other_sheets:
                return self.kind
            others = ", ".join(f"« {name} »" for name in self.other_sheets)
            return (f"{self.kind}, feuille « {self.sheet_name} » lue ; "
                    f"{'non lue' if len(self.other_sheets) == 1 else 'non lues'} : {others}")
        return (f"CSV, {_ENCODING_NAMES.get(self.encoding or '', self.encoding)}, "
                f"séparateur {_DELIMITER_NAMES.get(self.delimiter or '', self.delimiter)}")


def read_file(path: Path | str, sheet: str | None = None,
              count_rows: RowCounter | None = None) -> Sheet:
    """Read ``path`` (CSV or XLSX); its size is checked before a byte is read.

    ``sheet`` names the workbook's sheet to read, ``count_rows`` counts each sheet's rows
    (see :func:`read_bytes`)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UnreadableFileError(f"{path} est un dossier, pas un fichier.")
        if not path.is_file():  # a device or a pipe: its size says nothing
            raise UnreadableFileError(f"{path} n'est pas un fichier ordinaire.")
        _check_size(path.name, size)
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat()
        _check_size(path.name, len(data))
    except FileNotFoundError as exc:
        raise UnreadableFileError(f"Le fichier {path} n'existe pas.") from exc
    except PermissionError as exc:
        raise UnreadableFileError(f"Accès refusé au fichier {path}.") from exc
    except OSError as exc:
        raise UnreadableFileError(f"Impossible de lire le fichier {path} "
                                  f"({os_reason(exc)}).") from exc
    return read_bytes(data, path.name, sheet, count_rows)


def read_bytes(data: bytes, file_name: str, sheet: str | None = None,
               count_rows: RowCounter | None = None) -> Sheet:
    """Read a file's content; ``file_name`` names it in messages (and its extension is a hint).

    ``sheet`` names the sheet of a workbook to read, as its tab shows it (case and outer
    spaces aside: Excel itself refuses two sheets differing only by case); None lets
    :func:`_default_sheet` choose. A name the workbook does not have is refused with an
    :class:`UnreadableSheetError` listing its sheets; so is a name given for a CSV file,
    which has none, rather than silently reading the file whatever the caller meant.

    ``count_rows`` is the importer's :data:`RowCounter`, so that the rows listed beside
    each sheet (:attr:`Sheet.sheets`, the refusal's list) are those its preview would
    report; :func:`rows_under_header` when None."""
    file_name = PurePath(file_name).name or "fichier"
    _check_size(file_name, len(data))
    if not data.strip():
        raise UnreadableFileError(f"Le fichier {file_name} est vide.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _read_xlsx(data, file_name, sheet, count_rows or rows_under_header)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFileError(
            f"{file_name} est un classeur Excel 97-2003 (.xls) : enregistrez-le au format "
            ".xlsx ou CSV, puis importez ce fichier.")
    if data.startswith(b"%PDF"):
        raise UnreadableFileError(f"{file_name} est un document PDF, pas un tableau.")
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFileError(f"{file_name} n'est pas un classeur Excel (.xlsx) valide.")
    if sheet is not None:
        raise UnreadableFileError(
            f"{file_name} est un fichier CSV, qui n'a pas de feuilles : la feuille « {sheet} » "
            "ne peut être choisie que dans un classeur Excel (.xlsx).")
    return _read_csv(data, file_name)


def _check_size(file_name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise UnreadableFileError(
            f"{file_name} est trop volumineux ({format_number(size / 1024 / 1024, 1)} Mo ; "
            f"{MAX_FILE_BYTES // 1024 // 1024} Mo au plus).")


HEADER_SEARCH_ROWS = 10
"""A header is looked for among a file's first non-blank rows (a title, a date above it)."""
_WIDTH_ROWS = 5
"""The rows under a candidate header whose width it is compared with."""
HEADER_SCAN_ROWS = HEADER_SEARCH_ROWS + _WIDTH_ROWS
"""The first non-blank rows that decide where :func:`find_header_row` puts the header."""
_HEADER_MIN_CELLS = 2


def find_header_row(records: tuple[tuple[str, ...], ...]) -> int:
    """The index of the header among ``records``: the first row holding several non-empty
    cells and as wide as the rows below it, so that a title line above the table (« Enquête
    partenaires 2024 – export du 02/04 ») is not taken for a one-column header. Whatever
    the columns mean: any importer can use it. 0 when no row fits better than the first."""
    top = records[:HEADER_SEARCH_ROWS]
    for index, record in enumerate(top):
        filled = sum(1 for cell in record if cell)
        below = max((len(row) for row in records[index + 1:index + 1 + _WIDTH_ROWS]),
                    default=0)
        if filled >= _HEADER_MIN_CELLS and len(record) * 2 >= below:
            return index
    return 0


Rows = Iterator[tuple[int, tuple[str, ...]]]
"""A sheet's non-blank rows in order: (row number, cells as :class:`Sheet` keeps them)."""
RowCounter = Callable[[Rows], int]
"""How many of a sheet's rows an import reads: its preview's « lignes lues ». Each importer
has its own (where its header is, where its table ends), so that a sheet picker can show,
for a sheet not read, the count the preview will give once it is; it may stop consuming
the rows early, and it keeps only the first few in memory."""


def rows_under_header(rows: Rows) -> int:
    """The rows under the header :func:`find_header_row` finds: the :data:`RowCounter` of
    an import that reads every row below its header."""
    head = [record for _, record in islice(rows, HEADER_SCAN_ROWS)]
    if not head:
        return 0
    return len(head) - find_header_row(tuple(head)) - 1 + sum(1 for _ in rows)


# --- CSV ----------------------------------------------------------------------------------------

def _decode(data: bytes, file_name: str) -> tuple[str, str]:
    """The text and its encoding. Every byte order mark at the start is dropped, not only
    the one the encoding removes: a tool that read the mark as text writes it back after
    its own, and the second mark, invisible, would start the first header (« Horodateur »
    no longer recognised) in one download of an export and not in the next."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    elif b"\x00" in data:
        raise UnreadableFileError(f"{file_name} n'est pas un fichier texte (CSV) ni un "
                                  "classeur Excel (.xlsx).")
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding).lstrip("\ufeff"), encoding
        except UnicodeDecodeError:
            if encoding == "utf-8":
                _refuse_mixed_encodings(data, file_name)
            continue
    raise UnreadableFileError(f"{file_name} : encodage des caractères non reconnu (UTF-8 ou "
                              "Windows-1252 attendu).")


_LISTED_LINES = 10
_STRAY_BYTE = re.compile("[\udc80-\udcff]")
"""A byte that is not UTF-8, as ``surrogateescape`` decodes it."""


def _refuse_mixed_encodings(data: bytes, file_name: str) -> None:
    """Refuse a file that is UTF-8 (most of its accents decode as UTF-8) but for a few bytes:
    read as Windows-1252 it would be garbled throughout (« PrÃ©fecture »), so the lines
    holding the stray bytes are named instead."""
    text = data.decode("utf-8", errors="surrogateescape")
    positions = [match.start() for match in _STRAY_BYTE.finditer(text)]
    utf8_accents = len(data) - len(text)  # each one took two bytes or more, one character
    if utf8_accents < len(positions):
        return  # mostly not UTF-8: Windows-1252
    stray, line, previous = [], 1, 0
    for position in positions:
        line += text.count("\n", previous, position)
        previous = position
        if not stray or stray[-1] != line:
            stray.append(line)
    lines = ", ".join(map(str, stray[:_LISTED_LINES])) + (" …" if len(stray) > _LISTED_LINES
                                                         else "")
    raise UnreadableFileError(
        f"{file_name} mélange deux encodages : il est en UTF-8 sauf "
        f"{'la ligne' if len(stray) == 1 else 'les lignes'} {lines}, dont des caractères "
        "accentués sont illisibles (copiés d'un fichier Windows-1252 ?). Corrigez "
        f"{'cette ligne' if len(stray) == 1 else 'ces lignes'} et enregistrez le fichier en "
        "UTF-8, puis importez-le à nouveau.")


_LONE_CARRIAGE_RETURN = re.compile(r"\r(?!\n)")


def _hide_cell_carriage_returns(text: str) -> tuple[str, str | None]:
    """In a file whose lines end with a line feed (``\n`` or ``\r\n``), a carriage return
    alone is a character of its cell (left in a cell by a spreadsheet or a form), which the
    tool writing the file may or may not have quoted; the csv module would end the row
    there. The same row then read as two rows in one download and as one row in the next:
    a grown export took its header or rows for new ones and imported them again. Each such
    carriage return is swapped for a character the text lacks, returned so that
    :func:`_reader` puts it back. In an old Mac file, whose lines end with a carriage
    return (its line feeds all within quoted cells), they stay line ends."""
    if "\n" not in text or not _LONE_CARRIAGE_RETURN.search(text):
        return text, None
    if not any("\n" in unquoted for unquoted in text.split('"')[::2]):
        return text, None
    present = set(text)
    mark = next((chr(code) for code in range(0xE000, 0x110000) if chr(code) not in present),
                None)
    if mark is None:  # a file holding every character from U+E000 on: read as it was
        return text, None
    return _LONE_CARRIAGE_RETURN.sub(mark, text), mark


def _reader(text: str, delimiter: str, mark: str | None):
    """The csv module's records, ``mark`` (see :func:`_hide_cell_carriage_returns`) put
    back as the carriage return it stands for."""
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                         doublequote=True, strict=False)
    if mark is None:
        return records
    return ([cell.replace(mark, "\r") for cell in record] for record in records)


def _delimiter_score(sample: str, delimiter: str, whole: bool, mark: str | None) -> tuple:
    records = []
    try:
        for record in _reader(sample, delimiter, mark):
            if any(cell.strip() for cell in record):
                records.append(tuple(cell.strip() for cell in record))
            if len(records) > _SCORE_RECORDS:
                break
    except csv.Error:
        return (False, 0.0, 0)
    if not whole and len(records) > 1:
        records.pop()  # the sample may end inside the last record
    if not records:
        return (False, 0.0, 0)
    start = find_header_row(tuple(records))  # a title line is one cell wide
    widths = [len(record) for record in records]
    header = widths[start]
    # Shared over every record, title lines included: a separator that leaves all but the
    # last lines one cell wide (« ; » in one quoted cell of a comma file) is not the file's.
    same = sum(1 for width in widths[start:] if width == header) / len(widths)
    return (header > 1, round(same, 2), header)


def detect_delimiter(text: str, mark: str | None = None) -> str:
    """``,`` ``;`` or tab: the one giving the header several columns and the most rows of
    the header's width; csv.Sniffer's guess breaks a tie. ``mark``: see
    :func:`_hide_cell_carriage_returns`."""
    sample = text[:64 * 1024]
    whole = len(sample) == len(text)
    try:
        sniffed = csv.Sniffer().sniff(sample[:_SNIFF_BYTES], delimiters="".join(_DELIMITERS))
        guess = sniffed.delimiter
    except csv.Error:
        guess = None
    return max(_DELIMITERS,
               key=lambda d: (_delimiter_score(sample, d, whole, mark), d == guess))


_SEPARATOR_LINE = re.compile(r'^"?sep=([^"\r\n])"?[ \t]*(?:\r\n|\n|\r|$)', re.IGNORECASE)
"""« sep=; », the first line Excel writes (and reads) to name a CSV file's separator; Excel
does not show it, so the header is still row 1."""


def _read_csv(data: bytes, file_name: str) -> Sheet:
    text, encoding = _decode(data, file_name)
    separator_line = _SEPARATOR_LINE.match(text)
    if separator_line:
        text = text[separator_line.end():]
    text, mark = _hide_cell_carriage_returns(text)
    delimiter = separator_line.group(1) if separator_line else detect_delimiter(text, mark)
    keeper = _Keeper(file_name)
    number = 0
    try:
        for number, record in enumerate(_reader(text, delimiter, mark), start=1):
            keeper.keep(record, number)
    except csv.Error as exc:
        raise UnreadableFileError(_csv_error_text(file_name, number + 1, exc)) from exc
    return _sheet(keeper, "CSV", encoding, delimiter)


def _csv_error_text(file_name: str, number: int, error: csv.Error) -> str:
    """The csv module's (English) complaint, told in French."""
    if "field larger than field limit" in str(error):
        return (f"{file_name} : la ligne {number} contient une cellule de plus de "
                f"{format_number(csv.field_size_limit())} caractères, ce qui n'est pas une "
                "réponse d'enquête (guillemet jamais refermé, ou fichier endommagé ?).")
    return (f"{file_name} n'est pas un fichier CSV lisible (ligne {number} : guillemets ou "
            "caractères de contrôle mal placés).")


# --- XLSX ---------------------------------------------------------------------------------------

def check_xlsx_archive(data: bytes, file_name: str) -> None:
    """Refuse a zip whose directory announces a bomb, before anything is inflated.

    Python's zipfile never inflates an entry past the size its directory declares
    (a lying entry then fails its CRC check), so checking declared sizes is enough."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnreadableFileError(f"{file_name} n'est pas un classeur Excel (.xlsx) valide "
                                  "(archive endommagée).") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise UnreadableFileError(
                f"{file_name} est refusé : son archive contient {format_number(len(entries))} "
                f"éléments (au plus {format_number(MAX_ZIP_ENTRIES)} pour un classeur).")
        total = sum(entry.file_size for entry in entries)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UnreadableFileError(
                f"{file_name} est refusé : une fois décompressé il occuperait "
                f"{format_number(total / 1024 / 1024)} Mo (au plus "
                f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} Mo).")
        for entry in entries:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size >= RATIO_CHECK_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
                raise UnreadableFileError(
                    f"{file_name} est refusé : un de ses éléments est compressé "
                    f"{format_number(ratio)} fois (au plus {MAX_COMPRESSION_RATIO}), "
                    "signe d'une « bombe » de décompression.")
        names = {entry.filename for entry in entries}
        if "xl/workbook.xml" not in names:
            what = ("un document OpenDocument (.ods ou .odt)" if "mimetype" in names
                    else "une archive zip")
            raise UnreadableFileError(f"{file_name} est {what}, pas un classeur Excel (.xlsx) : "
                                      "enregistrez-le au format .xlsx ou CSV.")


def _read_xlsx(data: bytes, file_name: str, wanted: str | None,
               count_rows: RowCounter) -> Sheet:
    check_xlsx_archive(data, file_name)
    import openpyxl  # imported here: CSV-only uses and the CLI's start-up stay light

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # « no default style », unsupported extensions…
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                # Chart sheets hold no cells: only worksheets can be read or listed (and
                # ``sheetnames``, which counts chart sheets too, must not name them).
                worksheets = workbook.worksheets
                if not worksheets:
                    raise UnreadableFileError(f"{file_name} ne contient que des graphiques, "
                                              "aucune feuille de cellules.")
                if wanted is None:
                    chosen, keeper, sheets = _default_sheet(worksheets, file_name, count_rows)
                else:
                    chosen, keeper, sheets = _named_sheet(worksheets, wanted, file_name,
                                                          workbook.sheetnames, count_rows)
            finally:
                workbook.close()
            name = sheets[chosen].name
            try:
                if isinstance(keeper, UnreadableFileError):
                    raise keeper  # over a cap: only now known to be the sheet read
                if not keeper.records and wanted is not None:
                    raise UnreadableFileError(f"La feuille « {name} » du classeur {file_name} "
                                              "ne contient aucune ligne.")
                if _has_formulas(data):
                    _refuse_formulas_without_value(data, chosen, keeper)
            except UnreadableFileError as exc:
                raise UnreadableSheetError(str(exc), sheets, name) from exc
    except UnreadableFileError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl on a damaged file: KeyError, XML errors, IndexError…
        raise UnreadableFileError(f"{file_name} n'est pas un classeur Excel (.xlsx) lisible "
                                  f"({type(exc).__name__}).") from exc
    return _sheet(keeper, "XLSX", None, None, name,
                  tuple(info.name for index, info in enumerate(sheets) if index != chosen),
                  sheets)


def _worksheet_rows(worksheet):
    worksheet.reset_dimensions()  # the declared size may lie: read what is there
    rows = worksheet.iter_rows(min_row=1, max_row=EXCEL_MAX_ROWS, values_only=True)
    return enumerate(rows, start=1)


def _is_hidden(worksheet) -> bool:
    return getattr(worksheet, "sheet_state", "visible") != "visible"


class _Scan:
    """One worksheet read once: its rows counted by the importer's :data:`RowCounter`, its
    first rows looked at (:meth:`holds_a_table`), and its cells kept only when it may be
    the sheet read (``keep``): a sheet not read is only listed. A cap refusal waits until
    the sheet is known to be the one read: a huge sheet nobody imports must not refuse
    the workbook."""

    def __init__(self, worksheet, file_name: str, count_rows: RowCounter, keep: bool):
        self.keeper: _Keeper | UnreadableFileError | None = _Keeper(file_name) if keep else None
        self.head: list[tuple[str, ...]] = []
        self.filled = 0
        """Its non-blank rows."""
        rows = self._rows(worksheet)
        counted = count_rows(rows)
        for _ in rows:  # the counter may stop at its table's end: the cells are still kept
            pass
        self.info = SheetInfo(worksheet.title, counted, _is_hidden(worksheet), not self.filled)

    def _rows(self, worksheet) -> Rows:
        for number, values in _worksheet_rows(worksheet):
            record = _trim(_cell_text(value) for value in values[:MAX_COLUMNS + 1])
            if not record:
                continue
            self.filled += 1
            if len(self.head) <= HEADER_SEARCH_ROWS:
                self.head.append(record)
            if isinstance(self.keeper, _Keeper):
                try:
                    self.keeper.add(record, number)
                except UnreadableFileError as exc:
                    self.keeper = exc
            yield number, record

    def holds_a_table(self) -> bool:
        """A row of two filled cells or more, among the first ones, with a row under it:
        a header over data. A « Notes » sheet of sentences in column A holds none."""
        return any(sum(1 for cell in row if cell) >= _HEADER_MIN_CELLS
                   for row in self.head[:-1][:HEADER_SEARCH_ROWS])

    @property
    def rank(self) -> int:
        """How good a default it is, best first: a table (0), two rows or more (2), one
        row (4), nothing (6); one more for a hidden sheet."""
        found = (0 if self.holds_a_table() else 2 if self.filled > 1
                 else 4 if self.filled else 6)
        return found + int(self.info.hidden)


_YEAR = re.compile(r"(?<![0-9])20[0-9]{2}(?![0-9])")


def sheet_year(name: str) -> int | None:
    """The year a sheet is named by: « 2024 », « Enquête 2024 », « Retours_2025 (v2) »;
    None without one, or with two (« 2023-2024 »: which one would it be?)."""
    years = _YEAR.findall(name)
    return int(years[0]) if len(years) == 1 else None


def _default_sheet(worksheets, file_name: str, count_rows: RowCounter):
    """The sheet read when none is named: the first visible sheet holding a table
    (:meth:`_Scan.holds_a_table`); failing that, the first with a row under its first
    one; failing that, the first non-empty one (hidden sheets after visible ones at each
    step); failing that, the first sheet, refused as empty. But when two or more of the
    sheets holding a table at the first step are named by a year (:func:`sheet_year`),
    the one of the latest year (the first of them for a tie).

    Why the first: KoboToolbox puts the main table first and each repeat group on a sheet
    after it; LimeSurvey, Google and Microsoft Forms export one sheet; an officer's
    workbook puts its « Notes » or « Lisez-moi » tab first, which holds sentences, not a
    table (the rule before the sheet picker, « the first sheet with two rows », read such
    a tab as the answers). Why the latest year: a workbook of a tab per year (« 2023 »,
    « 2024 », « 2025 », or « Enquête 2024 »…) is opened to import the last campaign, and
    its tabs are not always in order; one sheet named by a year among others (a form
    titled « Enquête 2024 » and its repeat groups) is no such workbook.

    Each sheet is read once: cells are kept only while the sheet may still be the one
    chosen (once a visible table is found, the sheets after it are only counted, but for
    one named by a later year). Returns (index, its :class:`_Keeper` or its cap refusal,
    every sheet's :class:`SheetInfo`)."""
    first: tuple[int, int, _Scan] | None = None  # (rank, index, scan) of the best rank
    latest: tuple[int, int, _Scan] | None = None  # (year, index, scan): its tables by year
    dated = 0  # how many of its tables are named by a year
    sheets = []
    for index, worksheet in enumerate(worksheets):
        hidden, year = int(_is_hidden(worksheet)), sheet_year(worksheet.title)
        may_win = (first is None or hidden < first[0]
                   or (year is not None and hidden == first[0] <= 1
                       and (latest is None or year > latest[0])))
        scan = _Scan(worksheet, file_name, count_rows, keep=may_win)
        sheets.append(scan.info)
        if first is None or scan.rank < first[0]:
            first, latest, dated = (scan.rank, index, scan), None, 0
        if year is not None and scan.rank == first[0] <= 1:
            dated += 1
            if latest is None or year > latest[0]:
                latest = (year, index, scan)
    if first is None or first[0] >= 6:  # no row anywhere: the first sheet, refused as empty
        return 0, _Keeper(file_name), tuple(sheets)
    _, index, scan = latest if latest is not None and dated > 1 else first
    return index, scan.keeper, tuple(sheets)


def _named_sheet(worksheets, wanted: str, file_name: str, all_names: list[str],
                 count_rows: RowCounter):
    """The sheet named ``wanted`` (:func:`find_sheet`), read; the others counted."""
    chosen = find_sheet([worksheet.title for worksheet in worksheets], wanted)
    scans = [_Scan(worksheet, file_name, count_rows, keep=index == chosen)
             for index, worksheet in enumerate(worksheets)]
    sheets = tuple(scan.info for scan in scans)
    if chosen is None:
        chart = find_sheet(all_names, wanted)
        if chart is not None:
            what = (f"La feuille « {all_names[chart]} » du classeur {file_name} est un "
                    "graphique, sans cellules à importer.")
        else:
            what = f"Le classeur {file_name} n'a pas de feuille « {wanted} »."
        raise UnreadableSheetError(f"{what} {sheet_list_text(sheets)}", sheets, wanted)
    return chosen, scans[chosen].keeper, sheets


def _loose(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


def find_sheet(names: list[str] | tuple[str, ...], wanted: str) -> int | None:
    """The index of the sheet ``wanted`` among ``names``: the same name, else the only one
    equal to it but for case, outer spaces and Unicode normalisation (a name typed in a
    terminal); None when there is none."""
    if wanted in names:
        return list(names).index(wanted)
    loose = [index for index, name in enumerate(names) if _loose(name) == _loose(wanted)]
    return loose[0] if len(loose) == 1 else None


def sheet_list_text(sheets: tuple[SheetInfo, ...]) -> str:
    """« Feuilles du classeur : « Notes » (3 lignes), « 2024 » (41 lignes). »: what a
    message refusing a sheet offers instead (the command line has no other way to list
    them)."""
    label = "Feuille du classeur" if len(sheets) == 1 else "Feuilles du classeur"
    return f"{label} : {', '.join(info.describe() for info in sheets)}."


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >]")


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(_FORMULA_TAG.search(archive.read(name)) for name in archive.namelist()
                   if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def _refuse_formulas_without_value(data: bytes, sheet_index: int, keeper: _Keeper) -> None:
    """A formula cell without a stored result reads as empty: refuse the file, naming the
    cells, rather than import answers that are silently missing. Reads the sheet a second
    time, formulas as written, only when the workbook holds formulas."""
    import openpyxl

    values = dict(zip(keeper.numbers, keeper.records))
    header = keeper.records[0] if keeper.records else ()
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        cells, count = [], 0
        for number, row in _worksheet_rows(workbook.worksheets[sheet_index]):
            read = values.get(number, ())
            for index, value in enumerate(row[:MAX_COLUMNS]):
                if isinstance(value, str) and value.startswith("=") and \
                        not (index < len(read) and read[index]):
                    count += 1
                    if count <= _LISTED_LINES:
                        title = (f" (« {header[index]} »)"
                                 if index < len(header) and header[index] else "")
                        cells.append(f"{column_letter(index)}{number}{title}")
    finally:
        workbook.close()
    if cells:
        listed = ", ".join(cells) + (" …" if count > _LISTED_LINES else "")
        raise UnreadableFileError(
            f"{keeper.file_name} : formule sans valeur enregistrée "
            f"({'cellule' if count == 1 else 'cellules'} {listed}) : ouvrez le fichier dans "
            "Excel ou LibreOffice et enregistrez-le (les formules seront calculées), puis "
            "importez-le à nouveau.")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


# --- common -------------------------------------------------------------------------------------

class _Keeper:
    """Collects the non-blank records of a file, refusing it past the caps."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        self.records: list[tuple[str, ...]] = []
        self.numbers: list[int] = []
        self.cells = 0

    def keep(self, record, number: int) -> None:
        cells = _trim(record)
        if cells:
            self.add(cells, number)

    def add(self, cells: tuple[str, ...], number: int) -> None:
        """Keep a record already trimmed (:func:`_trim`) and not blank."""
        if len(cells) > MAX_COLUMNS:
            raise UnreadableFileError(f"{self.file_name} : la ligne {number} compte plus de "
                                      f"{format_number(MAX_COLUMNS)} colonnes.")
        if len(self.records) > MAX_ROWS:  # header + MAX_ROWS data rows already kept
            raise UnreadableFileError(f"{self.file_name} compte plus de "
                                      f"{format_number(MAX_ROWS)} lignes : découpez-le en "
                                      "plusieurs fichiers.")
        self.cells += len(cells)
        if self.cells > MAX_CELLS:
            raise UnreadableFileError(f"{self.file_name} compte plus de "
                                      f"{format_number(MAX_CELLS)} cellules : découpez-le en "
                                      "plusieurs fichiers.")
        self.records.append(cells)
        self.numbers.append(number)


def _trim(record) -> tuple[str, ...]:
    """A record's cells as a :class:`Sheet` keeps them: stripped, the empty ones at its end
    dropped (none left: a blank row)."""
    cells = [cell.strip() for cell in record]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def column_letter(index: int) -> str:
    """The spreadsheet's name of column ``index`` (from 0): A, B … Z, AA, AB…"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def content_digest(records) -> str:
    """SHA-256 of the cells, independent of encoding, separator and line endings."""
    digest = hashlib.sha256()
    for record in records:
        digest.update(f"{len(record)}\n".encode())
        for cell in record:
            data = cell.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8", "replace")
            digest.update(f"{len(data)}:".encode())
            digest.update(data)
    return digest.hexdigest()


def _sheet(keeper: _Keeper, kind: str, encoding: str | None, delimiter: str | None,
           sheet_name: str | None = None, other_sheets: tuple[str, ...] = (),
           sheets: tuple[SheetInfo, ...] = ()) -> Sheet:
    if not keeper.records:
        error = UnreadableFileError(f"Le fichier {keeper.file_name} ne contient aucune ligne.")
        if sheets:
            error = UnreadableSheetError(str(error), sheets, sheet_name)
        raise error
    return Sheet(keeper.file_name, kind, tuple(keeper.records), tuple(keeper.numbers),
                 content_digest(keeper.records), encoding, delimiter, sheet_name, other_sheets,
                 sheets)
