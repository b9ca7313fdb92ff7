"""The paper questionnaire of a feedback campaign, to print and hand out.

Many partners answer on paper (at a CCAPEX meeting, by post), and the chargé(e) de
mission keys the questionnaires in on « Retours des partenaires ». The paper asks in
the order the entry form does, so that keying in runs down the page: the date, the
partner category, the département, the overall appreciation (1 to 5, without « non
concerné », which the base does not store for it), each item numbered as the form numbers
it (1 to 5 or « non concerné »), then the comment. Nothing on it asks for a name
(shared/domain.md §9): the introduction and the comment box say not to write any.

Boxes are vector shapes (``form_fields``); the score grid's legend and column titles are
repeated at the top of each page it runs onto, and a question's row never splits. The
PDF is written atomically; the base is only read, then the questionnaire recorded in its
journal (:func:`build_questionnaire`), as a bilan is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pexdesk.core.services.reporting.output import write_atomically  # first: see its docstring
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import NotFoundError
from pexdesk.core.formatting import format_date, format_date_unbroken, format_period
from pexdesk.core.reference.questionnaire import OVERALL
from pexdesk.core.repositories import feedback, mapper
from pexdesk.core.services.charts_geometry import LEVEL_NAMES, LEVELS
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.blocks import TIGHT, layout_table, letterhead
from pexdesk.core.services.reporting.catalog import check_destination, report_summary
from pexdesk.core.services.reporting.data import Mission, check_campaign
from pexdesk.core.services.reporting.document import (OFFICER_TITLE, DocumentInfo, Heading,
                                                      ReportDocument)
from pexdesk.core.services.reporting.fonts import BOLD
from pexdesk.core.services.reporting.form_fields import (LINE, DigitBoxes, RuledFrame, TickBox,
                                                         WriteIn)
from pexdesk.core.services.reporting.paragraph import Paragraph
from pexdesk.core.services.reporting.source import DocumentSource
from pexdesk.core.services.reporting.text import escape, french_spacing, markup_para, user_para

TITLE = "Questionnaire aux partenaires"
NOT_CONCERNED = "Non concerné"
COMMENT_LINES = 9
LABEL_COLUMN = 40 * mm
"""The labels before the date's and the département's boxes."""
NUMBER_COLUMN = 8 * mm
SCORE_COLUMN = 11 * mm
NOT_CONCERNED_COLUMN = 19 * mm
NO_CAMPAIGN = ("La base ne contient aucune campagne de retours des partenaires : créez-en une "
               "dans « Retours des partenaires » (Nouvelle campagne…), puis imprimez son "
               "questionnaire.")


@dataclass(frozen=True)
class QuestionnaireData:
    """What the questionnaire prints, read from the base at once."""

    mission: Mission
    campaign: str
    period_start: date | None
    period_end: date | None
    items: tuple[tuple[int, str], ...]
    """(number, label) of each item, numbered and ordered as the entry form shows them."""
    categories: tuple[str, ...]
    """The labels of the base's partner categories, in its order."""
    today: date

    @property
    def collection(self) -> str:
        """« Collecte du 3 mars 2026 au 14 avril 2026 », « Collecte à partir du … »; ""."""
        if self.period_start and self.period_end:
            return f"Collecte {format_period(self.period_start, self.period_end)}"
        if self.period_start:
            return f"Collecte à partir du {format_date(self.period_start)}"
        if self.period_end:
            return f"Collecte jusqu'au {format_date(self.period_end)}"
        return ""

    def summary(self, out: Path) -> str:
        """The journal's line once written to ``out``: « Questionnaire aux partenaires
        (campagne « Enquête 2026 ») vers FICHIER »."""
        return report_summary(TITLE, f"campagne « {self.campaign} »", out)


def gather_questionnaire(con: sqlite3.Connection, campaign: str | None = None,
                         today: date | None = None) -> QuestionnaireData:
    """The campaign ``campaign`` (default: the latest, as « Retours des partenaires » shows
    first); NotFoundError (French) for an unknown campaign or a base without any."""
    if campaign is None:
        campaigns = feedback.campaigns(con)
        if not campaigns:
            raise NotFoundError(NO_CAMPAIGN)
        chosen = campaigns[0]
    else:
        chosen = feedback.find_campaign(con, check_campaign(con, campaign))
    items = tuple((item.position, item.label_text) for item in feedback.items_of(con, chosen.id))
    categories = tuple(label for label, in con.execute(
        "SELECT label FROM partner_category WHERE active = 1 ORDER BY sort_order, code"))
    return QuestionnaireData(Mission.of(mapper.get(con, Profile, 1)), chosen.name,
                             chosen.period_start, chosen.period_end, items, categories,
                             today or date.today())


