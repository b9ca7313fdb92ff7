"""Building blocks shared by every kind of bilan: report kinds made of sections, numbered
headings, tables, key-figure tiles, figures and the « Aucune donnée » message.

A report kind is a kind of the catalog with a builder for each of its sections; each
section turns the frozen :class:`~pexdesk.core.services.reporting.data.ReportData` into
flowables. The
satisfaction bilan, and a richer « retours des partenaires » section, plug in as
further sections without touching the page machinery.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (CondPageBreak, Flowable, KeepTogether, LongTable, Spacer,
                                Table, TableStyle)
from reportlab.platypus.flowables import _listWrapOn
from reportlab.platypus.tables import CellStyle

from pexdesk.core.services.reporting import catalog
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.data import Mission
from pexdesk.core.services.reporting.document import OFFICER_TITLE, Heading
from pexdesk.core.services.reporting.fast_tables import (DrawsTextDirectly,
                                                         FillsBackgroundsDirectly,
                                                         MeasuresOncePerWidth)
from pexdesk.core.services.reporting.fonts import (BOLD, REGULAR, drawable, fallback_runs,
                                                   measured_width)
from pexdesk.core.services.reporting.logo import cover_logo
from pexdesk.core.services.reporting.paragraph import Paragraph, stacked
from pexdesk.core.services.reporting.text import escape, french_spacing

NO_DATA = "Aucune donnée sur la période"

CELL_PADDING = 4
LONG_TABLE_ROWS = 40
ROWS_CARRIED = 3
"""Body rows (the total row included) a table split across pages carries over at least: a
last row or two alone at the top of a page, with the note under the table, read as an
afterthought."""
PAST_ANY_PAGE = 1e6
"""A height in points no page has left: a ``CondPageBreak`` asking for it ends the page
when laid out, and measures nothing when a block's height is summed."""
PAGE_BY_PAGE_ROWS = 200
MEASURED_ROWS = 100
TIE = 1e-6
"""Points within which rows' summed heights are too near the room left on a page to
decide without the table's own measure."""


@dataclass
class Context:
    """What a section needs while it builds: the data, the styles, heading numbers."""

    data: object
    styles: st.Styles = field(default_factory=st.styles)
    number: int = 0
    sub: int = 0
    figures: int = 0
    keys: int = 0
    derived: dict[str, object] = field(default_factory=dict)
    """What several sections work out alike from the data, once (by name)."""
    sections: tuple[str, ...] | None = None
    """The keys of the sections chosen; None: all."""

    def shows(self, section: str) -> bool:
        """Whether the document holds the section ``section`` (for one that refers to it)."""
        return self.sections is None or section in self.sections

    def section(self, title: str) -> Heading:
        self.number += 1
        self.sub = 0
        return self._heading(title, self.styles.h1, 0, str(self.number))

    def subsection(self, title: str, number: str | None = None) -> Heading:
        self.sub += 1
        shown = number if number is not None else f"{self.number}.{self.sub}"
        return self._heading(title, self.styles.h2, 1, shown)

    def unnumbered(self, title: str, level: int = 0, in_toc: bool = True) -> Heading:
        style = self.styles.h1 if level == 0 else self.styles.h2
        return self._heading(title, style, level, "", in_toc)

    def _heading(self, title: str, style, level: int, number: str,
                 in_toc: bool = True) -> Heading:
        self.keys += 1
        return Heading(title, style, level, f"h{self.keys}", number, in_toc)

    def next_figure(self) -> int:
        self.figures += 1
        return self.figures

    def empty(self, text: str = NO_DATA) -> Paragraph:
        return Paragraph(escape(text) + ".", self.styles.empty)


SectionBuilder = Callable[[Context, Heading], list[Flowable]]
"""``build(ctx, heading)``: the section's flowables, ``heading`` first (alone, or kept
together with what follows it)."""


@dataclass(frozen=True)
class Section(catalog.SectionTitle):
    build: SectionBuilder

    def flowables(self, ctx: Context) -> list[Flowable]:
        """The section under its numbered heading, titled by the catalog: the section the
        « Bilans » screen offers reads the same in the bilan and in its contents list."""
        return self.build(ctx, ctx.section(self.title))


