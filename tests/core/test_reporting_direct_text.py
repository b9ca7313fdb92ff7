"""Tables and paragraphs draw their text straight into the page (``direct_text``): every
line must come out where reportlab's own drawing puts it, in the same font, size and
colour, in the same order; what the direct way does not handle must still be drawn by
reportlab."""

from __future__ import annotations

import copy
import io

from hypothesis import given, settings
from hypothesis import strategies as hypothesis_st
from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table, TableStyle
from reportlab.platypus import paragraph as reportlab_paragraph

from pexdesk.core.services.reporting.blocks import (CarryingLongTable, Markup, TableLayout,
                                                    data_table)
from pexdesk.core.services.reporting.document import Contents, Heading, ReportCanvas
from pexdesk.core.services.reporting.fonts import BOLD, REGULAR, register_fonts
from pexdesk.core.services.reporting.paragraph import Paragraph
from pexdesk.core.services.reporting.styles import styles
from pexdesk.core.services.reporting.text import escape
from tests.core.test_reporting_paragraph import _markup


def _lines(draw) -> list[tuple]:
    """Each line of text ``draw(canvas)`` writes: its strings with their PDF fonts, its
    origin on the page (rounded to a thousandth of a point), size, fill colour and word
    spacing."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = ReportCanvas(buffer, pageCompression=0)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    page = PdfReader(buffer).pages[0]
    lines, stack = [], []
    cm, tm, leading, face, color, word_space = (1, 0, 0, 1, 0, 0), None, 0.0, None, None, 0.0
    for operands, operator in page.get_contents().operations:
        values = [float(v) if isinstance(v, (int, float)) or hasattr(v, "as_numeric") else v
                  for v in operands]
        if operator == b"q":  # the text state is part of the graphics state
            stack.append((cm, color, leading, face, word_space))
        elif operator == b"Q":
            cm, color, leading, face, word_space = stack.pop()
        elif operator == b"cm":
            cm = _product(values, cm)
        elif operator == b"rg":
            color = tuple(round(v, 4) for v in values)
        elif operator == b"Tm":
            tm = tuple(values)
            lines.append(None)
        elif operator == b"Td":
            tm = _product((1, 0, 0, 1, *values), tm)
            lines.append(None)
        elif operator == b"T*":
            tm = _product((1, 0, 0, 1, 0, -leading), tm)
            lines.append(None)
        elif operator == b"TL":
            leading = values[0]
        elif operator == b"Tw":
            word_space = values[0]
        elif operator == b"Tf":
            face = (str(values[0]), values[1])
        elif operator == b"Tj":
            if lines[-1] is None:
                x, y = _product(tm, cm)[4:]
                lines[-1] = ([], round(x, 3), round(y, 3), face[1], color, word_space)
            lines[-1][0].append((face[0], bytes(operands[0].original_bytes)))
    return [(tuple(s), *rest) for s, *rest in filter(None, lines)]


def _product(a, b):
    """The matrix ``a`` × ``b`` (PDF order: ``a`` applied first)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _drawn(table: Table, by_reportlab: bool = False) -> list[tuple]:
    if by_reportlab:
        table = copy.copy(table)
        table.__class__ = Table
    width, height = table.wrap(500, 800)

    def draw(canvas):
        table.drawOn(canvas, 40, 780 - height)
    return _lines(draw)


def test_a_tables_strings_are_drawn_where_reportlab_draws_them():
    table = data_table(
        ["Territoire", "Dossiers\n(nombre)", "Part", "Écart"],
        [["Nord – Montbrézac", "12", "25,0 %", "+3"],
         ["Sud\nVic-Aurèle", "1\u202f234", "", "−2"],
         [Markup("<b>Est</b> et ouest"), "7", "50 %", "0"],
         [Markup("<u>Ouest</u>"), Markup("<i>8</i>"), "", "1"],  # underlined: reportlab's
         ["Œuvre ✓ à la marge", "3", "12,5 %", "ɐ ɐ"]],
        [150, 70, 60, 60], align="LRCR", total=["Total", "1\u202f256", "100 %", ""],
        highlight=[1], marked=[(2, 0), (1, 3)])
    ours = _drawn(table)
    assert ours == _drawn(table, by_reportlab=True)
    assert len(ours) > 20


