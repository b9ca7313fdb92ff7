"""Reading CSV and XLSX files: encodings, separators, quoted newlines, and the caps that
refuse a hostile file before it is parsed (shared/reliability.md §5.1)."""

from __future__ import annotations

import codecs
import importlib
import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from pexdesk.core.errors import UnreadableFileError
from pexdesk.core.services.importing import reading
from pexdesk.core.services.importing.reading import read_bytes, read_file

ROWS = [["Vous représentez", "Département", "Commentaire"],
        ["Bailleur social", "Ille-et-Vilaine", "Très bien, merci ; à suivre"],
        ["CAF", "29", "RAS"]]


def csv_bytes(rows, delimiter=",", encoding="utf-8", bom=b"", newline="\r\n") -> bytes:
    def cell(value):
        if any(ch in value for ch in (delimiter, '"', "\n", ",", ";")):
            return '"' + value.replace('"', '""') + '"'
        return value
    text = "".join(delimiter.join(cell(v) for v in row) + newline for row in rows)
    return bom + text.encode(encoding)


# --- CSV: encodings and separators --------------------------------------------------------------

@pytest.mark.parametrize("encoding, bom, expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("cp1252", b"", "cp1252"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_encodings_and_separators(encoding, bom, expected, delimiter):
    sheet = read_bytes(csv_bytes(ROWS, delimiter, encoding, bom), "export.csv")
    assert (sheet.kind, sheet.encoding, sheet.delimiter) == ("CSV", expected, delimiter)
    assert [list(r) for r in sheet.records] == ROWS
    assert sheet.numbers == (1, 2, 3)


def test_same_cells_same_digest_whatever_the_encoding_or_separator():
    digests = {read_bytes(csv_bytes(ROWS, d, e, b), "x.csv").sha256
               for d in (",", ";", "\t") for e, b in (("utf-8", b""), ("cp1252", b""),
                                                      ("utf-8", codecs.BOM_UTF8))}
    assert len(digests) == 1
    changed = [ROWS[0], ROWS[1], ["CAF", "29", "RAS."]]
    assert read_bytes(csv_bytes(changed), "x.csv").sha256 not in digests


def test_quoted_newlines_stay_in_their_cell_and_rows_count_as_a_spreadsheet_does():
    data = ('Vous représentez;Commentaire\r\nCAF;"Ligne 1\r\nLigne 2\r\n""cité"""\r\n'
            '\r\nCCAS;fin\r\n').encode("utf-8")
    sheet = read_bytes(data, "x.csv")
    assert sheet.records == (("Vous représentez", "Commentaire"),
                             ("CAF", 'Ligne 1\r\nLigne 2\r\n"cité"'), ("CCAS", "fin"))
    assert sheet.numbers == (1, 2, 4)  # the blank row 3 is skipped, not renumbered


def test_separator_inside_quoted_text_does_not_fool_detection():
    rows = [["Catégorie", "Note", "Commentaire"]] + [
        ["CAF", "4", "Bien ; très bien ; parfait, oui"]] * 20
    assert read_bytes(csv_bytes(rows, ","), "x.csv").delimiter == ","
    rows = [["Catégorie", "Note", "Commentaire"]] + [["CAF", "4", "Bien, très bien, parfait"]] * 20
    assert read_bytes(csv_bytes(rows, ";"), "x.csv").delimiter == ";"


def test_a_separator_on_the_last_line_only_does_not_fool_detection():
    """« ; » on the last line only (after a stray carriage return) made every line above it
    a one-cell « title » and « ; » the file's separator: the file read as no response."""
    data = "Catégorie,Note,Commentaire\nCAF,4,RAS\nCCAS,5,Bien\n0\r0;,,\n".encode("utf-8")
    sheet = read_bytes(data, "x.csv")
    assert sheet.delimiter == ","
    assert sheet.records[:3] == (("Catégorie", "Note", "Commentaire"), ("CAF", "4", "RAS"),
                                 ("CCAS", "5", "Bien"))


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_a_carriage_return_alone_in_a_cell_stays_in_it_quoted_or_not(newline):
    """Excel or a form may leave a carriage return in a cell, and not every tool quotes it:
    read as a line end, it cut the row in two in one download of an export and not in the
    next, which then took the row for a new one."""
    rows = [["Horodateur\r", "Vous représentez", "Commentaire"],
            ["14/03/2024", "CAF", "Bien\rmerci"], ["15/03/2024", "CCAS\r", "RAS"]]

    def written(cell):
        return "".join(",".join(map(cell, row)) + newline for row in rows).encode()

    quoted = read_bytes(written(lambda value: f'"{value}"'), "x.csv")
    unquoted = read_bytes(written(str), "x.csv")
    assert quoted.records == unquoted.records == (
        ("Horodateur", "Vous représentez", "Commentaire"), ("14/03/2024", "CAF", "Bien\rmerci"),
        ("15/03/2024", "CCAS", "RAS"))
    assert unquoted.numbers == (1, 2, 3) and unquoted.sha256 == quoted.sha256
    assert unquoted.delimiter == ","


def test_an_old_mac_file_still_ends_its_lines_with_carriage_returns():
    """Excel's « CSV (Macintosh) »: lines end with a carriage return, a line break within a
    cell is a line feed, quoted."""
    data = 'Vous représentez;Commentaire\rCAF;"Ligne 1\nLigne 2"\rCCAS;RAS\r'.encode()
    sheet = read_bytes(data, "x.csv")
    assert sheet.records == (("Vous représentez", "Commentaire"), ("CAF", "Ligne 1\nLigne 2"),
                             ("CCAS", "RAS"))
    assert sheet.delimiter == ";"


def test_trailing_empty_cells_and_blank_lines_are_dropped():
    sheet = read_bytes(b"a;b;;;\r\n1;2;;;\r\n;;;;\r\n\r\n", "x.csv")
    assert sheet.records == (("a", "b"), ("1", "2"))


@pytest.mark.parametrize("encoding, bom", [("utf-8", codecs.BOM_UTF8),
                                           ("utf-16-le", codecs.BOM_UTF16_LE)])
def test_a_second_byte_order_mark_is_not_read_as_the_first_header(encoding, bom):
    once = read_bytes(csv_bytes(ROWS, encoding=encoding, bom=bom), "x.csv")
    twice = read_bytes(bom + csv_bytes(ROWS, encoding=encoding, bom=bom), "x.csv")
    assert twice.records == once.records and twice.records[0][0] == "Vous représentez"
    assert twice.sha256 == once.sha256


def test_a_utf8_file_with_a_few_windows_1252_bytes_is_refused_naming_their_lines():
    data = ("Catégorie;Commentaire\nPréfecture;Échanges utiles\n".encode("utf-8")
            + "CAF;café crème\n".encode("cp1252"))
    with pytest.raises(UnreadableFileError) as error:
        read_bytes(data, "x.csv")
    assert str(error.value) == (
        "x.csv mélange deux encodages : il est en UTF-8 sauf la ligne 3, dont des caractères "
        "accentués sont illisibles (copiés d'un fichier Windows-1252 ?). Corrigez cette ligne et "
        "enregistrez le fichier en UTF-8, puis importez-le à nouveau.")


@pytest.mark.parametrize("first_line", ["sep=;\r\n", "SEP=;\n", '"sep=;"\n'])
def test_excel_separator_line_is_honoured_and_not_a_row(first_line):
    data = (first_line + "Vous représentez;Commentaire\nCAF;bien, merci\n").encode("utf-8")
    sheet = read_bytes(data, "x.csv")
    assert sheet.delimiter == ";"
    assert sheet.records == (("Vous représentez", "Commentaire"), ("CAF", "bien, merci"))
    assert sheet.numbers == (1, 2)


def test_an_oversized_cell_is_refused_in_french():
    data = b'Categorie,Commentaire\nCAF,"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(UnreadableFileError) as error:
        read_bytes(data, "x.csv")
    assert str(error.value) == (
        "x.csv : la ligne 2 contient une cellule de plus de 131\u202f072 caractères, ce qui "
        "n'est pas une réponse d'enquête (guillemet jamais refermé, ou fichier endommagé ?).")


@pytest.mark.parametrize("data, message", [
    (b"", "Le fichier x.csv est vide."),
    (b"   \r\n\r\n", "Le fichier x.csv est vide."),
    (b"a,b\x00c\n", "x.csv n'est pas un fichier texte (CSV) ni un classeur Excel (.xlsx)."),
    (b"Cat\xe9gorie,\x81\x8d\n", "x.csv : encodage des caractères non reconnu (UTF-8 ou "
                                "Windows-1252 attendu)."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
     "x.csv est un classeur Excel 97-2003 (.xls) : enregistrez-le au format .xlsx ou CSV, "
     "puis importez ce fichier."),
    (b"%PDF-1.7\n", "x.csv est un document PDF, pas un tableau."),
])
def test_unusable_files_are_refused_in_french(data, message):
    with pytest.raises(UnreadableFileError) as error:
        read_bytes(data, "x.csv")
    assert str(error.value) == message


def test_missing_file_directory_and_device(tmp_path):
    with pytest.raises(UnreadableFileError, match="n'existe pas"):
        read_file(tmp_path / "absent.csv")
    with pytest.raises(UnreadableFileError, match="est un dossier"):
        read_file(tmp_path)
    if Path("/dev/zero").exists():  # endless, and its size is 0
        with pytest.raises(UnreadableFileError, match="n'est pas un fichier ordinaire"):
            read_file("/dev/zero")


def test_a_file_over_20_mb_is_refused_before_being_read(tmp_path, monkeypatch):
    path = tmp_path / "enorme.csv"
    with open(path, "wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)  # sparse: nothing is really written
    monkeypatch.setattr(reading, "open", lambda *a: pytest.fail("file was opened"),
                        raising=False)
    with pytest.raises(UnreadableFileError) as error:
        read_file(path)
    assert str(error.value) == "enorme.csv est trop volumineux (20,0 Mo ; 20 Mo au plus)."


def test_row_and_column_caps(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    ok = "\n".join(["a,b"] + ["1,2"] * 10).encode()
    assert len(read_bytes(ok, "x.csv").records) == 11
    with pytest.raises(UnreadableFileError) as error:
        read_bytes(ok + b"\n1,2\n", "x.csv")
    assert str(error.value) == "x.csv compte plus de 10 lignes : découpez-le en plusieurs fichiers."
    monkeypatch.setattr(reading, "MAX_COLUMNS", 5)
    with pytest.raises(UnreadableFileError) as error:
        read_bytes(b"a,b,c,d,e,f\n", "x.csv")
    assert str(error.value) == "x.csv : la ligne 1 compte plus de 5 colonnes."
    monkeypatch.setattr(reading, "MAX_CELLS", 8)
    assert len(read_bytes(b"a,b\n1,2\n3,4\n5,6\n", "x.csv").records) == 4
    with pytest.raises(UnreadableFileError) as error:
        read_bytes(b"a,b\n1,2\n3,4\n5,6\n7\n", "x.csv")
    assert str(error.value) == ("x.csv compte plus de 8 cellules : découpez-le en plusieurs "
                                "fichiers.")


# --- XLSX ---------------------------------------------------------------------------------------

def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict | None = None) -> bytes:
    """Copy an xlsx, replacing or adding entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename,
                                                               source.read(info.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def test_xlsx_cells_as_text(microsoft_forms_xlsx):
    sheet = read_file(microsoft_forms_xlsx)
    assert (sheet.kind, sheet.encoding, sheet.delimiter) == ("XLSX", None, None)
    assert sheet.records[1][:8] == ("1", "45366.43", "45366.4375", "anonymous", "", "",
                                    "Bailleur social", "35")
    assert sheet.records[3][1:3] == ("2024-03-18 09:00:05", "2024-03-18 09:07:41")
    assert sheet.records[3][12] == "=SOMME(A1:A3) n'est pas une formule"
    assert sheet.numbers == (1, 2, 3, 4, 5, 6)


def test_xlsx_formulas_without_a_cached_value_are_refused_naming_the_cells():
    data = xlsx_bytes([["Note", "Calcul"], [4, "=1+1"], [5, "=2+2"]])
    with pytest.raises(UnreadableFileError) as error:
        read_bytes(data, "x.xlsx")
    assert str(error.value) == (
        "x.xlsx : formule sans valeur enregistrée (cellules B2 (« Calcul »), B3 (« Calcul »)) : "
        "ouvrez le fichier dans Excel ou LibreOffice et enregistrez-le (les formules seront "
        "calculées), puis importez-le à nouveau.")


def test_xlsx_formulas_give_their_cached_value_never_a_formula():
    data = xlsx_bytes([["Note", "Calcul"], [4, "=1+1"]])
    cached = data_with_cached_value(data, b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>")
    assert read_bytes(cached, "x.xlsx").records == (("Note", "Calcul"), ("4", "2"))


def data_with_cached_value(data: bytes, formula: bytes, cached: bytes) -> bytes:
    """What Excel saves: the formula and the value it computed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert formula in sheet
    return rezip(data, replace={"xl/worksheets/sheet1.xml": sheet.replace(formula, cached)})


def test_a_workbook_whose_first_sheet_has_no_rows_is_read_from_the_sheet_that_has():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Lisez-moi"
    workbook.active.append(["Export du 01/03"])
    answers = workbook.create_sheet("Réponses")
    for row in (["Vous représentez", "Note"], ["CAF", 4]):
        answers.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = read_bytes(buffer.getvalue(), "x.xlsx")
    assert sheet.records == (("Vous représentez", "Note"), ("CAF", "4"))
    assert sheet.describe() == "XLSX, feuille « Réponses » lue ; non lue : « Lisez-moi »"


def test_defusedxml_guards_openpyxl():
    importlib.import_module("defusedxml")  # a hard dependency: openpyxl is unsafe without it
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_xml_entity_bomb_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
            b'</sheetData></worksheet>')
    data = rezip(xlsx_bytes([["a"]]), replace={"xl/worksheets/sheet1.xml": bomb})
    with pytest.raises(UnreadableFileError) as error:
        read_bytes(data, "bombe.xlsx")
    assert str(error.value).startswith("bombe.xlsx n'est pas un classeur Excel (.xlsx) lisible")


def _refused_without_inflating(data: bytes, monkeypatch) -> str:
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("opened"))
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFileError) as error:
            read_bytes(data, "bombe.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, peak
    return str(error.value)


def test_zip_bomb_by_compression_ratio(monkeypatch):
    data = rezip(xlsx_bytes([["a"]]), add={"xl/media/zeros.bin": b"\x00" * (30 * 1024 * 1024)})
    assert len(data) < 100_000
    message = _refused_without_inflating(data, monkeypatch)
    assert message.startswith("bombe.xlsx est refusé : un de ses éléments est compressé ")
    assert message.endswith("fois (au plus 100), signe d'une « bombe » de décompression.")


def test_zip_bomb_by_total_size(monkeypatch):
    chunk = b"\x00" * (60 * 1024 * 1024)
    data = rezip(xlsx_bytes([["a"]]), add={"xl/media/a.bin": chunk, "xl/media/b.bin": chunk})
    message = _refused_without_inflating(data, monkeypatch)
    assert message.startswith("bombe.xlsx est refusé : une fois décompressé il occuperait ")


def test_zip_with_too_many_entries(monkeypatch):
    data = rezip(xlsx_bytes([["a"]]), add={f"xl/media/{i}.txt": b"x" for i in range(1001)})
    message = _refused_without_inflating(data, monkeypatch)
    assert message.startswith("bombe.xlsx est refusé : son archive contient 1")
    assert message.endswith("éléments (au plus 1\u202f000 pour un classeur).")


def test_an_entry_lying_about_its_size_cannot_inflate_past_it(monkeypatch):
    """The directory says 200 bytes; the data inflates to 30 MB: zipfile stops at the
    declared size and the CRC check fails."""
    big = b"<x>" + b" " * (30 * 1024 * 1024) + b"</x>"
    data = bytearray(rezip(xlsx_bytes([["a"]]), replace={"xl/worksheets/sheet1.xml": big}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    declared = len(big).to_bytes(4, "little")
    assert data.count(declared) == 2  # local header and central directory
    data = bytes(data).replace(declared, (200).to_bytes(4, "little"))
    assert info.file_size == len(big)
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFileError):
            read_bytes(data, "menteur.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, peak


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04 pas vraiment un zip", "x.xlsx n'est pas un classeur Excel (.xlsx) valide "
                                        "(archive endommagée)."),
    (b"Vous representez;Note\nCAF;4\n", "x.xlsx n'est pas un classeur Excel (.xlsx) valide."),
])
def test_not_an_xlsx(data, message):
    with pytest.raises(UnreadableFileError) as error:
        read_bytes(data, "x.xlsx")
    assert str(error.value) == message


