"""The page machinery of every bilan: A4 templates, header and footer, table of contents,
bookmarks, metadata, « Page X / Y », progress and cancellation.

``ReportDocument.render(story)`` lays the story out in one pass. The headings are
known before layout (they are in the story), so the table of contents has its final
size from the start; what is only known at the end (the page of each heading, the
number of pages) is marked in the pages' content, which reportlab keeps until the file
is written, and drawn there once the last page is laid out (``ReportCanvas``).
Two page templates: ``cover`` (no running header) and ``body``; a document without a
cover has only the second.

Progress and cancellation are plain callables so a Qt worker can drive a build
without this module knowing Qt: ``progress(fraction, message)`` is called as the
layout advances, and ``cancelled()`` is checked between flowables; when it returns
true the build stops with ``catalog.ReportCancelled`` (nothing is written at the
destination, see ``build.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from copy import deepcopy
from dataclasses import dataclass

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak,
                                PageTemplate, Table, TableStyle)

from pexdesk import __version__
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.catalog import ReportCancelled
from pexdesk.core.services.reporting.direct_text import DocumentText, fill_operator, plain_fill
from pexdesk.core.services.reporting.fast_tables import MeasuresOncePerWidth
from pexdesk.core.services.reporting.charts import fit
from pexdesk.core.services.reporting.fonts import (BOLD, REGULAR, SubsetFont, draw_string,
                                                   register_fonts)
from pexdesk.core.services.reporting.paragraph import Paragraph, linked
from pexdesk.core.services.reporting.pdf_format import PlaceLink
from pexdesk.core.services.reporting.text import escape

OFFICER_TITLE = "chargé(e) de mission PEX"
"""The post, as every bilan words it (cover band, « Rédigé par », contexte): the
profession's written form, whoever holds it."""

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]

_FOOTER_Y = st.MARGIN_BOTTOM - 11 * mm

_LATE_MARK = re.compile(r"\n%pexdesk-late (\d+)(?=\n)")
"""A late string's place in a page's content: a PDF comment on a line of its own (never
the first: reportlab starts a page with its preamble), which a text drawn on the page
cannot be (it is written between parentheses). Anchored with ``^`` and ``$``, the
search would take ten times as long."""


@dataclass(frozen=True)
class DocumentInfo:
    """Metadata and running texts; every string is plain text (never markup)."""

    title: str
    author: str
    subject: str
    keywords: str
    header_left: str
    """The ADIL's name, shortened if need be."""
    header_place: str
    """Its département, after the name and never cut."""
    header_right: str
    footer_left: str