def test_a_marked_cell_is_placed_by_the_width_of_its_bold_face():
    """The body row is set in the regular face; marked, the text is drawn in bold, wider:
    placed by the regular width, it would overrun the cell's padding."""
    table = data_table(["A", "B"], [["un", "Relances urgentes"]], [80, 80], align="LR",
                       marked=[(1, 0)])
    assert _drawn(table) == _drawn(table, by_reportlab=True)


def test_a_table_whose_row_heights_are_given_draws_its_paragraphs_as_reportlab_does():
    layout = TableLayout.of([120, 60], "LR")

    def data():
        return [layout.row(["Libellé", "N"], header=True),
                *(layout.row([Markup(f"<b>Ligne</b> {n}"), Markup(f"<i>{n}</i>")])
                  for n in range(3))]
    measured = layout.table(data(), 1)
    measured.wrap(500, 800)
    table = layout.table(data(), 1, heights=measured._rowHeights)
    assert type(table._cellvalues[1][1]) is Paragraph
    assert _drawn(table) == _drawn(table, by_reportlab=True)


def test_a_page_of_a_split_table_draws_as_reportlab_does():
    layout = TableLayout.of([120, 60], "LC")
    rows = [layout.row([f"Ligne {n}", str(n)]) for n in range(60)]
    table = layout.table([layout.row(["Libellé", "N"], header=True), *rows], 1)
    table.wrap(500, 800)
    first, *rest = table.split(500, 300)
    assert isinstance(first, CarryingLongTable)
    assert _drawn(first) == _drawn(first, by_reportlab=True)
    assert _drawn(rest[-1]) == _drawn(rest[-1], by_reportlab=True)


def test_a_string_cell_in_a_style_the_direct_way_does_not_draw_goes_to_reportlab(monkeypatch):
    table = data_table(["A"], [["lien"]], [80])
    table._cellStyles[1][0] = copy.copy(table._cellStyles[1][0])
    table._cellStyles[1][0].href = "https://example.org"
    drawn_by_reportlab = []
    draw_cell = Table._drawCell
    monkeypatch.setattr(Table, "_drawCell", lambda self, value, *rest: (
        drawn_by_reportlab.append(value), draw_cell(self, value, *rest)))
    assert _drawn(table) == _drawn(table, by_reportlab=True)
    assert drawn_by_reportlab == ["lien", "A", "lien"]


def _paragraph_drawn(paragraph: Paragraph, by_reportlab: bool = False, shift: float = 0):
    paragraph.wrap(180, 800)
    draw_on = (reportlab_paragraph.Paragraph.drawOn if by_reportlab
               else type(paragraph).drawOn)

    def draw(canvas):
        paragraph.hAlign = "CENTER"
        draw_on(paragraph, canvas, 40.25, 600.5, shift)
    return _lines(draw)


_STYLE = ParagraphStyle("Essai", fontName=REGULAR, fontSize=9.5, leading=12.25,
                        textColor=colors.HexColor("#1A1A1A"))
_LONG = ("Les commissions de coordination des actions de prévention des expulsions "
         "locatives examinent les situations « à risque » : 1\u202f234 dossiers")


