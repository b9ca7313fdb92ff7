"""Page geometry, colours and named paragraph styles shared by every bilan.

One restrained, colour-blind-safe palette: a navy scale whose three tones stay
distinct once printed in grey, and one warm accent (Okabe–Ito vermillion) kept for
what needs attention (late actions). Charts use the same tones and the same font.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from pexdesk.core.services.charts_geometry import LEVEL_COLOURS
from pexdesk.core.services.reporting.fonts import BOLD, ITALIC, REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5B6470")
PRIMARY = colors.HexColor("#1F4E79")
SECONDARY = colors.HexColor("#6A9BC3")
TERTIARY = colors.HexColor("#C5DAEB")
ACCENT = colors.HexColor("#C0510A")
ACCENT_LIGHT = colors.HexColor("#FBE3D3")
RULE = colors.HexColor("#B8C2CC")
GRID = colors.HexColor("#E1E6EB")
ZEBRA = colors.HexColor("#F3F6F9")
HEADER_BG = colors.HexColor("#DCE6F0")
WHITE = colors.white
SHADE = colors.HexColor("#EBEBEB")
"""A band behind a chart's series (the trêve hivernale): a neutral grey, apart from the
navy series and still grey, not white, once printed in black and white."""

SERIES = (PRIMARY, SECONDARY, TERTIARY)
"""Series tones, darkest first: distinct greys in black and white."""

LIKERT = tuple(colors.HexColor(c) for c in LEVEL_COLOURS)
"""Scores 1 to 5 of a diverging bar: dark red, orange | pale grey | blue, dark blue
(defined with the chart's geometry, ``core.services.charts_geometry``)."""


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cover_meta: ParagraphStyle
    cover_label: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    body_left: ParagraphStyle
    bullet: ParagraphStyle
    action_title: ParagraphStyle
    quote: ParagraphStyle
    caption: ParagraphStyle
    note: ParagraphStyle
    empty: ParagraphStyle
    cell: ParagraphStyle
    cell_small: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    cell_header: ParagraphStyle
    cell_header_right: ParagraphStyle
    cell_header_center: ParagraphStyle
    kpi_value: ParagraphStyle
    kpi_label: ParagraphStyle
    kpi_change: ParagraphStyle
    toc_title: ParagraphStyle
    toc_levels: tuple[ParagraphStyle, ...]


@cache
def variant(parent: ParagraphStyle, name: str, **changes: object) -> ParagraphStyle:
    """``parent`` (one of :func:`styles`) with ``changes``, made once: a style made anew
    for each bilan or table has its markup read again by reportlab's parser
    (``paragraph._parsed``, 50 to 100 µs a style and tag). The named styles are made
    once and never changed, so their variants are kept for good."""
    return ParagraphStyle(name, parent=parent, **changes)


@cache
def styles() -> Styles:
    """The named styles (built once, after the font is registered)."""
    register_fonts()

    def style(name: str, **kw) -> ParagraphStyle:
        base = dict(fontName=REGULAR, fontSize=10, leading=14, textColor=INK,
                    bulletFontName=REGULAR)
        base.update(kw)
        return ParagraphStyle(name, **base)

    cell = style("Cellule", fontSize=8.5, leading=10.5)
    header = style("EnteteCellule", fontName=BOLD, fontSize=8.5, leading=10.5, textColor=PRIMARY)
    return Styles(
        title=style("Titre", fontName=BOLD, fontSize=30, leading=36, textColor=PRIMARY,
                    spaceAfter=6),
        subtitle=style("SousTitre", fontSize=14, leading=19, textColor=INK, spaceAfter=4),
        cover_meta=style("Couverture", fontSize=11.5, leading=16),
        cover_label=style("CouvertureLibelle", fontName=BOLD, fontSize=8.5, leading=11,
                          textColor=MUTED),
        h1=style("Titre1", fontName=BOLD, fontSize=18, leading=23, textColor=PRIMARY,
                 spaceBefore=0, spaceAfter=8, keepWithNext=1),
        h2=style("Titre2", fontName=BOLD, fontSize=13, leading=17, textColor=PRIMARY,
                 spaceBefore=12, spaceAfter=5, keepWithNext=1),
        h3=style("Titre3", fontName=BOLD, fontSize=10.5, leading=14, textColor=INK,
                 spaceBefore=8, spaceAfter=3, keepWithNext=1),
        body=style("Corps", alignment=TA_JUSTIFY, spaceAfter=6),
        body_left=style("CorpsGauche", alignment=TA_LEFT, spaceAfter=4),
        bullet=style("Puce", leftIndent=12, bulletIndent=2, spaceAfter=2, fontSize=9.5,
                     leading=13),
        action_title=style("TitreAction", fontSize=9.5, leading=13, spaceBefore=5, spaceAfter=1,
                           keepWithNext=1),
        quote=style("Verbatim", fontName=ITALIC, leftIndent=14, rightIndent=14, textColor=INK,
                    spaceAfter=4),
        caption=style("Legende", fontName=ITALIC, fontSize=8.5, leading=11, textColor=MUTED,
                      spaceBefore=2, spaceAfter=8),
        note=style("Note", fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=6),
        empty=style("AucuneDonnee", fontName=ITALIC, fontSize=10, leading=14, textColor=MUTED,
                    spaceBefore=2, spaceAfter=8),
        cell=cell,
        cell_small=style("CelluleNote", fontSize=7.5, leading=9.5, textColor=MUTED),
        cell_right=ParagraphStyle("CelluleDroite", parent=cell, alignment=TA_RIGHT),
        cell_center=ParagraphStyle("CelluleCentre", parent=cell, alignment=TA_CENTER),
        cell_header=header,
        cell_header_right=ParagraphStyle("EnteteDroite", parent=header, alignment=TA_RIGHT),
        cell_header_center=ParagraphStyle("EnteteCentre", parent=header, alignment=TA_CENTER),
        kpi_value=style("ChiffreCle", fontName=BOLD, fontSize=22, leading=26, textColor=PRIMARY,
                        alignment=TA_LEFT),
        kpi_label=style("ChiffreCleLibelle", fontSize=8.5, leading=10.5, textColor=INK),
        kpi_change=style("ChiffreCleEvolution", fontSize=8, leading=10, textColor=MUTED),
        toc_title=style("SommaireTitre", fontName=BOLD, fontSize=18, leading=23,
                        textColor=PRIMARY, spaceAfter=14),
        toc_levels=(
            style("Sommaire1", fontName=BOLD, fontSize=10.5, leading=13, spaceBefore=5,
                  leftIndent=0, firstLineIndent=0, textColor=INK),
            style("Sommaire2", fontSize=9.5, leading=12, spaceBefore=0, leftIndent=16,
                  firstLineIndent=0, textColor=INK),
        ),
    )