def test_an_opendocument_or_plain_zip_is_not_an_xlsx():
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(UnreadableFileError) as error:
        read_bytes(ods.getvalue(), "x.ods")
    assert str(error.value) == ("x.ods est un document OpenDocument (.ods ou .odt), pas un "
                                "classeur Excel (.xlsx) : enregistrez-le au format .xlsx ou CSV.")


def test_truncated_xlsx_is_refused(microsoft_forms_xlsx):
    data = microsoft_forms_xlsx.read_bytes()
    for size in (10, len(data) // 2, len(data) - 30):
        with pytest.raises(UnreadableFileError):
            read_bytes(data[:size], "coupe.xlsx")


def test_xlsx_declaring_a_huge_sheet_or_far_rows_is_read_quickly():
    sheet_xml = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                 b'spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>'
                 b'<row r="1"><c r="A1" t="inlineStr"><is><t>Note</t></is></c></row>'
                 b'<row r="900000"><c r="ZZ900000"><v>4</v></c></row>'
                 b'<row r="99999999999"><c r="A99999999999"><v>5</v></c></row>'
                 b'</sheetData></worksheet>')
    data = rezip(xlsx_bytes([["a"]]), replace={"xl/worksheets/sheet1.xml": sheet_xml})
    start = time.perf_counter()
    sheet = read_bytes(data, "x.xlsx")
    assert time.perf_counter() - start < 5
    assert sheet is not None
    assert sheet.records[0] == ("Note",) and len(sheet.records[1]) == 702  # A…ZZ
    # A row numbered past Excel's last row (1,048,576) cannot exist in a valid file: not read.
    assert sheet.numbers == (1, 900000)


def test_find_header_row_skips_a_title_but_not_a_plain_header():
    from pexdesk.core.services.importing.reading import find_header_row
    title = ("Enquête 2024",)
    header = ("Type", "Département", "Note")
    data = ("CAF", "32", "4")
    assert find_header_row((title, header, data)) == 1
    assert find_header_row((header, data, data)) == 0
    assert find_header_row((("Seule colonne",), ("a",), ("b",))) == 0