def test_a_paragraph_of_text_is_drawn_where_reportlab_draws_it():
    cases = [(_STYLE, escape(_LONG)), (_STYLE, "Une ligne"), (_STYLE, ""),
             (_STYLE, "<br/>Après un saut")]  # a first line that shows nothing
    for alignment in (TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY):
        for extra in ({}, {"firstLineIndent": 14}, {"leftIndent": 8, "rightIndent": 11},
                      {"fontName": BOLD, "textColor": colors.HexColor("#1F4E79")},
                      {"justifyLastLine": 3}):
            style = ParagraphStyle("Variante", parent=_STYLE, alignment=alignment, **extra)
            cases += [(style, escape(_LONG)), (style, "Œuvre ✓ ɐ ɐ à part"),
                      (style, f'<b>Gras</b> {escape(_LONG)} <font size="7.5" color="#c0510a">'
                              f"petit</font> et <i>penché</i>")]
    for style, text in cases:
        for shift in (0, 17.5):
            paragraph = Paragraph(text, style)
            ours = _paragraph_drawn(paragraph, shift=shift)
            assert ours == _paragraph_drawn(paragraph, by_reportlab=True, shift=shift), text
            assert len(ours) == (0 if not text else 1 if len(text) < 22 else 4)


def test_a_line_wider_than_the_frame_is_squeezed_as_reportlab_squeezes_it():
    for alignment in (TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY):
        style = ParagraphStyle("Mots entiers", parent=_STYLE, alignment=alignment,
                               splitLongWords=0)
        for text in ("Anticonstitutionnellement\u00a0mot" * 3 + " fin",
                     "<b>Anticonstitutionnellement</b>\u00a0mot" * 3 + " fin"):
            paragraph = Paragraph(text, style)
            ours = _paragraph_drawn(paragraph)
            assert ours == _paragraph_drawn(paragraph, by_reportlab=True)
            assert ours[0][-1] < 0  # its word spacing


def test_a_bulleted_paragraph_is_drawn_where_reportlab_draws_it():
    for extra in ({"leftIndent": 12, "bulletIndent": 2},  # the text starts at its indent
                  {"leftIndent": 3, "bulletIndent": 1, "bulletFontSize": 14},  # past the bullet
                  {"leftIndent": 12, "bulletOffsetY": 1.5, "firstLineIndent": 6,
                   "bulletColor": colors.HexColor("#C0510A"), "alignment": TA_JUSTIFY}):
        style = ParagraphStyle("Puce", parent=_STYLE, bulletFontName=REGULAR, **extra)
        for text in (escape(_LONG), f"<b>Gras</b> {escape(_LONG)}"):
            paragraph = Paragraph(text, style, bulletText="•")
            ours = _paragraph_drawn(paragraph)
            assert ours == _paragraph_drawn(paragraph, by_reportlab=True)
            assert ours[0][1] < ours[1][1]  # the bullet first, left of the text


def test_a_paragraph_the_direct_way_does_not_draw_goes_to_reportlab(monkeypatch):
    drawn_by_reportlab = []
    draw_para = reportlab_paragraph.Paragraph.drawPara
    monkeypatch.setattr(reportlab_paragraph.Paragraph, "drawPara", lambda self, *args: (
        drawn_by_reportlab.append(self.getPlainText()), draw_para(self, *args)))
    shaded = ParagraphStyle("Fond", parent=_STYLE, backColor=colors.HexColor("#F3F6F9"))
    numbered = ParagraphStyle("Numéros", parent=_STYLE, bulletAnchor="numeric",
                              bulletFontName=REGULAR)
    others = [Paragraph(escape(_LONG), shaded),
              Paragraph("m<super>2</super>", _STYLE),
              Paragraph('<a href="https://example.org">Lien</a>', _STYLE),
              Paragraph("<u>Souligné</u>", _STYLE),
              Paragraph("Liste", numbered, bulletText="1.")]
    for paragraph in others:
        drawn_by_reportlab.clear()
        assert _paragraph_drawn(paragraph) == _paragraph_drawn(paragraph, by_reportlab=True)
        assert drawn_by_reportlab == [paragraph.getPlainText()] * 2


def _every_style():
    s = styles()
    return [value for value in vars(s).values() if not isinstance(value, tuple)]