@dataclass(frozen=True)
class ReportKind(catalog.Kind):
    """A kind of the catalog with the builder of each of its sections."""

    sections: tuple[Section, ...]
    story: Callable[..., list[Flowable]] | None = None
    """``story(ctx, kind, chosen_keys)``: cover, contents and sections; None: the activity
    bilan's layout (``activity.story``)."""

    @classmethod
    def of(cls, kind: catalog.Kind, builders: Mapping[str, SectionBuilder],
           story: Callable[..., list[Flowable]] | None = None) -> ReportKind:
        """``kind`` with ``builders``, one for each of its section keys."""
        if set(builders) != set(kind.section_keys):
            raise ValueError(f"{kind.key}: builders for {sorted(builders)}, "
                             f"sections {list(kind.section_keys)}")
        return cls(kind.key, kind.title,
                   tuple(Section(s.key, s.title, builders[s.key]) for s in kind.sections),
                   takes_campaign=kind.takes_campaign, one_month=kind.one_month,
                   cover=kind.cover, story=story)


# --- Cover ----------------------------------------------------------------------------------------

def cover_opening(ctx: Context, title: str, subtitle: str, coverage: str,
                  mission) -> list[Flowable]:
    """The top of every bilan's cover, so that all kinds present themselves alike: the
    ADIL's logo if it has one, title, subject, what the bilan covers, then the département
    and who writes; each kind adds its own :func:`cover_line` after."""
    s = ctx.styles
    top = [cover_logo(mission.logo), Spacer(1, 10 * mm)] if mission.logo else [Spacer(1, 6 * mm)]
    story: list[Flowable] = [
        *top,
        Paragraph(escape(title), s.title),
        Paragraph(escape(subtitle), s.subtitle),
        Paragraph(escape(coverage[:1].upper() + coverage[1:]), s.subtitle),
        Spacer(1, 16 * mm),
    ]
    story += cover_line(ctx, "Département", mission.department_label)
    story += cover_line(ctx, "Structure porteuse", mission.adil_name)
    if mission.officer_name.strip():
        story += cover_line(ctx, "Rédigé par", f"{mission.officer_name}, {OFFICER_TITLE}")
    return story


def cover_line(ctx: Context, label: str, value: str) -> list[Flowable]:
    """« DÉPARTEMENT » over « Gers (32) »."""
    return [Paragraph(escape(label.upper()), ctx.styles.cover_label),
            Paragraph(escape(value), ctx.styles.cover_meta), Spacer(1, 7)]


TIGHT = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
         ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
"""A layout table's cells without padding."""


def layout_table(rows: list[list[object]], widths: list[float | None], commands: list[tuple],
                 **options) -> Table:
    """A table that places things side by side, set in Carlito even where it draws nothing
    (reportlab's default would make the PDF reference Helvetica, a font it does not embed)."""
    return Table(rows, colWidths=widths, hAlign="LEFT", style=TableStyle(
        [("FONTNAME", (0, 0), (-1, -1), REGULAR), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
         *commands]), **options)


def letterhead(mission: Mission, style: ParagraphStyle) -> Flowable:
    """The ADIL at the top of a document without a cover (a paper questionnaire, a
    meeting's relevé): its name in bold over its département, beside its logo if it has
    one."""
    sender = [Paragraph(french_spacing(line), style) for line in (
        f"<b>{escape(mission.adil_name)}</b>",
        f"Département : {escape(mission.department_label)}")]
    if not mission.logo:
        return KeepTogether(sender)
    return layout_table([[cover_logo(mission.logo), sender]],
                        [st.FRAME_WIDTH * 0.4, st.FRAME_WIDTH * 0.6], TIGHT)


# --- Tables ---------------------------------------------------------------------------------------

class Markup(str):
    """A cell text that is trusted markup (pexdesk's own template, values escaped)."""


Cell = object  # str (user text, escaped), Markup, number text, or a Flowable


