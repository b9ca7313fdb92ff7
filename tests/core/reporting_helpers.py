"""Helpers shared by the PDF bilan tests: text extraction and font inspection with pypdf."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import IndirectObject

BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """One space for any run of spaces (narrow and plain no-break ones included) or lines."""
    return _SPACES.sub(" ", text.replace("\u202f", " ").replace("\u00a0", " ")).strip()


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    """The whole document's text, normalised (table cells come one per line)."""
    return normalise("\n".join(page_texts(path)))


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def fonts(path: Path, page: int | None = None) -> list[dict]:
    """Every font dictionary referenced by a page (only the 0-based ``page`` if given) or a
    form XObject of the document."""
    found, seen = [], set()

    def walk(resources) -> None:
        resources = _resolve(resources)
        if not resources:
            return
        for font in (_resolve(resources.get("/Font")) or {}).values():
            font = _resolve(font)
            if id(font) not in seen:
                seen.add(id(font))
                found.append(font)
        for xobject in (_resolve(resources.get("/XObject")) or {}).values():
            xobject = _resolve(xobject)
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    pages = PdfReader(path).pages
    for one in pages if page is None else [pages[page]]:
        walk(one.get("/Resources"))
    return found


def embedded_font_names(path: Path) -> set[str]:
    """The names of the fonts the document uses, once checked that there is at least one,
    that each is embedded and that none is one of the 14 standard fonts (which a reader
    draws with whatever it has, « □ » for the narrow no-break space)."""
    found = fonts(path)
    names = {str(f["/BaseFont"]) for f in found}
    assert found and all(font_is_embedded(f) for f in found), names
    assert not [n for n in names if any(b.lower() in n.lower() for b in BASE14)], names
    return names


def drawn_runs(path: Path, page: int) -> list[tuple[str, str]]:
    """(text, font) of each piece of text the 0-based ``page`` draws, the font named as
    in the font file, without the subset prefix (``NotoEmoji-Regular``)."""
    found: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size) -> None:
        if font is not None and text.strip():
            found.append((text.strip(), str(font["/BaseFont"]).partition("+")[2]))

    PdfReader(path).pages[page].extract_text(visitor_text=visit)
    return found


def font_is_embedded(font: dict) -> bool:
    """A TrueType font (simple or CID) whose descriptor carries the font file."""
    font = _resolve(font)
    if font.get("/Subtype") == "/Type0":
        font = _resolve(font["/DescendantFonts"][0])
    descriptor = _resolve(font.get("/FontDescriptor"))
    return descriptor is not None and "/FontFile2" in descriptor


def image_placements(path: Path, page: int) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) in points of each image the 0-based ``page`` draws (upright,
    as the bilans draw them), read from its content stream's transformations."""
    from pypdf.generic import ContentStream

    reader = PdfReader(path)
    one = reader.pages[page]
    xobjects = _resolve(_resolve(one.get("/Resources") or {}).get("/XObject")) or {}
    images = {name for name, xobject in xobjects.items()
              if _resolve(xobject).get("/Subtype") == "/Image"}
    found, stack, ctm = [], [], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for operands, operator in ContentStream(one.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(value) for value in operands)
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                   e * A + f * C + E, e * B + f * D + F)
        elif operator == b"Do" and operands[0] in images:
            found.append((ctm[4], ctm[5], ctm[0], ctm[3]))
    return found


def squares(path: Path, page: int, side: float) -> int:
    """How many squares of ``side`` points the 0-based ``page`` draws (``re`` operations)."""
    from pypdf.generic import ContentStream

    reader = PdfReader(path)
    operations = ContentStream(reader.pages[page].get_contents(), reader).operations
    return sum(1 for operands, operator in operations if operator == b"re"
               and abs(float(operands[2]) - side) < 0.01 and abs(float(operands[3]) - side) < 0.01)
