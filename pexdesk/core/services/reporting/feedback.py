"""« Retours des partenaires »: the activity bilan's section on the partners' opinion.

For now it gives the headline figure of the ANIL survey, the share of partners rating
the mission 4 or 5 out of 5, with n, under the small-numbers rules of
shared/survey.md §4.4: no percentage under 5 valid answers, a caution under 10.
The per-item statistics (distributions, Wilson intervals, comments by category)
belong to the satisfaction bilan; when they exist, a richer section replaces this
one in ``activity.SECTIONS`` without touching the rest of the report.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from pexdesk.core.formatting import MINUS, NARROW_NBSP, format_number, format_percent
from pexdesk.core.services.dashboard import Satisfaction
from pexdesk.core.services.reporting.blocks import Context, Section, data_table, note, paragraph
from pexdesk.core.services.reporting.data import ReportData
from pexdesk.core.services.reporting import styles as st

MIN_N_PERCENT = 5
MIN_N_CONFIDENT = 10


def share_text(s: Satisfaction) -> str:
    """« 72 % (28/39) », « 3 sur 4 » under 5 answers, « aucune réponse »."""
    if not s.scored:
        return "aucune réponse"
    if s.scored < MIN_N_PERCENT:
        return f"{s.positive} sur {s.scored}"
    return f"{format_percent(s.share)} ({format_number(s.positive)}/{format_number(s.scored)})"


def share_caution(s: Satisfaction) -> str:
    if 0 < s.scored < MIN_N_PERCENT:
        return "effectif trop faible pour un pourcentage"
    if MIN_N_PERCENT <= s.scored < MIN_N_CONFIDENT:
        return "à interpréter avec prudence (n < 10)"
    return ""


def share_change(current: Satisfaction, previous: Satisfaction | None) -> str:
    """Difference in percentage points, only when both periods allow a percentage."""
    if previous is None or current.scored < MIN_N_PERCENT or previous.scored < MIN_N_PERCENT:
        return "–"
    points = round((current.share - previous.share) * 100)
    if points == 0:
        return "="
    sign = "+" if points > 0 else MINUS
    return f"{sign}{abs(points)}{NARROW_NBSP}pt{'s' if abs(points) > 1 else ''}"


def build_feedback(ctx: Context) -> list[Flowable]:
    data: ReportData = ctx.data
    fb = data.feedback
    story: list[Flowable] = [ctx.section("Retours des partenaires")]
    current = fb.current
    scope = (f"les réponses de la campagne « {fb.campaign} »" if fb.campaign
             else "les réponses datées de la période")
    if not current.responses:
        story += [paragraph(ctx, "Question posée : « Quelle est votre appréciation globale de la "
                                 "mission ? » (note de 1 à 5), pour {scope}.", scope=scope),
                  ctx.empty()]
        return story
    k, n = current.positive, current.scored
    k_text, n_text = format_number(k), format_number(n)
    if n == 0:
        story.append(paragraph(
            ctx, "{responses} sans appréciation globale notée : aucune part ne peut être "
                 "calculée.", responses=_responses(current.responses)))
    elif n < MIN_N_PERCENT:
        story.append(paragraph(
            ctx, "Sur {scope}, <b>{k} répondant{ks} sur {n}</b> attribue{nt} une note de 4 ou "
                 "5 sur 5 à la mission dans son ensemble. Avec moins de cinq réponses, "
                 "l'effectif est trop faible pour un pourcentage.",
            scope=scope, k=k, n=n, ks="s" if k > 1 else "", nt="nt" if k > 1 else ""))
    else:
        caution = (" Avec moins de dix réponses, ce résultat est à interpréter avec prudence."
                   if n < MIN_N_CONFIDENT else "")
        story.append(paragraph(
            ctx, "Sur {scope}, <b>{share} des répondants ({k}/{n}) attribuent une note de 4 ou "
                 "5 sur 5</b> à la mission dans son ensemble.{caution}",
            scope=scope, share=format_percent(current.share), k=k_text, n=n_text,
            caution=caution))
    rows = [["Réponses reçues", format_number(current.responses),
             format_number(fb.previous.responses) if fb.previous else "–"],
            ["dont avec une appréciation globale (n)", format_number(current.scored),
             format_number(fb.previous.scored) if fb.previous else "–"],
            ["Note de 4 ou 5 sur 5", share_text(current),
             share_text(fb.previous) if fb.previous else "–"]]
    width = st.FRAME_WIDTH
    story.append(data_table(["", "Période", "Période précédente" if fb.previous else ""], rows,
                            [width * 0.5, width * 0.25, width * 0.25], "LRR"))
    caution = share_caution(current)
    remarks = ("Les réponses sans note globale sont exclues du calcul (elles ne comptent pas "
               "comme une note moyenne). Le détail par mission et les commentaires, attribués "
               "à une catégorie de partenaire seulement, relèvent du bilan de satisfaction.")
    if caution:
        remarks = f"n = {n} : {caution}. " + remarks
    story.append(note(ctx, remarks))
    return story


def _responses(count: int) -> str:
    return f"{format_number(count)} réponse{'s' if count > 1 else ''}"


FEEDBACK_SECTION = Section("retours", "Retours des partenaires", build_feedback)