@dataclass(frozen=True)
class TableLayout:
    """How a zebra table sets its cells: column widths, alignment, font size. Cells are
    converted once (:meth:`row`), then laid out in one table or, for a long list, in one
    table per page (:class:`PageByPageTable`)."""

    widths: tuple[float, ...]
    align: str
    font_size: float = 8.5

    @classmethod
    def of(cls, widths: Sequence[float], align: str = "", font_size: float = 8.5) -> TableLayout:
        """``align`` has one letter per column (L, R, C; numbers go right), L by default."""
        return cls(tuple(widths), (align or "L" * len(widths)).ljust(len(widths), "L"),
                   font_size)

    def row(self, values: Sequence[Cell], header: bool = False) -> list[object]:
        """Plain strings are user text: drawn as is when they fit their column and need
        no fallback face (a table draws each cell in one font), else set in an escaped
        paragraph; ``Markup`` cells are trusted paragraph markup."""
        styles = self._styles(header)
        font = BOLD if header else REGULAR
        cells: list[object] = []
        for value, align, room in zip(values, self.align, self._rooms):
            if isinstance(value, (Flowable, list)):
                cells.append(value)
            elif isinstance(value, Markup):
                cells.append(stacked(Paragraph(french_spacing(value), styles[align])))
            else:
                text = "" if value is None else drawable(str(value))
                if self._drawn_as_is(text, font, room):
                    cells.append(text)  # drawn as is by the table: cheaper than a paragraph
                else:
                    cells.append(Paragraph(escape(text), styles[align]))
        return cells

    def _drawn_as_is(self, text: str, font: str, room: float) -> bool:
        """Whether the table can draw ``text`` itself: each of its lines fits ``room``
        in the table's one font."""
        if any(fallback_runs(text)):
            return False
        if "\n" not in text:
            return measured_width(text, font, self.font_size) <= room
        return all(measured_width(line, font, self.font_size) <= room
                   for line in text.split("\n"))

    @cached_property
    def _rooms(self) -> tuple[float, ...]:
        """The width each column leaves its text, a point short of the padding."""
        return tuple(width - 2 * CELL_PADDING - 1 for width in self.widths)

    def table(self, data: list[list[object]], heads: int, total: bool = False,
              highlight: Sequence[int] = (), marked: Sequence[tuple[int, int]] = (),
              heights: Sequence[float] | None = None) -> Table:
        """``data``: ``heads`` header rows, the body rows, then the total row if ``total``;
        ``heights``: the rows' heights when they are known, which reportlab then takes
        instead of measuring the cells. Else a row of strings is given the height
        reportlab would measure; reportlab measures the others. The cells are as
        :meth:`row` makes them, which reportlab need not normalise (a text for None)."""
        body_rows = len(data) - heads - (1 if total else 0)
        commands = [
            ("BACKGROUND", (0, 0), (-1, heads - 1), st.HEADER_BG),
            ("LINEBELOW", (0, heads - 1), (-1, heads - 1), 0.9, st.PRIMARY),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, st.RULE),
        ]
        if body_rows:
            commands.append(("ROWBACKGROUNDS", (0, heads), (-1, heads + body_rows - 1),
                             [colors.white, st.ZEBRA]))
        for column, row in marked:
            cell = (column, heads + row)
            commands.append(("BACKGROUND", cell, cell, st.ACCENT_LIGHT))
        for index in highlight:
            commands.append(("BACKGROUND", (0, heads + index), (-1, heads + index),
                             st.ACCENT_LIGHT))
        if total:
            commands += [("LINEABOVE", (0, -1), (-1, -1), 0.8, st.PRIMARY),
                         ("BACKGROUND", (0, -1), (-1, -1), st.HEADER_BG)]
        kind = CarryingLongTable if len(data) > LONG_TABLE_ROWS else CarryingTable
        cell_styles = self._cell_styles(len(data), heads, total, marked)
        if heights is None:
            heights = [_strings_height(row, row_styles)
                       for row, row_styles in zip(data, cell_styles)]
        table = kind(data, colWidths=list(self.widths), repeatRows=heads, hAlign="LEFT",
                     rowHeights=list(heights), cellStyles=cell_styles, normalizedData=1)
        table.setStyle(TableStyle(commands))
        return table

    def _cell_styles(self, rows: int, heads: int, total: bool,
                     marked: Sequence[tuple[int, int]]) -> list[list[CellStyle]]:
        """Each cell's font, colour and alignment, given to the table rather than set by
        style commands: reportlab applies a command to every cell it covers, and a dozen
        commands over every cell were a tenth of the time spent building a bilan's story.
        The cells share a few styles (reportlab alters a cell's style only when it splits
        a spanning or vertically centred cell, which these tables have not)."""
        header = [self._cell_style(BOLD, st.PRIMARY, "BOTTOM", a) for a in self.align]
        body = [self._cell_style(REGULAR, st.INK, "TOP", a) for a in self.align]
        styles = [list(header) for _ in range(heads)] + [list(body)
                                                         for _ in range(rows - heads)]
        if total:
            styles[-1] = [self._cell_style(BOLD, st.INK, "TOP", a) for a in self.align]
        for column, row in marked:
            styles[heads + row][column] = self._cell_style(BOLD, st.ACCENT, "TOP",
                                                           self.align[column])
        return styles

    def _cell_style(self, font: str, color: colors.Color, valign: str, align: str) -> CellStyle:
        return _cell_style(font, self.font_size, color, valign, align)

    def _styles(self, header: bool) -> dict[str, object]:
        return self._header_styles if header else self._body_styles

    @cached_property
    def _header_styles(self) -> dict[str, object]:
        s = st.styles()
        return self._sized({"L": s.cell_header, "R": s.cell_header_right,
                            "C": s.cell_header_center})

    @cached_property
    def _body_styles(self) -> dict[str, object]:
        s = st.styles()
        return self._sized({"L": s.cell, "R": s.cell_right, "C": s.cell_center})

    def _sized(self, styles: dict[str, object]) -> dict[str, object]:
        if self.font_size == 8.5:
            return styles
        return {k: _resized(v, self.font_size) for k, v in styles.items()}