@settings(max_examples=150, deadline=None)
@given(text=hypothesis_st.text(hypothesis_st.characters(blacklist_characters="<&",
                                                        blacklist_categories=("Cs",)))
       | hypothesis_st.sampled_from(["Très bien ✓", "Merci 🙂 pour tout", _LONG]),
       style=hypothesis_st.sampled_from(_every_style()), shift=hypothesis_st.sampled_from([0, 9]))
def test_any_text_in_any_bilan_style_is_drawn_where_reportlab_draws_it(text, style, shift):
    paragraph = Paragraph(text, style)
    assert (_paragraph_drawn(paragraph, shift=shift)
            == _paragraph_drawn(paragraph, by_reportlab=True, shift=shift))


@settings(max_examples=150, deadline=None)
@given(text=_markup(), style=hypothesis_st.sampled_from(_every_style()))
def test_any_text_in_the_bilans_markup_is_drawn_where_reportlab_draws_it(text, style):
    paragraph = Paragraph(text, style)
    assert _paragraph_drawn(paragraph) == _paragraph_drawn(paragraph, by_reportlab=True)


def test_a_text_drawn_again_or_in_another_document_keeps_that_documents_codes():
    """A text's operators are kept per document: the codes of its characters depend on
    the order the document met them in."""
    first = Paragraph("zèbre", _STYLE)
    again = Paragraph("zèbre et âne", _STYLE)
    for before in ("", "âne", "ɐ ɐ ɐ"):
        drawn = [Paragraph(before, _STYLE), first, again, first]
        for paragraph in drawn:
            paragraph.wrap(180, 800)

        def draw(canvas, by_reportlab):
            for index, paragraph in enumerate(drawn):
                draw_on = (reportlab_paragraph.Paragraph.drawOn if by_reportlab
                           else Paragraph.drawOn)
                draw_on(paragraph, canvas, 40, 700 - 20 * index)
        assert (_lines(lambda canvas: draw(canvas, False))
                == _lines(lambda canvas: draw(canvas, True)))


def test_a_row_of_strings_is_given_the_height_reportlab_measures():
    layout = TableLayout.of([120, 60, 60], "LRC")
    data = [layout.row(["Libellé", "Dossiers\n(nombre)", "Part"], header=True),
            layout.row(["Nord", "12", "25 %"]),
            layout.row(["Sud\nVic-Aurèle\nHaut", "", "3 %"]),
            layout.row([Markup("<b>Est</b>"), "7", "50 %"]),  # a paragraph: measured
            layout.row(["Total", "19", "100 %"])]
    table = layout.table(data, 1, total=True, marked=[(1, 0)])
    assert table._argH[3] is None and None not in table._argH[:3]
    measured = Table(data, colWidths=list(layout.widths), cellStyles=table._cellStyles)
    assert table.wrap(500, 800) == measured.wrap(500, 800)
    assert table._rowHeights == measured._rowHeights


