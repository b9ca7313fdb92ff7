"""« Retours des partenaires »: the activity bilan's section on the partners' opinion.

Which responses: those of the mission's own département **dated in the period** (a
response without a date takes its campaign's collection end), the rule of the
dashboard, so that the bilan, its synthèse and the screen give the same share and the
previous period compares like with like; with ``--campaign``, that campaign's
responses from the département instead. (The latest campaign alone would often fall
outside the period, or leave out a second campaign held in it.)

What: the share of partners rating the mission 4 or 5 out of 5 with n and its Wilson
95 % interval, the per-question diverging chart with its table, under the
small-numbers rules of shared/survey.md §4.4 (no percentage, mean or bar under 5 valid
answers, a caution under 10); then a pointer to the satisfaction bilan, which holds the
respondents' profile, the method note and the comments by partner category. Every
figure comes from ``core.services.statistics`` (``FeedbackData.survey``).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from pexdesk.core.formatting import MINUS, NARROW_NBSP, format_number, format_percent
from pexdesk.core.services.dashboard import Satisfaction
from pexdesk.core.services.reporting.blocks import (Context, TableWithTail, data_table,
                                                    note, paragraph)
from pexdesk.core.services.reporting.data import ReportData
from pexdesk.core.services.reporting.document import Heading
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting import survey_blocks as sb

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


def share_cell(s: Satisfaction) -> str:
    """:func:`share_text` for a table of key figures: a percentage on fewer than 10 answers
    carries, on a second line, the caution the per-item tables give it."""
    if MIN_N_PERCENT <= s.scored < MIN_N_CONFIDENT:
        return f"{share_text(s)}\n{share_caution(s)}"
    return share_text(s)


def share_change(current: Satisfaction, previous: Satisfaction | None) -> str:
    """Difference in percentage points, only when both periods allow a percentage."""
    if previous is None or current.scored < MIN_N_PERCENT or previous.scored < MIN_N_PERCENT:
        return "–"
    points = round((current.share - previous.share) * 100)
    if points == 0:
        return "="
    sign = "+" if points > 0 else MINUS
    return f"{sign}{abs(points)}{NARROW_NBSP}pt{'s' if abs(points) > 1 else ''}"


def build_feedback(ctx: Context, heading: Heading) -> list[Flowable]:
    data: ReportData = ctx.data
    fb = data.feedback
    survey = fb.survey
    story: list[Flowable] = [heading]
    dept = data.mission.department_in_text
    scope = (f"les réponses de la campagne « {fb.campaign} » venant du {dept}"
             if fb.campaign else f"les réponses des partenaires du {dept} "
                                 "datées de la période")
    current = fb.current
    if survey is None or not survey.responses:
        story += [paragraph(ctx, "Appréciation de la mission par ses partenaires (notes de 1 à "
                                 "5), d'après {scope}.", scope=scope), ctx.empty()]
        return story
    overall = survey.overall
    story.append(paragraph(ctx, "D'après {scope}, soit {responses} :", scope=scope,
                           responses=_responses(survey.responses)))
    story.append(sb.headline(ctx, overall, "à la mission dans son ensemble"))
    story.append(_share_table(fb, overall))
    caution = share_caution(current)
    remarks = ("Les réponses sans note globale sont exclues du calcul (elles ne comptent pas "
               "comme une note moyenne).")
    if caution:
        remarks = f"n = {overall.n} : {caution}. " + remarks
    story.append(note(ctx, remarks))

    ending: list[Flowable] = [Spacer(1, 4), note(
        ctx, "Le bilan de satisfaction, à produire séparément, détaille l'enquête : méthode, "
             "profil des répondants par catégorie de partenaire et par département, "
             "appréciation par mission et commentaires, cités avec la seule catégorie du "
             "partenaire. Sous 5 réponses valides, ni pourcentage ni moyenne ne sont donnés ; "
             "sous 10, les résultats sont à interpréter avec prudence.")]
    items = survey.items
    if not items or not any(item.n or item.not_concerned for item in items):
        story.append(KeepTogether(ending))
        return story
    story.append(sb.chart_figure(ctx, items, sb.ITEMS_CAPTION,
                                 heading=ctx.subsection("Appréciation par mission")))
    warning = sb.small_n_sentence(items)
    if warning:
        ending.insert(0, note(ctx, warning))
    story.append(TableWithTail(sb.items_table(ctx, items), ending))  # no closing note alone
    return story


def _share_table(fb, overall) -> Flowable:
    """Responses, n, share of 4–5 and its interval: for the period beside the previous
    one, or for the chosen campaign alone (no empty column beside it)."""
    rows = [["Réponses reçues", format_number(fb.current.responses)],
            ["dont avec une appréciation globale (n)", format_number(fb.current.scored)],
            ["Note de 4 ou 5 sur 5", share_text(fb.current)],
            ["Intervalle de confiance à 95 %",
             sb.ci_text(overall) if overall.shows_percentage else "–"]]
    width = st.FRAME_WIDTH
    if fb.previous is None:
        return data_table(["", "Campagne" if fb.campaign else "Période"], rows,
                          [width * 0.5, width * 0.25], "LR")
    previous = [format_number(fb.previous.responses), format_number(fb.previous.scored),
                share_text(fb.previous), "–"]
    return data_table(["", "Période", "Période précédente"],
                      [row + [value] for row, value in zip(rows, previous)],
                      [width * 0.5, width * 0.25, width * 0.25], "LRR")


def _responses(count: int) -> str:
    return f"{format_number(count)} réponse{'s' if count > 1 else ''}"