def data_table(header: Sequence[Cell], rows: Sequence[Sequence[Cell]], widths: Sequence[float],
               align: str = "", total: Sequence[Cell] | None = None,
               highlight: Sequence[int] = (), font_size: float = 8.5,
               marked: Sequence[tuple[int, int]] = (),
               header_rows: Sequence[Sequence[Cell]] = ()) -> Table:
    """A zebra table whose header row repeats on every page it spans (cells as
    :meth:`TableLayout.row` sets them). ``highlight`` lists body rows (0-based) to tint
    with the accent colour (late actions); ``marked`` lists (column, body row) cells to
    tint and set in bold accent."""
    layout = TableLayout.of(widths, align, font_size)
    heads = [layout.row(h, header=True) for h in (*header_rows, header)]
    data = heads + [layout.row(row) for row in rows]
    if total is not None:
        data.append(layout.row(total))
    return layout.table(data, len(heads), total is not None, highlight, marked)


def long_list_table(header: Sequence[Cell], rows: Sequence[Sequence[Cell]],
                    widths: Sequence[float], align: str = "",
                    font_size: float = 8.5) -> Flowable:
    """:func:`data_table` for a list that may run to thousands of rows (the partner annex):
    beyond :data:`PAGE_BY_PAGE_ROWS` rows it is laid out a page at a time."""
    if len(rows) <= PAGE_BY_PAGE_ROWS:
        return data_table(header, rows, widths, align, font_size=font_size)
    layout = TableLayout.of(widths, align, font_size)
    return PageByPageTable(layout, layout.row(header, header=True),
                           [layout.row(row) for row in rows])


class _CarriesRows:
    """Splits so that the next page gets :data:`ROWS_CARRIED` rows at least: when fewer
    would go over, more go, and the page ends after the rows left (reportlab would
    otherwise set the rest, header repeated, in the room they leave)."""

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        if len(parts) != 2:
            return parts
        heads = self.repeatRows
        kept, carried = (len(part._cellvalues) - heads for part in parts)
        short = ROWS_CARRIED - carried
        if short <= 0 or kept - short < 1:
            return parts
        height = sum(self._rowHeights[:heads + kept - short])
        parts = super().split(available_width, height + TIE)
        return [parts[0], CondPageBreak(PAST_ANY_PAGE), parts[1]] if len(parts) == 2 else parts


def _strings_height(cells: list[object], styles: list[CellStyle]) -> float | None:
    """The height ``Table._calc_height`` gives a row whose cells are all strings (each
    line a leading, and the padding), computed as it computes it; None for a row with a
    flowable."""
    height = 0
    for cell, style in zip(cells, styles):
        if not isinstance(cell, str):
            return None
        cell_height = style.leading * (cell.count("\n") + 1)
        cell_height += style.bottomPadding + style.topPadding
        if cell_height > height:
            height = cell_height
    return height