class ReportCanvas(Canvas):
    """reportlab's canvas, which writes a plain string itself, and draws the strings
    known only once every page is laid out.

    reportlab measures every string ``drawString`` draws, for a right-to-left or shaped
    text it then lays out, and drops the width for any other; then it makes a text
    object, which formats the string for any font and text state: together 6 µs a
    string, some 2,300 strings of table cells and labels in an activity bilan. A plain
    string (no spacing, render mode, direction nor shaping) in one of the bilans' fonts
    is written here as the text object writes it, in 3 µs; any other goes to reportlab.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._late: list[tuple[str, str, float, object]] = []

    def drawString(self, x, y, text, mode=None, charSpace=0, direction=None, wordSpace=None,
                   shaping=False):
        if mode is not None or charSpace or direction or wordSpace or shaping:
            super().drawString(x, y, text, mode, charSpace, direction, wordSpace, shaping)
        else:
            self._draw_line(x, y, text)

    def drawRightString(self, x, y, text, mode=None, charSpace=0, direction=None,
                        wordSpace=None, shaping=False):
        if mode is not None or charSpace or direction or wordSpace or shaping:
            super().drawRightString(x, y, text, mode, charSpace, direction, wordSpace, shaping)
        else:
            self._draw_line(x - stringWidth(text, self._fontname, self._fontsize), y, text)

    def drawCentredString(self, x, y, text, mode=None, charSpace=0, direction=None,
                          wordSpace=None, shaping=False):
        if mode is not None or charSpace or direction or wordSpace or shaping:
            super().drawCentredString(x, y, text, mode, charSpace, direction, wordSpace,
                                      shaping)
        else:
            self._draw_line(x - 0.5 * stringWidth(text, self._fontname, self._fontsize), y,
                            text)

    def _draw_line(self, x: float, y: float, text: str) -> None:
        """``text`` on one line from (x, y), written as reportlab's text object writes it
        (``textLine``)."""
        if self._writes(self._fontname, text):
            self._code.append(self._text_line(x, y, text, self._fontname, self._fontsize,
                                              self._leading))
        else:
            line = self.beginText(x, y)
            line.textLine(text)
            self.drawText(line)

    def _writes(self, font: str, text) -> bool:
        """Whether :meth:`_text_line` writes ``text`` in ``font``."""
        return isinstance(getFont(font), SubsetFont) and isinstance(text, str) and self.bottomup

    def _text_line(self, x: float, y: float, text: str, font: str, size: float,
                   leading: float) -> str:
        """The text object of ``text`` on one line from (x, y) (:meth:`_writes`): the
        font set before each run of characters of one subset."""
        document_text = DocumentText.of(self._doc)
        written, subset_set = [], -1
        for subset, shown in document_text.shows(font, text):
            if subset != subset_set:
                written.append(document_text.face_setting(font, subset, size, leading))
                subset_set = subset
            written.append(shown)
        return f"BT 1 0 0 1 {fp_str(x, y)} Tm {' '.join(written)} T* ET"

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None, relative=1,
                 thickness=0, color=None, dashArray=None, **kw):
        """A link without border nor text (those of the table of contents, of the
        paragraphs) is a :class:`PlaceLink`, written faster."""
        if contents or thickness or color is not None or dashArray or kw:
            return super().linkRect(contents, destinationname, Rect, addtopage, name, relative,
                                    thickness, color, dashArray, **kw)
        return self._addAnnotation(PlaceLink(self._absRect(Rect, relative),
                                             self._bookmarkReference(destinationname)),
                                   name, addtopage)

    def draw_late_string(self, key: str, font: str, size: float, color, x: float,
                         y: float) -> None:
        """Mark where the string ``key`` names, known only once every page is laid out
        (« Page 3 / 29 »), is drawn right-aligned on (x, y).

        reportlab keeps each page's content as text until it writes the file:
        :meth:`draw_late_strings` replaces the mark there with the string's drawing.
        The strings were form XObjects that the pages referred to, defined at the end:
        59 for a bilan of 29 pages, each its own PDF object, stream and resources, a
        seventh of writing the file and of its size. The mark is translated to (x, y)
        within ``q … Q``, written as ``saveState``, ``translate`` and ``restoreState``
        write them (whose saving and restoring of the canvas's whole state took 8 µs)."""
        self._late.append((key, font, size, color))
        self._code += ("q", f"1 0 0 1 {fp_str(x, y)} cm",
                       f"%pexdesk-late {len(self._late) - 1}", "Q")

    def draw_late_strings(self, texts: Mapping[str, str]) -> None:
        """Draw each late string, ``texts`` giving the string of each key."""
        drawn = [self._right_string(texts[key], font, size, color)
                 for key, font, size, color in self._late]
        for page in self._doc.Pages.pages:
            page.stream = _LATE_MARK.sub(lambda mark: "\n" + drawn[int(mark.group(1))],
                                         page.stream)

    def _right_string(self, text: str, font: str, size: float, color) -> str:
        """The content that draws ``text`` right-aligned on the origin, the graphics
        state restored after it: written here (:meth:`_text_line`) in a colour that
        reportlab's ``setFillColor`` sets with its ``rg`` operator alone, as reportlab
        writes it (``setFont`` writes nothing for a TrueType font), 4 µs instead of 15;
        any other goes through reportlab."""
        if plain_fill(self, color) and self._writes(font, text):
            line = self._text_line(-stringWidth(text, font, size), 0, text, font, size,
                                   size * 1.2)
            return f"q\n{fill_operator(color)}\n{line}\nQ"
        page_code, self._code = self._code, []
        self.saveState()
        self.setFont(font, size)
        self.setFillColor(color)
        self.drawRightString(0, 0, text)
        self.restoreState()
        drawn, self._code = self._code, page_code
        return "\n".join(drawn)


class PageFrame(Frame):
    """reportlab's frame, cheaper to ask and to copy.

    Before each flowable reportlab asks the frame for the content it generated, which a
    frame without any answers by raising an exception, 400 times an activity bilan: the
    class answers None, reportlab's default. ``KeepTogether`` deep-copies the page's
    frame each time it measures its group, 66 times: its values, numbers and strings,
    are kept as they are and anything else deep-copied, in a third of the time."""

    _generated_content = None

    def __deepcopy__(self, memo):
        copied = memo[id(self)] = object.__new__(type(self))
        copied.__dict__.update(
            (name, value if isinstance(value, (str, int, float)) else deepcopy(value, memo))
            for name, value in self.__dict__.items())
        return copied


class Heading(Paragraph):
    """A section heading: listed in the table of contents and the PDF outline.

    ``text`` is plain text (escaped here); ``number`` (« 3 », « 3.2 ») is shown before it."""

    def __init__(self, text: str, style, level: int, key: str, number: str = "",
                 in_toc: bool = True):
        self.plain = f"{number}. {text}" if number else text
        shown = (f'<font color="#{st.SECONDARY.hexval()[2:]}">{escape(number)}</font>'
                 f"\u2002{escape(text)}") if number else escape(text)
        super().__init__(shown, style)
        self.level = level
        self.key = key
        self.in_toc = in_toc


class PageSlot(Flowable):
    """Where a number known only at the end is drawn, right-aligned in ``style``'s font:
    a late string (``ReportCanvas.draw_late_string``) that ``ReportDocument`` writes
    after the layout."""

    def __init__(self, key: str, width: float, style):
        super().__init__()
        self.key = key
        self.width = width
        self.height = style.fontSize
        self.font = style.fontName

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def drawOn(self, canvas, x, y, _sW=0):
        """reportlab's ``drawOn`` (the slot translated to its place within ``q … Q``),
        written as it writes it: saving and restoring the canvas's state twice, once here
        and once around the late string, took 20 µs a row of the contents."""
        canvas._code += ("q", f"1 0 0 1 {fp_str(self._hAlignAdjust(x, _sW), y)} cm")
        canvas.draw_late_string(self.key, self.font, self.height, st.INK, self.width, 2)
        canvas._code.append("Q")


class ContentsTable(MeasuresOncePerWidth, Table):
    """The table of contents' rows, measured once for the frame's width: reportlab
    measured them again at each of the frame's requests. Drawing its entries through
    ``DrawsTextDirectly`` saved nothing: each row's page number, a late string whose
    drawing (within ``q … Q``) cannot sit in a text object, closes the one the next
    entry would share, and the entries took longer to draw (0.83 against 0.77 ms for
    the satisfaction's 14)."""


class Contents(Flowable):
    """The table of contents, filled with the story's headings before layout: its size
    never depends on page numbers, which come from forms defined at the end."""

    def __init__(self):
        super().__init__()
        self.entries: list[Heading] = []
        self._table: ContentsTable | None = None

    def set_entries(self, headings: list[Heading]) -> None:
        self.entries = headings
        self._table = None

    def _build(self, width: float) -> ContentsTable:
        levels = st.styles().toc_levels
        rows, commands = [], [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                              ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
        for index, heading in enumerate(self.entries):
            style = levels[min(heading.level, len(levels) - 1)]
            title = linked(escape(heading.plain), style, f"#{heading.key}")
            rows.append([title, PageSlot(toc_key(heading.key), 30, style)])
            if heading.level == 0:
                commands += [("TOPPADDING", (0, index), (-1, index), 7),
                             ("LINEBELOW", (0, index), (-1, index), 0.4, st.GRID)]
        table = ContentsTable(rows or [["", ""]], colWidths=[width - 36, 36], hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return table

    def wrap(self, available_width, available_height):
        if self._table is None:
            self._table = self._build(available_width)
        return self._table.wrap(available_width, available_height)

    def split(self, available_width, available_height):
        if self._table is None:
            self._table = self._build(available_width)
        return self._table.split(available_width, available_height)

    def drawOn(self, canvas, x, y, _sW=0):
        self._table.drawOn(canvas, x, y, _sW)


def toc_key(key: str) -> str:
    return f"toc-{key}"


def page_key(number: int) -> str:
    return f"page-{number}"


def table_of_contents() -> Contents:
    return Contents()


def _headings(flowables) -> list[Heading]:
    """Every heading of the story, in order, including those kept with a figure."""
    found = []
    for flowable in flowables:
        if isinstance(flowable, Heading):
            found.append(flowable)
        elif isinstance(flowable, (list, tuple)):
            found += _headings(flowable)
        elif hasattr(flowable, "_content"):
            found += _headings(flowable._content)
    return found


class ReportDocument(BaseDocTemplate):
    """An A4 bilan with a cover, running header and footer, TOC and outline."""

    def __init__(self, filename: str, info: DocumentInfo, progress: Progress | None = None,
                 cancelled: Cancelled | None = None, cover: bool = True):
        """``cover``: the first page is the cover; False: every page is a body page, with
        the running header (a paper questionnaire has no cover)."""
        register_fonts()
        super().__init__(
            filename, pagesize=(st.PAGE_WIDTH, st.PAGE_HEIGHT),
            leftMargin=st.MARGIN_LEFT, rightMargin=st.MARGIN_RIGHT, topMargin=st.MARGIN_TOP,
            bottomMargin=st.MARGIN_BOTTOM, title=info.title, author=info.author,
            subject=info.subject, keywords=info.keywords, creator=f"pexdesk {__version__}",
            producer=f"pexdesk {__version__} (ReportLab)", lang="fr-FR",
            initialFontName=REGULAR, initialFontSize=10, initialLeading=12,
            displayDocTitle=1, allowSplitting=1)
        self.info = info
        self.progress = progress
        self.cancelled = cancelled
        self.page_total: int | None = None
        self.pages_drawn = 0
        self.heading_pages: dict[str, int] = {}
        self._flowables = 1
        self._reported = 0.0
        self._body_decoration: tuple[Canvas, list[str]] | None = None
        cover_frame = PageFrame(st.MARGIN_LEFT, st.MARGIN_BOTTOM, st.FRAME_WIDTH,
                                st.PAGE_HEIGHT - st.MARGIN_BOTTOM - 62 * mm, id="couverture",
                                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        body_frame = PageFrame(st.MARGIN_LEFT, st.MARGIN_BOTTOM, st.FRAME_WIDTH,
                               st.FRAME_HEIGHT, id="corps", leftPadding=0, rightPadding=0,
                               topPadding=0, bottomPadding=0)
        body = PageTemplate(id="body", frames=[body_frame], onPage=self._draw_body_page)
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[cover_frame], onPage=self._draw_cover_page), body,
        ] if cover else [body])
        self.setProgressCallBack(self._on_progress)

    # --- Build ----------------------------------------------------------------------------------

    def render(self, story: list[Flowable]) -> int:
        """Lay out and write the document in one pass; returns the number of pages."""
        headings = _headings(story)
        for flowable in story:
            if isinstance(flowable, Contents):
                flowable.set_entries([h for h in headings if h.in_toc])
        self._doSave = 0
        self.build(list(story), canvasmaker=ReportCanvas)
        self.page_total = self.pages_drawn
        self._define_late_numbers(headings)
        self.canv.save()
        self._report(1.0, "Bilan mis en page")
        return self.page_total

    def _define_late_numbers(self, headings: list[Heading]) -> None:
        """« Page X / Y » on every page and the contents' page numbers."""
        texts = {page_key(number): f"Page {number} / {self.page_total}"
                 for number in range(1, self.page_total + 1)}
        texts.update((toc_key(heading.key), str(self.heading_pages.get(heading.key, "")))
                     for heading in headings if heading.in_toc)
        self.canv.draw_late_strings(texts)

    def _on_progress(self, kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            self._flowables = max(1, value)
        elif kind == "PROGRESS":
            if self.cancelled is not None and self.cancelled():
                raise ReportCancelled()
            self._report(min(0.98, value / self._flowables), "Mise en page")

    def _report(self, fraction: float, message: str) -> None:
        if self.progress is None:
            return
        fraction = max(self._reported, fraction)
        if fraction - self._reported >= 0.01 or fraction >= 1.0:
            self._reported = fraction
            self.progress(fraction, message)

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self.heading_pages[flowable.key] = self.page
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.plain, flowable.key, level=flowable.level,
                                      closed=flowable.level > 0)

    # --- Page decoration ------------------------------------------------------------------------

    def _footer_text(self, canvas) -> None:
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(st.MUTED)
        canvas.drawString(st.MARGIN_LEFT, _FOOTER_Y,
                          fit(self.info.footer_left, st.FRAME_WIDTH - 70, 8))

    def _page_number(self, canvas) -> None:
        """« Page X / Y », right-aligned in the footer."""
        number = canvas.getPageNumber()
        canvas.draw_late_string(page_key(number), BOLD, 8, st.MUTED,
                                st.PAGE_WIDTH - st.MARGIN_RIGHT, _FOOTER_Y)
        self.pages_drawn = number

    def _draw_body_page(self, canvas, doc) -> None:
        """The running header and footer. They are the same on every body page but for
        the page number, and drawing them took 90 µs a page (fitting the texts, cutting
        them into runs for the fallback faces, writing them): the content written on
        the first body page is written again on the others of the same file (whose
        fonts give each character the same code), the page number drawn apart."""
        canvas.saveState()
        if self._body_decoration is None or self._body_decoration[0] is not canvas:
            start = len(canvas._code)
            self._draw_running_texts(canvas)
            self._body_decoration = canvas, canvas._code[start:]
        else:
            canvas._code.extend(self._body_decoration[1])
        self._page_number(canvas)
        canvas.restoreState()

    def _draw_running_texts(self, canvas) -> None:
        y = st.PAGE_HEIGHT - st.MARGIN_TOP + 9 * mm
        canvas.setFillColor(st.PRIMARY)
        half = st.FRAME_WIDTH / 2 - 6
        draw_string(canvas, st.MARGIN_LEFT, y, self._left_header(half, 8, bold=True), BOLD, 8)
        canvas.setFillColor(st.MUTED)
        draw_string(canvas, st.PAGE_WIDTH - st.MARGIN_RIGHT, y,
                    fit(self.info.header_right, half, 8), REGULAR, 8, anchor="end")
        canvas.setStrokeColor(st.PRIMARY)
        canvas.setLineWidth(0.8)
        canvas.line(st.MARGIN_LEFT, y - 2.5 * mm, st.PAGE_WIDTH - st.MARGIN_RIGHT, y - 2.5 * mm)
        canvas.setStrokeColor(st.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(st.MARGIN_LEFT, _FOOTER_Y + 4.2 * mm, st.PAGE_WIDTH - st.MARGIN_RIGHT,
                    _FOOTER_Y + 4.2 * mm)
        self._footer_text(canvas)

    def _left_header(self, room: float, size: float, bold: bool = False) -> str:
        """« ADIL du Gers · Gers (32) », the name shortened to leave the département whole."""
        return fit(self.info.header_left, room, size, bold, tail=f" · {self.info.header_place}")

    def _draw_cover_page(self, canvas, doc) -> None:
        canvas.saveState()
        band = 48 * mm
        canvas.setFillColor(st.PRIMARY)
        canvas.rect(0, st.PAGE_HEIGHT - band, st.PAGE_WIDTH, band, stroke=0, fill=1)
        canvas.setFillColor(st.SECONDARY)
        canvas.rect(0, st.PAGE_HEIGHT - band - 2.2 * mm, st.PAGE_WIDTH, 2.2 * mm, stroke=0,
                    fill=1)
        canvas.setFillColor(st.WHITE)
        canvas.setFont(BOLD, 11)
        canvas.drawString(st.MARGIN_LEFT, st.PAGE_HEIGHT - 20 * mm,
                          "PRÉVENTION DES EXPULSIONS LOCATIVES")
        draw_string(canvas, st.MARGIN_LEFT, st.PAGE_HEIGHT - 27 * mm,
                    self._left_header(st.FRAME_WIDTH, 10.5), REGULAR, 10.5)
        post = OFFICER_TITLE[:1].upper() + OFFICER_TITLE[1:]
        canvas.drawString(st.MARGIN_LEFT, st.PAGE_HEIGHT - 33 * mm, post)
        self._footer_text(canvas)
        self._page_number(canvas)
        canvas.restoreState()


def cover_to_body() -> list[Flowable]:
    """Flowables ending the cover: the next page uses the body template."""
    return [NextPageTemplate("body"), PageBreak()]