def build_questionnaire(base_path: Path | str, out_path: Path | str,
                        campaign: str | None = None, today: date | None = None) -> Path:
    """Read the questionnaire of ``campaign`` from the base at ``base_path`` (opened read
    only) and write it to ``out_path`` atomically; returns the absolute path written. The
    questionnaire is then recorded in the base's journal unless another pexdesk has it open
    for writing, as a bilan is (the application, which reads through a connection of its
    own, records :meth:`QuestionnaireData.summary` on its writing one).
    A French :class:`~pexdesk.core.errors.PexdeskError` for a destination that is not a PDF
    in an existing folder, an unknown campaign, a base without any, an unusable base."""
    check_destination(out_path, "un questionnaire (PDF)")
    with DocumentSource(base_path) as source:
        data = gather_questionnaire(source.con, campaign, today)
        source.start_check()
        written = render_questionnaire(data, out_path, source.verified)
        source.record(data.summary(written))
    return written


def render_questionnaire(data: QuestionnaireData, out_path: Path | str,
                         before_replacing: Callable[[], object] | None = None) -> Path:
    """Lay ``data`` out as a PDF at ``out_path`` (atomically, ``before_replacing`` as for
    :func:`output.write_atomically`); uses nothing but the snapshot, so it may run on a
    worker thread."""
    out = check_destination(out_path, "un questionnaire (PDF)")
    write_atomically(out, lambda temporary: ReportDocument(
        temporary, document_info(data), cover=False).render(story(data)), "le questionnaire",
        before_replacing)
    return out


def document_info(data: QuestionnaireData) -> DocumentInfo:
    mission = data.mission
    return DocumentInfo(
        title=f"{TITLE} – {data.campaign}",
        author=mission.adil_name,
        subject=f"Questionnaire papier de la campagne « {data.campaign} » : l'avis des "
                f"partenaires sur la mission de prévention des expulsions locatives portée "
                f"par {mission.adil_in_text}, {mission.department_label}",
        keywords=f"prévention des expulsions, PEX, ADIL, questionnaire, enquête partenaires, "
                 f"satisfaction, {mission.department_name}",
        header_left=mission.adil_name,
        header_place=mission.department_label,
        header_right=TITLE,
        footer_left=data.campaign,
    )


# --- Layout -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Styles:
    kicker: ParagraphStyle
    title: ParagraphStyle
    campaign: ParagraphStyle
    body: ParagraphStyle
    strong: ParagraphStyle
    field: ParagraphStyle
    choice: ParagraphStyle
    question: ParagraphStyle
    overall: ParagraphStyle
    number: ParagraphStyle
    legend: ParagraphStyle
    column: ParagraphStyle
    heading: ParagraphStyle


def _styles() -> _Styles:
    s = st.styles()
    return _Styles(
        kicker=s.cover_label,
        title=ParagraphStyle("QuestionnaireTitre", parent=s.title, fontSize=20, leading=24,
                             spaceAfter=3),
        campaign=ParagraphStyle("QuestionnaireCampagne", parent=s.subtitle, fontSize=12.5,
                                leading=16, spaceAfter=0),
        body=ParagraphStyle("QuestionnaireCorps", parent=s.body, spaceAfter=5),
        strong=ParagraphStyle("QuestionnaireAvertissement", parent=s.body_left, fontName=BOLD,
                              spaceAfter=5),
        field=ParagraphStyle("QuestionnaireChamp", parent=s.body_left, fontName=BOLD,
                             spaceBefore=4, spaceAfter=4),
        choice=ParagraphStyle("QuestionnaireChoix", parent=s.body_left, fontSize=9.5,
                              leading=11.5, spaceAfter=0),
        question=ParagraphStyle("QuestionnaireQuestion", parent=s.body_left, leading=13,
                                spaceAfter=0),
        overall=ParagraphStyle("QuestionnaireGlobale", parent=s.body_left, fontName=BOLD,
                               leading=13, spaceAfter=0),
        number=ParagraphStyle("QuestionnaireNumero", parent=s.body_left, fontName=BOLD,
                              leading=13, spaceAfter=0),
        legend=ParagraphStyle("QuestionnaireLegende", parent=s.body_left, fontSize=9,
                              leading=11.5, spaceAfter=0),
        column=ParagraphStyle("QuestionnaireColonne", parent=s.cell_header_center,
                              textColor=st.INK, fontSize=10, leading=11, alignment=TA_CENTER),
        heading=ParagraphStyle("QuestionnaireSection", parent=s.h2, spaceBefore=14),
    )