class CarryingTable(DrawsTextDirectly, FillsBackgroundsDirectly, _CarriesRows,
                    MeasuresOncePerWidth, Table):
    pass


class CarryingLongTable(DrawsTextDirectly, FillsBackgroundsDirectly, _CarriesRows,
                        MeasuresOncePerWidth, LongTable):
    pass


class PageByPageTable(Flowable):
    """A long table cut into one table per page, each with the header row.

    reportlab measures every remaining row again at each page break, LongTable included:
    a 10,000-row list took O(rows × pages), 6 s of a 13 s bilan. Here the cells are
    converted once and the rows measured once; a page takes the rows whose heights add up
    to what it has left, and its table is given their heights. (Measuring candidate tables
    of about a page of rows instead, two to six per page, was a fifth of the large bilan's
    layout.) The zebra stripes start afresh on each page."""

    def __init__(self, layout: TableLayout, header: list[object], rows: list[list[object]],
                 heights: tuple[float, list[float]] | None = None):
        super().__init__()
        self.layout = layout
        self.header = header
        self.rows = rows
        # The header's height and each row's: the columns' widths are fixed, so they hold
        # on every page.
        self.heights = heights

    def wrap(self, available_width, available_height):
        return available_width, 0xFFFFFF  # always split: the frame lays out the pages

    def split(self, available_width, available_height):
        if self.heights is None:
            self.heights = self._measure(available_width)
        count = self._rows_fitting(available_width, available_height)
        if not count:
            return []  # not a row fits here: the list goes on the next page
        page = self._table(count)
        if count == len(self.rows):
            return [page]
        header, rows = self.heights
        return [page, PageByPageTable(self.layout, self.header, self.rows[count:],
                                      (header, rows[count:]))]

    def _measure(self, width: float) -> tuple[float, list[float]]:
        """The header's height and each row's, measured by tables of :data:`MEASURED_ROWS`
        rows: reportlab looks for each row still to measure from the table's first, which
        grows as the square of its rows."""
        header, rows = 0.0, []
        for start in range(0, len(self.rows), MEASURED_ROWS):
            table = self.layout.table([self.header, *self.rows[start:start + MEASURED_ROWS]], 1)
            table.wrap(width, 0x7FFFFFFF)
            header, *measured = table._rowHeights
            rows += measured
        return header, rows

    def _table(self, count: int) -> Table:
        header, rows = self.heights
        return self.layout.table([self.header, *self.rows[:count]], 1,
                                 heights=[header, *rows[:count]])

    def _rows_fitting(self, width: float, height: float) -> int:
        """The most rows whose table fits ``height``, from the sum of their heights; when
        that sum comes within :data:`TIE` of ``height``, the table's own height decides
        (it sums its way, which may differ in the last bits)."""
        total, rows = self.heights
        count = 0
        for row in rows:
            total += row
            if total > height + TIE or (total >= height - TIE and
                                        self._table(count + 1).wrap(width, height)[1] > height):
                break
            count += 1
        return count


class TableWithTail(Flowable):
    """A table, which splits across pages like any other, then the notes that close it,
    which never start a page alone: when they do not fit after the table's last row, that
    row goes over with them. Kept together instead, a table taller than what is left of
    the page goes whole to the next one and leaves a blank half page behind."""

    def __init__(self, table: Table, tail: Sequence[Flowable]):
        super().__init__()
        self.table = table
        self.tail = list(tail)

    def wrap(self, available_width, available_height):
        return available_width, 0xFFFFFF  # always split: the frame lays out the parts

    def split(self, available_width, available_height):
        parts = [self.table, *self.tail]
        if _listWrapOn(parts, available_width, self.canv)[1] <= available_height:
            return parts
        table_height = self.table.wrap(available_width, available_height)[1]
        pieces = self.table.split(available_width, min(available_height, table_height - 1))
        if len(pieces) < 2:
            return []  # not a row fits here: all of it goes to the next page
        return [*pieces[:-1], TableWithTail(pieces[-1], self.tail)]