def _links(paragraph: Paragraph, by_reportlab: bool) -> list[tuple]:
    """The link annotations drawing ``paragraph`` makes: rectangle, destination page."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = ReportCanvas(buffer)
    canvas.bookmarkPage("h1")
    paragraph.wrap(150, 800)
    draw_on = reportlab_paragraph.Paragraph.drawOn if by_reportlab else Paragraph.drawOn
    canvas.translate(7.5, 3.25)
    draw_on(paragraph, canvas, 40.25, 600.5)
    canvas.showPage()
    canvas.save()
    annotations = PdfReader(buffer).pages[0]["/Annots"]
    return [(tuple(round(float(v), 4) for v in a.get_object()["/Rect"]),
             a.get_object()["/Dest"][1]) for a in annotations]


def test_a_link_within_the_document_is_drawn_where_reportlab_puts_it(monkeypatch):
    drawn_by_reportlab = []
    draw_para = reportlab_paragraph.Paragraph.drawPara
    monkeypatch.setattr(reportlab_paragraph.Paragraph, "drawPara", lambda self, *args: (
        drawn_by_reportlab.append(self), draw_para(self, *args)))
    for alignment in (TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY):
        style = ParagraphStyle("Sommaire", parent=_STYLE, alignment=alignment, leftIndent=6)
        paragraph = Paragraph(f'<a href="#h1">{escape(_LONG)}</a>', style)
        ours = _links(paragraph, by_reportlab=False)
        assert ours == _links(paragraph, by_reportlab=True)
        assert len(ours) == 4  # one a line

        def draw(canvas, draw_on):
            canvas.bookmarkPage("h1")
            draw_on(paragraph, canvas, 40.25, 600.5)
        assert (_lines(lambda canvas: draw(canvas, Paragraph.drawOn))
                == _lines(lambda canvas: draw(canvas, reportlab_paragraph.Paragraph.drawOn)))
    assert len(drawn_by_reportlab) == 8  # only when asked to draw as reportlab


def _backgrounds(table: Table, by_reportlab: bool) -> list[str]:
    register_fonts()
    table.wrap(500, 800)
    table.canv = ReportCanvas(io.BytesIO())
    (Table._drawBkgrnd if by_reportlab else type(table)._drawBkgrnd)(table)
    return table.canv._code


def test_a_tables_backgrounds_are_filled_as_reportlab_fills_them():
    table = data_table(["A", "B"], [["un", "1"], ["deux", "2"], ["trois", "3"]], [80, 80],
                       total=["Total", "6"], highlight=[1], marked=[(1, 2)])
    ours = _backgrounds(table, by_reportlab=False)
    assert ours == _backgrounds(table, by_reportlab=True)
    assert len(ours) == 2 * (1 + 3 + 1 + 1 + 1)  # colour and rectangle: header, rows, ...
    gradient = data_table(["A"], [["un"]], [80])
    gradient.setStyle(TableStyle([("BACKGROUND", (0, 1), (0, 1),
                                   ["VERTICAL", colors.white, colors.HexColor("#DCE6F0")])]))
    assert (_backgrounds(gradient, by_reportlab=False)
            == _backgrounds(gradient, by_reportlab=True))


def _contents_drawn(by_reportlab: bool) -> tuple[list[tuple], list[tuple], list[str]]:
    """The lines, link annotations (rectangle, destination) and late page numbers a
    table of contents draws, its table drawn as it is or as reportlab's ``Table``."""
    s = styles()
    contents = Contents()
    contents.set_entries([
        Heading("Activité du dispositif", s.h1, 0, "h1", "1"),
        Heading("Situations examinées en commission « à risque » et décisions prises par "
                "les partenaires du territoire au cours de la période", s.h2, 1, "h2", "1.1"),
        Heading("Annexe", s.h1, 0, "h3")])
    height = contents.wrap(500, 800)[1]
    table = contents._table
    if by_reportlab:
        table.__class__ = Table
    late: list[str] = []

    def draw(canvas):
        for key in ("h1", "h2", "h3"):
            canvas.bookmarkPage(key)
        table.drawOn(canvas, 40, 780 - height)
        late[:] = [key for key, *_ in canvas._late]
    buffer = io.BytesIO()
    canvas = ReportCanvas(buffer)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    links = [(tuple(round(float(v), 4) for v in a.get_object()["/Rect"]),
              a.get_object()["/Dest"][1]) for a in PdfReader(buffer).pages[0]["/Annots"]]
    return _lines(draw), links, late


def test_the_contents_are_drawn_where_reportlab_draws_them():
    """Entries of both levels, one on two lines, each a link, with its page number."""
    register_fonts()
    ours = _contents_drawn(by_reportlab=False)
    assert ours == _contents_drawn(by_reportlab=True)
    lines, links, late = ours
    assert len(lines) == 4 and len(links) == 4
    assert late == ["toc-h1", "toc-h2", "toc-h3"]
