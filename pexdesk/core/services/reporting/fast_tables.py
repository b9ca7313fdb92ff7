"""What makes reportlab's tables cheaper to measure and to draw, for any table of the
bilans: the zebra tables of ``blocks.py`` and the table of contents of ``document.py``
(which ``blocks.py`` imports, hence a module of their own). Each is a mixin placed before
reportlab's ``Table`` (or ``LongTable``) and gives what reportlab would: the same
measures, the same drawing."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import PATH_OPS as _PATH_OPS
from reportlab.platypus.tables import _SPECIALROWS as _SPECIAL_ROWS
from reportlab.platypus.tables import CellStyle

from pexdesk.core.services.reporting.direct_text import (DirectText, draw_paragraph, fill_operator,
                                                         plain_fill)
from pexdesk.core.services.reporting.paragraph import Paragraph


class MeasuresOncePerWidth:
    """Measures its rows once per width. reportlab measures a table again at each
    request — ``KeepTogether`` asks, then the frame, then ``split`` — though its measure
    depends only on the width and cells, which never change once the table is made (its
    parts after a split are new tables): only a table with spanning cells may stop
    measuring rows where the height given runs out, and that one is measured each time,
    as reportlab does."""

    def _calc(self, availWidth, availHeight):
        if self._spanCmds:
            super()._calc(availWidth, availHeight)
        elif getattr(self, "_measured_width", None) != availWidth:
            super()._calc(availWidth, availHeight)
            self._measured_width = availWidth


class DrawsTextDirectly:
    """Draws its string cells, and its cells of paragraphs, as runs of one
    :class:`DirectText`, in the font, colour and place reportlab's ``_drawCell`` gives
    them; any other cell is reportlab's to draw, the text object closed before it.
    reportlab draws the cells after the backgrounds and before the lines, which
    ``_drawLines`` begins: the text ends there."""

    def draw(self):
        self._text = DirectText(self.canv)
        self._direct_styles: dict[int, bool] = {}
        super().draw()

    def _drawCell(self, cellval, cellstyle, pos, size):
        direct = self._direct_styles.get(id(cellstyle))
        if direct is None:
            direct = self._direct_styles[id(cellstyle)] = (
                _drawn_directly(cellstyle) and self._text.fills(cellstyle.color))
        if direct and isinstance(cellval, str):
            self._draw_string(cellval, cellstyle, pos, size)
        elif direct and type(cellval) is Paragraph:  # a row whose height was given
            self._draw_paragraphs((cellval,), cellstyle, pos, size)
        elif (direct and isinstance(cellval, (list, tuple))
              and all(type(value) is Paragraph for value in cellval)):
            self._draw_paragraphs(cellval, cellstyle, pos, size)
        else:
            self._text.close()
            super()._drawCell(cellval, cellstyle, pos, size)

    def _drawLines(self):
        self._text.close()
        super()._drawLines()

    def _draw_string(self, text: str, style: CellStyle, pos, size) -> None:
        """reportlab's placement of a string cell's lines (``Table._drawCell``)."""
        colpos, rowpos = pos
        colwidth, rowheight = size
        lines = text.split("\n") if "\n" in text else (text,)
        leading, fontsize, valign = style.leading, style.fontsize, style.valign
        if valign == "TOP":
            y = rowpos + rowheight - style.topPadding - fontsize
        elif valign == "BOTTOM":
            y = rowpos + style.bottomPadding + len(lines) * leading - fontsize
        else:
            y = (rowpos + (style.bottomPadding + rowheight - style.topPadding
                           + len(lines) * leading) / 2.0 - fontsize)
        font, just = style.fontname, style.alignment
        for line in lines:
            if just == "LEFT":
                x = colpos + style.leftPadding
            else:
                width = stringWidth(line, font, fontsize)
                if just == "RIGHT":
                    x = colpos + colwidth - style.rightPadding - width
                else:
                    x = colpos + (colwidth + style.leftPadding - style.rightPadding) * 0.5
                    x = x - 0.5 * width
            self._text.draw(x, y, line, font, fontsize, leading, style.color)
            y -= leading

    def _draw_paragraphs(self, cell, style: CellStyle, pos, size) -> None:
        """reportlab's placement of a cell's paragraphs (``Table._drawCell``, the cell
        measured by ``_calc_height`` into a tuple of flowables), each drawn in the text
        object when it can be, else by reportlab."""
        colpos, rowpos = pos
        colwidth, rowheight = size
        widths, heights = [], []
        height = self._listCellGeom(cell, colwidth, style, W=widths, H=heights,
                                    aH=rowheight)[1]
        if style.valign == "TOP":
            y = rowpos + rowheight - style.topPadding
        elif style.valign == "BOTTOM":
            y = rowpos + style.bottomPadding + height
        else:
            y = rowpos + (rowheight + style.bottomPadding - style.topPadding + height) / 2.0
        if cell:
            y += cell[0].getSpaceBefore()
        for paragraph, width, height in zip(cell, widths, heights):
            if style.alignment == "LEFT":
                x = colpos + style.leftPadding
            elif style.alignment == "RIGHT":
                x = colpos + colwidth - style.rightPadding - width
            else:
                x = colpos + (colwidth + style.leftPadding - style.rightPadding - width) / 2.0
            y -= paragraph.getSpaceBefore()
            y -= height
            if not draw_paragraph(paragraph, self.canv, x, y, text=self._text):
                self._text.close()
                paragraph.drawOn(self.canv, x, y)
            y -= paragraph.getSpaceAfter()


class FillsBackgroundsDirectly:
    """Fills its backgrounds, when they are all plain colours (one for a block of cells,
    colours cycling over rows), with the operators reportlab's ``_drawBkgrnd`` writes,
    without going through the canvas's colour and rectangle methods for each row (a
    colour is set again for each row, as reportlab does); any other background (a
    gradient, a callable, colours over columns, spanned cells) is reportlab's to fill."""

    def _drawBkgrnd(self):
        canvas = self.canv
        if getattr(self, "_spanRects", None):
            super()._drawBkgrnd()
            return
        commands = []
        for cmd, start, stop, arg in self._bkgrndcmds:
            if start[1] in _SPECIAL_ROWS:
                continue  # reportlab's too
            if cmd == "BACKGROUND" and plain_fill(canvas, arg):
                commands.append((cmd, start, stop, [arg]))
                continue
            cycle = ([colors.toColorOrNone(color) for color in arg]
                     if cmd == "ROWBACKGROUNDS" and isinstance(arg, (list, tuple)) else None)
            if cycle is None or not all(color is None or plain_fill(canvas, color)
                                        for color in cycle):
                super()._drawBkgrnd()
                return
            commands.append((cmd, start, stop, cycle))
        code, fill = canvas._code, _PATH_OPS[0, 1, canvas._fillMode]
        nrows, ncols = self._nrows, self._ncols
        columns, rows = self._colpositions, self._rowpositions
        for cmd, (sc, sr), (ec, er), cycle in commands:
            sc, ec = sc + ncols if sc < 0 else sc, ec + ncols if ec < 0 else ec
            sr, er = sr + nrows if sr < 0 else sr, er + nrows if er < 0 else er
            x0, y0 = columns[sc], rows[sr]
            w, h = columns[min(ec + 1, ncols)] - x0, rows[min(er + 1, nrows)] - y0
            if cmd == "BACKGROUND":
                code.append(fill_operator(cycle[0]))
                code.append(f"n {fp_str(x0, y0, w, h)} re {fill}")
                continue
            for index in range(er - sr + 1):
                color, h = cycle[index % len(cycle)], self._rowHeights[sr + index]
                if color:
                    code.append(fill_operator(color))
                    code.append(f"n {fp_str(x0, y0, w, -h)} re {fill}")
                y0 = y0 - h


def _drawn_directly(style: CellStyle) -> bool:
    """Whether a cell in ``style`` is one :class:`DirectText` draws as reportlab would
    (a string's colour aside): left, right or centred, in a TrueType font, without a link,
    a direction or shaping."""
    return bool(style.alignment in _ALIGNED and style.valign in _VALIGNED and not style.href
                and not style.destination and not style.direction and not style.shaping
                and getFont(style.fontname)._dynamicFont)


_ALIGNED = frozenset(("LEFT", "RIGHT", "CENTER", "CENTRE"))
_VALIGNED = frozenset(("TOP", "BOTTOM", "MIDDLE"))
