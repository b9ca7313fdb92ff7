"""The « Charte départementale » block of the activity bilan's Partenariat section: the
charte in force over the period and the yearly evaluation of its objectives (décret
n° 2016-393: evaluated every year before the comité responsable du PDALHPD and the
CCAPEX), each year's table saying how many of its months were entered."""

from __future__ import annotations

from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from pexdesk.core.domain.models import DIRECTION_LABELS, Direction
from pexdesk.core.formatting import format_date, plural
from pexdesk.core.services.charter import Evaluation
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.blocks import Context, Markup, data_table, note, paragraph
from pexdesk.core.services.reporting.data import CharterData, ReportData
from pexdesk.core.services.reporting.paragraph import Paragraph
from pexdesk.core.services.reporting.text import escape

W = st.FRAME_WIDTH
HEADER = ("Objectif", "Référence", "Cible", "Réalisé {year}", "Écart à la cible",
          "Évaluation")
WIDTHS = (W * 0.33, W * 0.1, W * 0.1, W * 0.18, W * 0.11, W * 0.18)


def charter_block(ctx: Context, data: ReportData) -> list[Flowable]:
    pt = data.partnership
    story: list[Flowable] = [ctx.subsection("Charte départementale")]
    charte = pt.charter.charter
    if charte is None:
        story.append(ctx.empty("Aucune charte en vigueur sur la période" if pt.charter.saved
                               else "Aucune charte saisie"))
        return story
    story.append(paragraph(ctx, "{what}, en vigueur du {first} au {last}{steps}. {count} à la "
                                "fin de la période.",
                           what=charte.label_text, first=format_date(charte.valid_from),
                           last=format_date(charte.valid_to), steps=_steps(charte),
                           count=plural(pt.signatories_at_end, "partenaire signataire",
                                        "partenaires signataires")))
    story += _objectives(ctx, pt.charter)
    return story


def _steps(charte) -> str:
    """« , approuvée par le comité responsable du PDALHPD le … et signée le … »."""
    steps = []
    if charte.approved_on:
        steps.append("approuvée par le comité responsable du PDALHPD le "
                     + format_date(charte.approved_on))
    if charte.signed_on:
        steps.append("signée le " + format_date(charte.signed_on))
    return (", " + " et ".join(steps)) if steps else ""


def _objectives(ctx: Context, charter: CharterData) -> list[Flowable]:
    if not charter.evaluations:
        return [ctx.empty("Aucun objectif de la charte fixé pour les années de la période")]
    story: list[Flowable] = []
    for year, evaluations in groupby(charter.evaluations, key=lambda e: e.objective.year):
        evaluations = list(evaluations)
        story.append(CondPageBreak(40 * mm))  # the year's title stays with its table
        story.append(Paragraph(escape(f"Objectifs {year}"), ctx.styles.h3))
        story.append(data_table([*HEADER[:3], HEADER[3].format(year=year), *HEADER[4:]],
                                [_row(e) for e in evaluations], WIDTHS, "LRRRRL"))
        partial = [e for e in evaluations if not e.qualitative and not e.whole_year]
        if partial:
            story.append(note(ctx, f"Année {year} incomplète pour "
                                   f"{plural(len(partial), 'indicateur')} : le réalisé porte sur "
                                   "les mois saisis, indiqués sous la valeur ; « à ce jour » "
                                   "marque l'évaluation provisoire d'une année en cours, « sur "
                                   "les … mois saisis » celle d'une année finie dont des mois "
                                   "manquent."))
    story.append(note(ctx, "Réalisé : sur l'année civile, cumul des mois pour un nombre, "
                           "dernier mois connu pour un stock, moyenne des mois pour un taux ou "
                           "un délai. Un objectif qualitatif s'apprécie hors des indicateurs."))
    return story


def _row(evaluation: Evaluation) -> list[object]:
    objective = evaluation.objective
    if evaluation.qualitative:
        return [_qualitative(evaluation), "–", "–", "–", "–", evaluation.verdict_text]
    return [_with_note(objective.label_text, f"Indicateur : {evaluation.series.label}"),
            evaluation.text_of(objective.baseline),
            _with_note(evaluation.target_text, DIRECTION_LABELS[Direction(objective.direction)]),
            _with_note(evaluation.text_of(evaluation.achieved), evaluation.months_detail),
            evaluation.gap_text, evaluation.verdict_text]


def _qualitative(evaluation: Evaluation) -> str | Markup:
    """A qualitative objective, with under it the reference and target it was given, if
    any: in the evaluated columns, beside « non évaluable », they read as figures measured
    and missed."""
    objective = evaluation.objective
    figures = [f"{name} {evaluation.text_of(value)}" for name, value in
               (("référence", objective.baseline), ("cible", objective.target))
               if value is not None]
    if not figures:
        return objective.label_text
    return _with_note(objective.label_text, f"Sans indicateur : {', '.join(figures)}")


def _with_note(text: str, small: str) -> Markup:
    """``text`` over ``small``, smaller and greyed: what the figure or the objective rests
    on."""
    return Markup(f'{escape(text)}<br/><font size="7" color="#{st.MUTED.hexval()[2:]}">'
                  f"{escape(small)}</font>")
