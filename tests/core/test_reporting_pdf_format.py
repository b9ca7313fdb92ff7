"""The faster writing of PDF objects (``pdf_format``) must write reportlab's bytes: for
any string, number, name, and any array or dictionary of them, any outline, and for a
whole bilan."""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from pexdesk.core.services.demo import write_demo_base
from pexdesk.core.services.reporting import pdf_format
from pexdesk.core.services.reporting.build import build_report

_DOCUMENT = pdfdoc.PDFDocument()
_texts = st.text() | st.text("\x17\x18\x1f\x20/ #()<>[]{}%~\x7f\u00e9\u02d8abc")


@contextmanager
def _reportlabs():
    """reportlab's own functions in place while inside."""
    ours = (pdfdoc.format, pdfdoc.pdfdocEnc, pdfdoc.PDFName,
            pdfdoc.OutlineEntryObject.format)
    (pdfdoc.format, pdfdoc.pdfdocEnc, pdfdoc.PDFName, pdfdoc.OutlineEntryObject.format) = (
        pdf_format._reportlab_format, pdf_format._reportlab_encoded, pdf_format._reportlab_name,
        pdf_format._reportlab_outline_entry)
    try:
        yield
    finally:
        (pdfdoc.format, pdfdoc.pdfdocEnc, pdfdoc.PDFName,
         pdfdoc.OutlineEntryObject.format) = ours


def _outcome(function, *args):
    try:
        return function(*args)
    except Exception as exc:  # the same failure as reportlab's is the same answer
        return type(exc)


def test_the_module_is_installed():
    assert pdfdoc.format is pdf_format._formatted
    assert pdfdoc.pdfdocEnc is pdf_format._encoded
    assert pdfdoc.PDFName is pdf_format._name
    assert pdfdoc.OutlineEntryObject.format is pdf_format._outline_entry


@settings(max_examples=300)
@given(text=_texts)
def test_a_string_is_encoded_as_reportlab_does(text):
    assert _outcome(pdf_format._encoded, text) == _outcome(pdf_format._reportlab_encoded, text)
    assert (_outcome(pdf_format._formatted, text, _DOCUMENT)
            == _outcome(pdf_format._reportlab_format, text, _DOCUMENT))


@settings(max_examples=300)
@given(text=_texts)
def test_a_name_is_written_as_reportlab_does(text):
    assert pdf_format._name(text) == pdf_format._reportlab_name(text)
    assert pdf_format._name(text, "0", "z") == pdf_format._reportlab_name(text, "0", "z")


@settings(max_examples=300)
@example(2 ** 53 - 1)
@example(2 ** 53 + 1)
@example(-2 ** 53 - 1)
@example(10 ** 30)
@given(number=st.integers() | st.integers(-2 ** 53 - 2, 2 ** 53 + 2) | st.floats()
       | st.booleans())
def test_a_number_is_written_as_reportlab_does(number):
    assert (_outcome(pdf_format._formatted, number, _DOCUMENT)
            == _outcome(pdf_format._reportlab_format, number, _DOCUMENT))


_values = st.recursive(
    st.integers(-10 ** 6, 10 ** 6) | st.floats(-1e4, 1e4) | _texts | st.binary(max_size=8)
    | st.builds(pdfdoc.PDFString, st.text()) | _texts.map(pdfdoc.PDFName),
    lambda inner: (st.lists(inner, max_size=12).map(pdfdoc.PDFArray)
                   | st.dictionaries(_texts, inner, max_size=6).map(pdfdoc.PDFDictionary)),
    max_leaves=30)


@settings(max_examples=200)
@given(value=_values)
def test_arrays_and_dictionaries_are_written_as_reportlab_does(value):
    ours = _outcome(pdfdoc.format, value, _DOCUMENT)
    with _reportlabs():
        theirs = _outcome(pdfdoc.format, value, _DOCUMENT)
    assert ours == theirs


_VARYING = re.compile(rb"/(CreationDate|ModDate) \(D:[^)]*\)|/ID \n\[<[0-9a-f]+><[0-9a-f]+>\]")
"""What differs from one writing to the next: the time and the file's identifier."""


def test_a_bilan_is_written_as_reportlab_writes_it(tmp_path):
    """The bilan de satisfaction of the demo, whose file holds every kind of object the
    bilans write (pages, fonts, links, outline), written twice."""
    base = tmp_path / "demo.db"
    today = date(2026, 11, 27)
    write_demo_base(base, today=today)
    ours = build_report(base, "satisfaction", None, None, None, tmp_path / "ours.pdf",
                        today=today)
    with _reportlabs():
        theirs = build_report(base, "satisfaction", None, None, None, tmp_path / "theirs.pdf",
                              today=today)
    written = [_VARYING.sub(b"", path.read_bytes()) for path in (ours, theirs)]
    assert written[0] == written[1]


_TEXTS_KEPT: dict[float, bytes] = {}


@settings(max_examples=200)
@given(numbers=st.lists(st.integers(-10 ** 6, 10 ** 6) | st.floats(-1e4, 1e4)
                        | st.sampled_from([0, 0.0, 226.0742, 487.793, 1.0, 1]), max_size=45))
def test_an_array_of_numbers_is_written_as_reportlab_does(numbers):
    """Its numbers' texts kept from one array to the next, as a font keeps them."""
    with _reportlabs():
        theirs = pdfdoc.format(pdfdoc.PDFArray(numbers), _DOCUMENT)
    assert pdf_format.number_array(numbers, _TEXTS_KEPT) == theirs


_titles = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["3.2. Méthode de l'enquête", "Synthèse (bilan)", "😀 \\ ✓"])


def _outline_tree(draw, depth: int) -> list:
    """A tree of outline entries (title, key, children), bookmarks on three pages."""
    return [(draw(_titles), f"key-{draw(st.integers(0, 10 ** 6))}",
             _outline_tree(draw, depth + 1) if depth < 2 and draw(st.booleans()) else [])
            for _ in range(draw(st.integers(1, 4 if depth else 8)))]


def _outlined(tree: list, closed: bool, fit: str) -> bytes:
    written = io.BytesIO()
    canvas = Canvas(written, invariant=1)

    def add(entries, level):
        for title, key, children in entries:
            canvas.bookmarkPage(key, fit=fit, top=12)
            canvas.addOutlineEntry(title, key, level=level, closed=closed and level > 0)
            add(children, level + 1)
    add(tree, 0)
    canvas.showPage()
    canvas.save()
    return written.getvalue()


@settings(max_examples=100)
@given(data=st.data(), closed=st.booleans(), fit=st.sampled_from(["Fit", "Fit", "FitH"]))
def test_an_outline_is_written_as_reportlab_writes_it(data, closed, fit):
    tree = _outline_tree(data.draw, 0)
    ours = _outlined(tree, closed, fit)
    with _reportlabs():
        theirs = _outlined(tree, closed, fit)
    assert ours == theirs