class RoomToStart(Flowable):
    """A heading and what follows it (a sentence, a table), started on this page only when
    all of it fits or at least ``room`` is left: then the heading always has its first
    lines or rows under it. A table longer than that starts at once and runs on, where a
    ``KeepTogether`` would send all of it to the next page and leave a blank half page."""

    def __init__(self, flowables: Sequence[Flowable], room: float):
        super().__init__()
        self.flowables = list(flowables)
        self.room = room

    def wrap(self, available_width, available_height):
        return available_width, 0xFFFFFF  # always split: the frame lays out the parts

    def split(self, available_width, available_height):
        needed = _listWrapOn(self.flowables, available_width, self.canv)[1]
        if min(needed, self.room) > available_height:
            return []  # too little room here: all of it goes to the next page
        return self.flowables


@cache
def _cell_style(font: str, size: float, color: colors.Color, valign: str,
                align: str) -> CellStyle:
    style = CellStyle(f"{font}-{size}-{valign}-{align}")
    style.fontname, style.fontsize, style.leading = font, size, size * 1.25
    style.color, style.valign = color, valign
    style.alignment = {"L": "LEFT", "R": "RIGHT", "C": "CENTER"}[align]
    style.topPadding, style.bottomPadding = 3, 3.5
    style.leftPadding = style.rightPadding = CELL_PADDING
    return style


def _resized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    """``style`` in ``size``, kept for good (:func:`st.variant`): made anew for each table
    in a smaller type, 24 styles in the satisfaction bilan, its markup was parsed again."""
    return st.variant(style, f"{style.name}-{size}", fontSize=size, leading=size * 1.25)


def kpi_tiles(items: Sequence[tuple[str, str, str]], width: float = st.FRAME_WIDTH) -> Table:
    """Big key figures side by side: (value, label, comparison) each."""
    s = st.styles()
    gap = 6
    tile = (width - gap * (len(items) - 1)) / len(items)
    cells, widths = [], []
    for index, (value, label, change) in enumerate(items):
        cells.append([Paragraph(escape(value), s.kpi_value), Paragraph(escape(label), s.kpi_label),
                      Spacer(1, 2), Paragraph(escape(change), s.kpi_change)])
        widths.append(tile)
        if index < len(items) - 1:
            cells.append("")
            widths.append(gap)
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 6)]
    for index in range(0, len(cells), 2):
        commands += [("BACKGROUND", (index, 0), (index, 0), st.ZEBRA),
                     ("LINEABOVE", (index, 0), (index, 0), 2.2, st.PRIMARY)]
    table.setStyle(TableStyle(commands))
    return table


def figure(ctx: Context, drawing: Drawing, caption: str, heading: Flowable | None = None,
           extra: Sequence[Flowable] = ()) -> KeepTogether:
    """A chart with its numbered caption (plain text), kept on one page with ``heading``."""
    return KeepTogether(figure_parts(ctx, drawing, caption, heading, extra))


def figure_parts(ctx: Context, drawing: Drawing, caption: str, heading: Flowable | None = None,
                 extra: Sequence[Flowable] = ()) -> list[Flowable]:
    """The flowables of :func:`figure`, to keep together with more: a ``KeepTogether``
    inside another reports an infinite height and always pushes the outer one to the next
    page, so callers flatten instead of nesting."""
    number = ctx.next_figure()
    parts: list[Flowable] = [heading] if heading is not None else []
    parts += [Spacer(1, 4), drawing,
              Paragraph(f"<b>Figure {number}.</b> {escape(caption)}", ctx.styles.caption),
              *extra]
    return parts


def paragraph(ctx: Context, template: str, **values: object) -> Paragraph:
    """Body text from a pexdesk template (trusted markup), values escaped."""
    return Paragraph(french_spacing(template.format(**{k: escape(v) for k, v in values.items()})),
                     ctx.styles.body)


def note(ctx: Context, text: str) -> Paragraph:
    return Paragraph(french_spacing(escape(text)), ctx.styles.note)


def bullets(ctx: Context, items: Sequence[str]) -> list[Paragraph]:
    """Bulleted paragraphs from trusted markup items."""
    return [Paragraph(french_spacing(item), ctx.styles.bullet, bulletText="•") for item in items]
