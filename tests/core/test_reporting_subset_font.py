"""The bilans' TrueType font answers ``splitString`` from the codes it has learnt: for any
sequence of texts drawn in a document it must give the chunks reportlab's own font gives,
the characters spilling past the first subset of 256 included, and leave the document
with reportlab's subsets (the characters it embeds, under the same codes); it must not
carry one document's codes over to the next; its ascent and descent are its face's. It embeds
the font files reportlab embeds, only compressed at a lower level."""

from __future__ import annotations

import zlib

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfbase.ttfonts import TTFont

from pexdesk.core.services.reporting.fonts import SubsetFont
from pexdesk.resources import resource_path

FILE = str(resource_path("fonts", "Carlito-Regular.ttf"))
SUBSET = SubsetFont("Carlito-essai", FILE)
REFERENCE = TTFont("Carlito-reference", FILE)
pdfmetrics.registerFont(SUBSET)
pdfmetrics.registerFont(REFERENCE)

_texts = st.lists(st.text(st.characters(blacklist_categories=("Cs",))) | st.sampled_from(
    ["Très bien\u00a0!", "Passerelle Logement", "", "€ «\u202f»", "Œuvre 1\u2009234 ✓"]),
    max_size=40)


@settings(max_examples=200)
@given(texts=_texts)
def test_the_chunks_are_reportlabs_for_any_texts_in_any_order(texts):
    ours, theirs = PDFDocument(), PDFDocument()
    for text in texts + texts:
        assert SUBSET.splitString(text, ours) == REFERENCE.splitString(text, theirs)
    _assert_same_subsets(ours, theirs)


def _assert_same_subsets(ours: PDFDocument, theirs: PDFDocument) -> None:
    assert _subsets(SUBSET, ours) == _subsets(REFERENCE, theirs)


def _subsets(font: TTFont, document: PDFDocument) -> tuple | None:
    """The codes ``font`` gave characters in ``document``, its subsets and next code
    (none before a text was drawn)."""
    state = font.state.get(document)
    return state and (state.assignments, state.subsets, state.nextCode)


def test_new_characters_are_numbered_in_the_order_reportlab_numbers_them():
    """Texts mixing characters seen before with new ones, repeated, some twice in the
    same text, a no-break space (drawn as a space) and a character Carlito lacks."""
    ours, theirs = PDFDocument(), PDFDocument()
    for text in ("Très bien", "Œuvre très réussie", "ça\u00a0! €€ ça", "漢字 é", "Ωμέγα Ω",
                 "Très bien", "«\u202fÇa\u202f»"):
        assert SUBSET.splitString(text, ours) == REFERENCE.splitString(text, theirs)
    _assert_same_subsets(ours, theirs)


def test_characters_beyond_the_first_subset_keep_their_chunks():
    ours, theirs = PDFDocument(), PDFDocument()
    many = "".join(chr(c) for c in range(0x20, 0x250))
    for text in (many, "Arrêté é", many[::-1], "ɐ e ɐ", many):
        assert SUBSET.splitString(text, ours) == REFERENCE.splitString(text, theirs)
    _assert_same_subsets(ours, theirs)


def test_each_document_numbers_its_characters_afresh():
    first, second = PDFDocument(), PDFDocument()
    SUBSET.splitString("zyx", first)
    assert SUBSET.splitString("xyz", second) == REFERENCE.splitString("xyz", PDFDocument())


def test_its_height_is_reportlabs():
    """The font holds its face's ascent and descent, which reportlab's TrueType font
    leaves reportlab to find on its face: the heights asked must be the same."""
    for size in (7.5, 9, 10.5, None):
        assert getAscentDescent("Carlito-essai", size) == getAscentDescent("Carlito-reference",
                                                                            size)


def _embedded(font, text: str) -> list:
    """The streams ``font`` adds to a document where ``text`` was drawn, by kind."""
    document = PDFDocument()
    font.splitString(text, document)
    font.addObjects(document)
    return [(name.split(":")[0], stream) for name, stream in document.idToObject.items()
            if name.startswith(("fontFile:", "toUnicodeCMap:"))]


def test_the_font_files_are_reportlabs_compressed_at_level_3():
    """Three subsets (more than 512 characters), each with its font file and its table
    of characters: the font files hold reportlab's bytes, compressed at level 3 and
    marked as Flate; the tables keep reportlab's compression."""
    text = "".join(chr(c) for c in range(0x20, 0x300))
    ours, theirs = _embedded(SUBSET, text), _embedded(REFERENCE, text)
    assert [kind for kind, _ in ours] == [kind for kind, _ in theirs]
    assert [kind for kind, _ in ours].count("fontFile") == 3
    for (kind, our), (_, their) in zip(ours, theirs):
        assert our.content == their.content
        if kind == "fontFile":
            (compression,) = our.filters
            assert compression.pdfname == "FlateDecode"
            assert compression.encode(our.content) == zlib.compress(our.content, 3)
        else:
            assert our.filters == their.filters == [pdfdoc.PDFZCompress]


def _font_dictionaries(font, text: str) -> list[bytes]:
    document = PDFDocument()
    font.splitString(text, document)
    font.addObjects(document)
    return [pdfdoc.format(added, document, toplevel=1)
            for added in document.idToObject.values()
            if isinstance(added, pdfdoc.PDFTrueTypeFont)]


def test_the_font_dictionaries_are_reportlabs():
    """Their widths are written from the texts the font keeps: three subsets, written
    twice, must be written as reportlab's font writes them."""
    text = "".join(chr(c) for c in range(0x20, 0x300))
    theirs = [their.replace(b"Carlito-reference", b"Carlito")
              for their in _font_dictionaries(REFERENCE, text)]
    for _ in range(2):
        ours = [our.replace(b"Carlito-essai", b"Carlito")
                for our in _font_dictionaries(SUBSET, text)]
        assert len(ours) == 3
        assert ours == theirs