def _text(template: str, style: ParagraphStyle, **values: object) -> Paragraph:
    """A paragraph of this module's own ``template`` (French spacing kept), values escaped."""
    return markup_para(french_spacing(template), style, **values)


def story(data: QuestionnaireData) -> list[Flowable]:
    styles = _styles()
    return [*_letterhead(data, styles), *_introduction(data, styles),
            *_structure(data, styles), *_scores(data, styles), *_comment(styles)]


def _heading(number: int, text: str, styles: _Styles) -> Heading:
    return Heading(text, styles.heading, 0, f"q{number}", str(number))


def _letterhead(data: QuestionnaireData, styles: _Styles) -> list[Flowable]:
    """The ADIL (its logo if it has one), then what is asked and for which campaign."""
    campaign = [user_para(data.campaign, styles.campaign)]
    if data.collection:
        campaign.append(user_para(data.collection, styles.campaign))
    return [letterhead(data.mission, styles.body), Spacer(1, 5 * mm),
            Paragraph(escape(TITLE.upper()), styles.kicker),
            Paragraph("Votre avis sur la mission de prévention des expulsions locatives",
                      styles.title),
            *campaign, Spacer(1, 4 * mm)]


def _introduction(data: QuestionnaireData, styles: _Styles) -> list[Flowable]:
    """Who asks and why, the anonymity rule, and where to return the questionnaire."""
    mission = data.mission
    asker = mission.adil_in_text[:1].upper() + mission.adil_in_text[1:]
    officer = mission.officer_name.strip()
    to_whom = f", à l'attention de {officer}, {OFFICER_TITLE}" if officer else ""
    deadline = (f", si possible avant le {format_date_unbroken(data.period_end)}"
                if data.period_end is not None and data.period_end >= data.today else "")
    giving_back = layout_table(
        [[_text("<b>À retourner à {adil}</b>{to_whom}, par courrier ou en main propre (par "
                "exemple lors d'une réunion de la CCAPEX){deadline}.", styles.body,
                adil=mission.adil_in_text, to_whom=to_whom, deadline=deadline)]],
        [st.FRAME_WIDTH],
        [("BOX", (0, 0), (-1, -1), LINE, st.INK),
         ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
         ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    return [
        _text("{asker} porte la mission de prévention des expulsions locatives dans le "
              "{department}. Vous en êtes partenaire : votre avis aide à évaluer ce qu'elle "
              "vous apporte et à l'améliorer ; les résultats figurent dans son bilan, par "
              "catégorie de partenaire.", styles.body,
              asker=asker, department=mission.department_in_text),
        _text("Vos réponses restent anonymes ; n'inscrivez aucun nom de ménage ni de "
              "personne.", styles.strong),
        giving_back,
    ]


def _structure(data: QuestionnaireData, styles: _Styles) -> list[Flowable]:
    """Date, partner category and département, in the entry form's order."""
    date_row = layout_table([[_text("Date de réponse :", styles.field), DigitBoxes()]],
                            [LABEL_COLUMN, None], TIGHT)
    widths = [LABEL_COLUMN, 7 * mm, 48 * mm, 7 * mm, 14 * mm]
    write_in = st.FRAME_WIDTH - sum(widths)
    department_row = layout_table(
        [[_text("Département :", styles.field), TickBox(),
          user_para(data.mission.department_label, styles.choice),
          TickBox(), _text("Autre :", styles.choice), WriteIn(write_in)]],
        [*widths, write_in], TIGHT)
    return [
        _heading(1, "Votre structure", styles),
        date_row, Spacer(1, 2 * mm),
        _text("Catégorie de votre structure (cochez une seule case) :", styles.field),
        _categories(data.categories, styles),
        Spacer(1, 2 * mm),
        department_row,
    ]


def _categories(labels: tuple[str, ...], styles: _Styles, columns: int = 3) -> Table:
    """The categories in ``columns`` columns, read down each column, a box before each."""
    per_column = -(-len(labels) // columns) or 1
    rows = []
    for row in range(per_column):
        cells: list[object] = []
        for column in range(columns):
            index = column * per_column + row
            if index < len(labels):
                cells += [TickBox(), user_para(labels[index], styles.choice)]
            else:
                cells += ["", ""]
        rows.append(cells)
    box_width = 6.5 * mm
    label_width = st.FRAME_WIDTH / columns - box_width
    return layout_table(rows, [box_width, label_width] * columns, [
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)])


def scale_legend() -> str:
    """« 1 = Très insatisfait · 2 = Insatisfait · … · 5 = Très satisfait »."""
    return " · ".join(f"{level} = {name}" for level, name in zip(LEVELS, LEVEL_NAMES))


def _scores(data: QuestionnaireData, styles: _Styles) -> list[Flowable]:
    """The overall appreciation then each item: a row of boxes each, under the scale's
    legend and column titles, repeated on every page the grid runs onto."""
    boxes = [TickBox() for _ in LEVELS]
    legend = _text("<b>Échelle :</b> {legend}", styles.legend, legend=scale_legend())
    titles = ["", "", *(Paragraph(str(level), styles.column) for level in LEVELS),
              Paragraph(NOT_CONCERNED, styles.column)]
    rows: list[list[object]] = [
        [legend, *[""] * 7], titles,
        [user_para(OVERALL.label, styles.overall), "", *boxes, ""]]
    for number, label in data.items:
        rows.append([Paragraph(f"{number}.", styles.number),
                     user_para(label, styles.question),
                     *[TickBox() for _ in LEVELS], TickBox()])
    label_width = (st.FRAME_WIDTH - NUMBER_COLUMN - len(LEVELS) * SCORE_COLUMN
                   - NOT_CONCERNED_COLUMN)
    grid = layout_table(rows, [NUMBER_COLUMN, label_width, *[SCORE_COLUMN] * len(LEVELS),
                               NOT_CONCERNED_COLUMN], [
        ("SPAN", (0, 0), (-1, 0)),
        ("SPAN", (0, 2), (1, 2)),
        ("ALIGN", (2, 1), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 6),
        ("LINEBELOW", (0, 1), (-1, 1), LINE, st.INK),
        ("BACKGROUND", (0, 2), (-1, 2), st.ZEBRA),
        ("LINEBELOW", (0, 2), (-1, 2), LINE, st.INK),
        ("LINEBELOW", (0, 3), (-1, -1), 0.5, st.RULE),
        ("LINEBEFORE", (-1, 1), (-1, -1), 0.5, st.RULE),
    ], repeatRows=2)  # the legend and the column titles, on every page
    ordinary = ("Pour chaque ligne, cochez une seule case, de 1 à 5, ou « {nc} » si vous "
                "n'avez pas eu affaire à cette mission. L'appréciation globale se note de 1 "
                "à 5.")
    # Together on a fresh page when the page holds too little of it (the overall score
    # alone at its foot); a grid longer than a page starts at once and runs on.
    return [KeepTogether([_heading(2, "Votre appréciation de la mission", styles),
                          _text(ordinary, styles.body, nc=NOT_CONCERNED), grid])]


def _comment(styles: _Styles) -> list[Flowable]:
    return [KeepTogether([
        _heading(3, "Votre commentaire", styles),
        _text("Ce qui vous aide dans la mission, ce qui pourrait être amélioré, vos attentes "
              "pour la suite.", styles.body),
        _text("N'inscrivez aucun nom de ménage ni de personne, ni rien qui permette de "
              "reconnaître une situation.", styles.strong),
        RuledFrame(st.FRAME_WIDTH, COMMENT_LINES),
        Spacer(1, 4 * mm),
        _text("Merci de votre participation.", styles.strong),
    ])]
