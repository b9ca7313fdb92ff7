"""reportlab's writing of PDF objects, made faster for the values that fill a PDF, with
the same bytes.

Writing a bilan's file formats some 1,700 values (names, numbers, strings of the
dictionaries and arrays of pages, fonts, links, outline) through three functions of
``reportlab.pdfbase.pdfdoc``, each of which costs more than its work: ``format``
tests whether a value is a PDF object before its type, ``pdfdocEnc`` encodes every
string with a codec written in Python (0.5 µs for « /Type »), ``PDFName`` checks a name
character by character (1.1 µs for « FontDescriptor »). Written here, the bilan de
satisfaction's file takes 0.9 ms less to write (8.9 → 8.0 ms), the activité's 2.7 ms.

Here the commonest values are written directly: a string of the ASCII characters the
PDFDoc codec writes as themselves (all but the eight it cannot encode, U+0018 to
U+001F), an integer (reportlab writes it as ``str`` does), a float (reportlab's number
formatting, whose digits need no encoding), bytes, a name without characters to escape.
Anything else goes to reportlab's own function, which stays the reference
(``tests/core/test_reporting_pdf_format.py``).

Some objects are written whole, reportlab building several temporary dictionaries and
arrays for each: the fonts' widths (:func:`number_array`), the links of the contents
(:class:`PlaceLink`) and the outline's entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc

_reportlab_format = pdfdoc.format
_reportlab_encoded = pdfdoc.pdfdocEnc
_reportlab_name = pdfdoc.PDFName
_reportlab_outline_entry = pdfdoc.OutlineEntryObject.format

_AS_IS = re.compile("[\x00-\x17\x20-\x7f]*")
"""The characters the PDFDoc codec writes as their ASCII byte."""
_NAME_AS_IS = re.compile("[^\x00-\x20\x7f-\U0010ffff%()<>{}\\[\\]#]*")
"""The characters reportlab writes in a name as they are: printable ASCII but for the
PDF's delimiters and the escape sign."""
_EXACT_INT = 2 ** 53
"""reportlab writes an integer through its number formatting: as ``str`` below
this magnitude (the tests check it), where a float holds it exactly."""


def _encoded(text):
    if type(text) is str and _AS_IS.fullmatch(text):
        return text.encode("ascii")
    return _reportlab_encoded(text)


def _formatted(element, document, toplevel=0):
    kind = type(element)
    if kind is str and _AS_IS.fullmatch(element):
        return element.encode("ascii")
    if kind is bytes:
        return element
    if kind is int and -_EXACT_INT < element < _EXACT_INT:
        return b"%d" % element
    if kind is float:
        return fp_str(element).encode("ascii")
    return _reportlab_format(element, document, toplevel)


def _name(data, lo=chr(0x21), hi=chr(0x7e)):
    if type(data) is str and lo == "!" and hi == "~" and _NAME_AS_IS.fullmatch(data):
        return "/" + data
    return _reportlab_name(data, lo, hi)


def number_array(numbers: Iterable[float], texts: dict[float, bytes]) -> bytes:
    """``PDFArray(numbers)`` as reportlab writes it, the text of each number kept in
    ``texts`` for the next arrays.

    reportlab's number formatting takes 0.45 µs a number, and each subset of a font
    writes the widths of its characters, up to 256 numbers, most of them the same
    from one subset to the next: 120 µs for the four Carlito subsets of a bilan."""
    written = []
    for number in numbers:
        text = texts.get(number)
        if text is None:
            text = texts[number] = _formatted(number, None)
        written.append(text)
    return b"[ " + _lines(written, 10) + b" ]"


def _lines(written: list[bytes], per_line: int) -> bytes:
    """The written entries of an array (10 a line) or a dictionary (6), laid out as
    reportlab lays them out, one a line if it writes multi-line PDF."""
    if rl_config.pdfMultiLine:
        return b"\n ".join(written)
    return b" \n  ".join(b" ".join(written[start:start + per_line])
                         for start in range(0, len(written), per_line))


def _fitted_page(destination, document) -> bytes | None:
    """A destination that fits its page in the window (reportlab's default for a
    bookmark) as reportlab writes it; None for any other."""
    if (type(destination) is not pdfdoc.Destination or destination.page is None
            or type(destination.fmt) is not pdfdoc.PDFDestinationFit):
        return None
    return b"[ " + document.Reference(destination.page).format(document) + b" /Fit ]"


class PlaceLink(pdfdoc.LinkAnnotation):
    """reportlab's link to a place in the document, without border nor text (a line
    of the table of contents), written directly.

    reportlab makes its dictionary, checks its names, makes the arrays of its
    rectangle and destination, then writes them: 26 µs a link, 14 links of the
    bilan de satisfaction. A destination that fits its page in the window (reportlab's
    default for a bookmark), in a file neither encrypted nor written on many lines, is
    written here; any other goes to reportlab."""

    def __init__(self, rect, destination):
        super().__init__(rect, "", destination, Border=pdfdoc.PDFArray([0, 0, 0]))

    def format(self, document):
        fitted = _fitted_page(self.Destination, document)
        if (fitted is None or rl_config.pdfMultiLine
                or not isinstance(document.encrypt, pdfdoc.NoEncryption)):
            return super().format(document)
        return (b"<<\n/Border [ 0 0 0 ] /Contents () /Dest " + fitted + b" /Rect [ "
                + fp_str(*self.Rect).encode("ascii") + b" ] /Subtype /Link /Type /Annot\n>>")


def _outline_entry(self, document):
    """An entry of the outline, written as reportlab writes it, without its temporary
    dictionary and destination array: 18 µs an entry, 15 in the bilan de satisfaction.
    An entry without parent, or whose destination does not fit its page, goes to
    reportlab."""
    fitted = _fitted_page(self.Dest, document)
    if fitted is None or self.Parent is None:
        return _reportlab_outline_entry(self, document)
    written = [name + _formatted(value, document)
               for name, value in ((b"/Count ", self.Count), (b"/Dest ", fitted),
                                   (b"/First ", self.First), (b"/Last ", self.Last),
                                   (b"/Next ", self.Next), (b"/Parent ", self.Parent),
                                   (b"/Prev ", self.Prev),
                                   (b"/Title ", pdfdoc.PDFString(self.Title)))
               if value is not None]
    return b"<<\n" + _lines(written, 6) + b"\n>>"


def install() -> None:
    """Make reportlab write PDF objects through this module (every document of the
    process: the bytes are reportlab's)."""
    pdfdoc.format = _formatted
    pdfdoc.pdfdocEnc = _encoded
    pdfdoc.PDFName = _name
    pdfdoc.OutlineEntryObject.format = _outline_entry
