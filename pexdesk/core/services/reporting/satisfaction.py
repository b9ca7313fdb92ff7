"""The « Bilan de satisfaction »: the partners' opinion of the mission, in the format of
ANIL's national note (June 2023) and of item 6 of the bilan skeleton (shared/survey.md §6).

Sections: synthèse (the headline « 70 % (114/163) des répondants attribuent 4 ou
5/5 » with its 95 % interval), method note (collection period, partners consulted
when known, how the figures are computed, a non-exhaustive sample), respondents by
partner category and by département, overall appreciation, appreciation per mission
(diverging stacked bars with n, a caution under 10, no bar, percentage nor mean under
5), selected comments quoted with the partner category only, and in the annex every
comment grouped by partner category, the questionnaire and the detailed counts.

Every figure is ``core.services.statistics``'s (``SatisfactionData.survey``); the
partner categories with fewer than 3 respondents are pooled under ``POOLED_LABEL`` in
tables, charts and comment attributions alike. Every comment is escaped: it shows literally.
With no response in the scope, every section says « Aucune donnée sur la période ».
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from pexdesk.core.formatting import (NBSP, format_date, format_number, format_parts,
                                     format_percent, plural)
from pexdesk.core.reference.departments import department_in_text
from pexdesk.core.reference.questionnaire import OVERALL
from pexdesk.core.services.reporting import catalog, charts
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting import survey_blocks as sb
from pexdesk.core.services.reporting.blocks import (Context, ReportKind, SectionBuilder,
                                                    bullets, cover_line, cover_opening,
                                                    data_table, figure, kpi_tiles, note,
                                                    paragraph)
from pexdesk.core.services.reporting.document import Heading
from pexdesk.core.services.reporting.paragraph import Paragraph
from pexdesk.core.services.reporting.satisfaction_data import CampaignInfo, SatisfactionData
from pexdesk.core.services.reporting.text import escape
from pexdesk.core.services.statistics import (LOW_N, MIN_RESPONDENTS_PER_CATEGORY,
                                              POOLED_CODE, POOLED_LABEL, Comment,
                                              GroupSummary, ScoreSummary)

W = st.FRAME_WIDTH
QUOTES_PER_GROUP = 4
QUOTE_MAX_CHARACTERS = 450
"""Longer comments are quoted in the annex only (unless no shorter one exists)."""


# --- Cover --------------------------------------------------------------------------------------

def cover(ctx: Context, title: str) -> list[Flowable]:
    data: SatisfactionData = ctx.data
    story = cover_opening(ctx, title, "Avis des partenaires sur la mission de prévention des "
                          "expulsions locatives", data.coverage, data.mission)
    story += cover_line(ctx, "Destinataires",
                        "DDETS, comité responsable du PDALHPD, partenaires de la CCAPEX")
    story += cover_line(ctx, "Enquête", data.coverage)
    collection = _collection_dates(data)
    if collection:
        story += cover_line(ctx, "Collecte", collection)
    story += cover_line(ctx, "Document établi le", format_date(data.generated_on))
    return story


def _collection_dates(data: SatisfactionData) -> str:
    """« du 3 août 2026 au 14 septembre 2026 » for a bilan of one campaign whose collection
    dates are recorded; "" otherwise (the method note gives the details)."""
    if len(data.campaigns) != 1:
        return ""
    campaign = data.campaigns[0]
    if campaign.period_start is None and campaign.period_end is None:
        return ""
    return campaign.collection_text


def from_departments(count: int) -> str:
    """« d'un seul département », « de 20 départements »."""
    return "d'un seul département" if count == 1 else f"de {plural(count, 'département')}"


def from_categories(count: int) -> str:
    """« d'une seule catégorie de partenaires », « de 4 catégories de partenaires »."""
    if count == 1:
        return "d'une seule catégorie de partenaires"
    return f"de {plural(count, 'catégorie')} de partenaires"


# --- 1. Synthèse --------------------------------------------------------------------------------

def build_summary(ctx: Context, heading: Heading) -> list[Flowable]:
    data: SatisfactionData = ctx.data
    survey = data.survey
    story: list[Flowable] = [heading]
    if not survey.responses:
        story.append(ctx.empty())
        if data.known_campaigns:
            story.append(note(ctx, "Aucune réponse de partenaire n'est retenue ("
                                   f"{data.coverage}). Campagnes enregistrées dans la base : "
                              + ", ".join(f"« {n} »" for n in data.known_campaigns)
                              + " ; le bilan d'une campagne entière s'obtient en choisissant "
                                "la campagne au moment de produire le bilan."))
        return story
    overall = survey.overall
    many = survey.responses > 1  # never « 1 réponse de partenaires »
    story.append(paragraph(
        ctx, "Ce bilan rend compte de l'avis des partenaires sur la mission de prévention des "
             "expulsions locatives portée par {adil} : {coverage}. <b>{responses}</b> "
             "{received}, {departments}.",
        adil=data.mission.adil_in_text, coverage=data.coverage,
        responses=f"{format_number(survey.responses)} réponses" if many else "Une réponse",
        received="de partenaires sont parvenues" if many else "de partenaire est parvenue",
        departments=from_departments(survey.departments)))

    tiles = [(format_number(survey.responses),
              "réponses de partenaires" if many else "réponse de partenaire",
              plural(survey.departments, "département")),
             _share_tile(overall)]
    rate = _rate_tile(data)
    if rate is not None:
        tiles.append(rate)
    tiles.append(_comments_tile(len(data.comments)))
    story.append(kpi_tiles(tiles))
    story.append(Spacer(1, 10))
    story.append(sb.headline(ctx, overall, "à la mission dans son ensemble"))
    story += _item_highlights(ctx, survey.items)
    # The most represented named categories (« Autre partenaire » and the pool name none).
    named = _leaders([g for g in survey.pooled_categories()
                      if g.code not in (POOLED_CODE, "AUTRE")])
    if named:
        story.append(paragraph(
            ctx, "{lead} {cats}.",
            lead=("Les catégories de partenaires les plus représentées sont" if len(named) > 1
                  else "La catégorie de partenaires la plus représentée est"),
            cats=_and_list([f"{g.label} avec {plural(g.responses, 'répondant')}"
                            for g in named])))
    story.append(note(ctx, "n : nombre de réponses valides (notes 1 à 5) ; les « non "
                           "concerné » et les absences de réponse n'entrent dans aucun "
                           "pourcentage. Méthode en partie 2."))
    return story


def _share_tile(overall: ScoreSummary) -> tuple[str, str, str]:
    """The headline share; under 10 answers it carries the per-item tables' caution, since
    the big figure is read before the sentence that qualifies it (on its own line, the
    narrow tile never splitting « n < 10 »)."""
    if overall.shows_percentage:
        caution = (f"\n{overall.caution.replace(' < ', f'{NBSP}<{NBSP}')}" if overall.low_n
                   else "")
        return (format_percent(overall.top2_share), "donnent 4 ou 5/5 à la mission",
                f"n = {format_number(overall.n)} · IC 95 % : {sb.ci_text(overall)}{caution}")
    if overall.n:  # « 1 sur 3 donne », « 2 sur 3 donnent »
        return (f"{overall.top2} sur {overall.n}",
                f"donne{'nt' if overall.top2 > 1 else ''} 4 ou 5/5 à la mission", sb.TOO_FEW)
    return ("–", "donnent 4 ou 5/5 à la mission", "aucune appréciation globale notée")


def _comments_tile(count: int) -> tuple[str, str, str]:
    """« 16 commentaires libres, cités en annexe A, par catégorie », « 1 commentaire libre,
    cité en annexe A », « Aucun commentaire libre » (and nothing said cited)."""
    if not count:
        return "Aucun", "commentaire libre", ""
    if count == 1:
        return "1", "commentaire libre", "cité en annexe A"
    return format_number(count), "commentaires libres", "cités en annexe A, par catégorie"


def _rate_tile(data: SatisfactionData) -> tuple[str, str, str] | None:
    """The response rate, when one whole campaign with a recorded number of partners
    solicited is reported; when that number is below the responses, the tile says so
    instead of showing a rate above 100 %."""
    if len(data.campaigns) != 1:
        return None
    campaign = data.campaigns[0]
    if campaign.consulted is None or not campaign.whole:
        return None
    if campaign.more_responses_than_consulted:
        return "–", "taux de réponse", f"non calculable : {_rate_problem(campaign)}"
    solicited = plural(campaign.consulted, "partenaire sollicité", "partenaires sollicités")
    return (format_percent(campaign.response_rate), "taux de réponse",
            f"{format_number(campaign.responses)} sur {solicited}")


def _rate_problem(campaign: CampaignInfo) -> str:
    """Why a campaign has no response rate although its partners solicited are recorded."""
    return (f"plus de réponses ({format_number(campaign.total_responses)}) que de partenaires "
            f"sollicités ({format_number(campaign.consulted)})")


def _rate_cell(campaign: CampaignInfo) -> str:
    """The method table's « Taux de réponse »: « – » when unknown or when the scope holds
    only part of the campaign, « non calculable » when incoherent (explained below it)."""
    if campaign.response_rate is not None:
        return format_percent(campaign.response_rate)
    return "non calculable" if campaign.more_responses_than_consulted else "–"


def _item_highlights(ctx: Context, items: Sequence[ScoreSummary]) -> list[Flowable]:
    """The best- and least-rated missions among those with at least 10 valid answers, and
    ANIL's warning on the small ones."""
    story: list[Flowable] = []
    solid = [item for item in items if item.n >= LOW_N]
    if len(solid) >= 2:
        ranked = sorted(solid, key=lambda i: -i.top2_share)
        best, worst = ranked[0], ranked[-1]
        story.append(paragraph(
            ctx, "Par mission, la part des notes 4 ou 5 va de {worst_share} pour « {worst} » "
                 "(n = {worst_n}) à {best_share} pour « {best} » (n = {best_n}), parmi les "
                 "missions notées par au moins {low} partenaires.",
            worst_share=format_percent(worst.top2_share), worst=worst.label,
            worst_n=format_number(worst.n), best_share=format_percent(best.top2_share),
            best=best.label, best_n=format_number(best.n), low=LOW_N))
    warning = sb.small_n_sentence(items)
    if warning:
        story.append(paragraph(ctx, "{w}", w=warning))
    return story


def _leaders(groups: Sequence[GroupSummary], count: int = 3) -> list[GroupSummary]:
    """The ``count`` groups with the most respondents, and every group tied with the last
    of them: a cut-off never hides a group as large as one named. Ties keep the given
    (reference) order."""
    ranked = sorted(groups, key=lambda g: -g.responses)  # stable
    if len(ranked) <= count:
        return ranked
    cut = ranked[count - 1].responses
    return [g for g in ranked if g.responses >= cut]


def _and_list(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " et " + parts[-1]


def when_answered(build: SectionBuilder) -> SectionBuilder:
    """A section that has nothing to say without responses: it then shows its heading and
    « Aucune donnée sur la période » rather than vanishing."""
    def section(ctx: Context, heading: Heading) -> list[Flowable]:
        if not ctx.data.survey.responses:
            return [heading, ctx.empty()]
        return build(ctx, heading)
    return section


# --- 2. Méthode ---------------------------------------------------------------------------------

@when_answered
def build_method(ctx: Context, heading: Heading) -> list[Flowable]:
    data: SatisfactionData = ctx.data
    survey = data.survey
    story: list[Flowable] = [heading]
    if data.campaign and data.period is None:
        scope = (f"Le bilan porte sur l'ensemble des réponses de la campagne « {data.campaign} »"
                 ", tous départements confondus.")
    elif data.campaign:
        scope = (f"Le bilan porte sur les réponses de la campagne « {data.campaign} » datées "
                 f"{data.period.dated}, tous départements confondus.")
    else:
        scope = (f"Le bilan porte sur les réponses datées {data.period.dated}, toutes campagnes "
                 "et tous départements confondus ; une réponse sans date est rattachée à la "
                 "fin de la collecte de sa campagne, ou, sans dates de collecte, au jour de sa "
                 "saisie.")
    story.append(paragraph(ctx, "{scope}", scope=scope))
    rows = []
    for campaign in data.campaigns:
        rows.append([campaign.name, campaign.collection_text,
                     "non connu" if campaign.consulted is None
                     else format_number(campaign.consulted),
                     format_number(campaign.responses), _rate_cell(campaign)])
    story.append(data_table(["Campagne", "Collecte", "Partenaires sollicités", "Réponses retenues",
                             "Taux de réponse"], rows,
                            [W * 0.3, W * 0.3, W * 0.14, W * 0.13, W * 0.13], "LLRRR"))
    story.append(Spacer(1, 4))
    for campaign in data.campaigns:
        if campaign.more_responses_than_consulted:
            story.append(paragraph(ctx, "Taux de réponse non calculable pour la campagne "
                                        "« {name} » : {problem}.",
                                   name=campaign.name, problem=_rate_problem(campaign)))
    origin = []
    if data.typed:
        origin.append(f"{plural(data.typed, 'réponse')} saisie{'s' if data.typed > 1 else ''} "
                      "dans pexdesk")
    if data.imported:
        origin.append(f"{plural(data.imported, 'réponse')} importée"
                      f"{'s' if data.imported > 1 else ''} d'un fichier d'enquête")
    story.append(paragraph(
        ctx, "Le questionnaire porte sur l'appréciation globale de la mission{items}, avec un "
             "commentaire libre ; il est reproduit en annexe B. Recueil : {origin}. Chaque "
             "répondant n'est connu que par sa catégorie de partenaire et son département.",
        items=_missions_rated(len(survey.items)), origin=_and_list(origin)))
    notes = [c for c in data.campaigns if c.notes.strip()]
    for campaign in notes:
        story.append(paragraph(ctx, "<i>Notes de la campagne « {name} » :</i> {notes}",
                               name=campaign.name, notes=campaign.notes))
    rate_known = any(c.consulted is not None for c in data.campaigns)
    story.append(paragraph(
        ctx, "<b>Un échantillon non exhaustif.</b> Seuls les partenaires sollicités qui ont "
             "répondu sont comptés{rate}, et rien ne garantit qu'ils représentent l'ensemble "
             "des partenaires de la mission : les résultats décrivent l'avis des répondants et "
             "ne se généralisent qu'avec prudence. Bien que non exhaustives, ces données "
             "illustrent la manière dont la mission est perçue sur le territoire.",
        rate="" if rate_known else " (le nombre de partenaires sollicités n'est pas "
                                   "renseigné : le taux de réponse ne peut être calculé)"))
    story += sb.method_rules(ctx)
    story.append(note(ctx, "Confidentialité : les catégories de partenaires comptant moins de "
                           f"3 répondants sont regroupées en « {POOLED_LABEL} », dans les "
                           "tableaux, les figures et l'attribution des commentaires, qui ne "
                           "sont cités qu'avec la catégorie du partenaire."))
    return story


def _missions_rated(count: int) -> str:
    """« et sur chacune de ses missions (7 questions) », « et sur l'une de ses missions
    (1 question) », with a leading space; "" for a questionnaire of the overall
    appreciation alone."""
    if not count:
        return ""
    if count == 1:
        return " et sur l'une de ses missions (1 question)"
    return f" et sur chacune de ses missions ({format_number(count)} questions)"


# --- 3. Répondants ------------------------------------------------------------------------------

def _group_rows(groups: Sequence[GroupSummary]) -> list[list[str]]:
    """One row per category or département, their parts of the respondents adding up to
    the total row's 100 % (each response is in one group)."""
    shares = format_parts([group.responses for group in groups])
    return [_group_row(group, share) for group, share in zip(groups, shares)]


def _group_row(group: GroupSummary, share: str) -> list[str]:
    """One category or département: under 5 valid answers, the answers given (« 1×3,
    3×4 ») as survey.md §4.4 asks, but only from 3 on: a group's cell is never built from
    fewer than 3 answers (§4.6), which would show one partner's own scores."""
    summary = group.overall
    shown = summary.shows_percentage
    return [group.label[:1].upper() + group.label[1:], format_number(group.responses), share,
            format_number(summary.n),
            format_percent(summary.top2_share) if shown else "–",
            sb.ci_short(summary) if shown else "–",
            sb.remark(summary, counts_from=MIN_RESPONDENTS_PER_CATEGORY)]


GROUP_HEADER = ["", "Répondants", "Part", "n", "% 4–5", "IC 95 %", "Remarque"]
GROUP_WIDTHS = [W * 0.28, W * 0.12, W * 0.07, W * 0.06, W * 0.08, W * 0.1, W * 0.29]


@when_answered
def build_respondents(ctx: Context, heading: Heading) -> list[Flowable]:
    data: SatisfactionData = ctx.data
    survey = data.survey
    story: list[Flowable] = [heading]
    pooled = survey.pooled_categories()
    story.append(paragraph(
        ctx, "Le bilan compte {responses}, {categories} et {departments}. "
             "Les colonnes « n » et « % 4–5 » portent sur l'appréciation globale de la mission "
             "(réponses valides).{pool}",
        responses=plural(survey.responses, "réponse"),
        categories=from_categories(len(survey.by_category)),
        departments=from_departments(survey.departments),
        pool=_pool_sentence(survey.rare_categories())))

    heading = ctx.subsection("Par catégorie de partenaire")
    header = ["Catégorie", *GROUP_HEADER[1:]]
    table = data_table(header, _group_rows(pooled), GROUP_WIDTHS, "LRRRRRL", font_size=8,
                       total=["Ensemble", format_number(survey.responses), format_percent(1),
                              format_number(survey.overall.n),
                              *(_overall_cells(survey.overall))])
    story.append(KeepTogether([heading, table]))
    chart = charts.category_bars([g.label[:1].upper() + g.label[1:] for g in pooled],
                                 [("Répondants", [g.responses for g in pooled])], W,
                                 "Nombre de répondants")
    story.append(figure(ctx, chart, "Répondants par catégorie de partenaire (valeurs dans le "
                                    "tableau ci-dessus)."))

    story.append(CondPageBreak(50 * mm))
    story.append(ctx.subsection("Par département"))
    if survey.departments == 1:
        only = survey.by_department[0]
        story.append(paragraph(ctx, "{which} du {dept}.", dept=department_in_text(only.code),
                               which="Toutes les réponses viennent" if survey.responses > 1
                               else "La réponse vient"))
    else:
        biggest = _leaders(survey.by_department)
        story.append(paragraph(
            ctx, "Les départements qui comptent le plus de réponses sont {top}.",
            top=_and_list([f"{g.label} avec {plural(g.responses, 'réponse')}"
                           for g in biggest])))
        story.append(data_table(["Département", *GROUP_HEADER[1:]],
                                _group_rows(survey.by_department), GROUP_WIDTHS,
                                "LRRRRRL", font_size=8,
                                total=["Ensemble", format_number(survey.responses),
                                       format_percent(1), format_number(survey.overall.n),
                                       *(_overall_cells(survey.overall))]))
    return story


def _pool_sentence(rare: Sequence[GroupSummary]) -> str:
    """« Les 15 catégories de moins de 3 répondants chacune (21 répondants) sont regroupées
    en « … ». », with a leading space; "" when no category is pooled."""
    if not rare:
        return ""
    people = plural(sum(g.responses for g in rare), "répondant")
    if len(rare) == 1:
        return (f" La catégorie de moins de 3 répondants ({people}) est comptée en "
                f"« {POOLED_LABEL} ».")
    return (f" Les {format_number(len(rare))} catégories de moins de 3 répondants chacune "
            f"({people}) sont regroupées en « {POOLED_LABEL} ».")


def _overall_cells(summary: ScoreSummary) -> list[str]:
    shown = summary.shows_percentage
    return [format_percent(summary.top2_share) if shown else "–",
            sb.ci_short(summary) if shown else "–", ""]


# --- 4. Appréciation globale --------------------------------------------------------------------

@when_answered
def build_overall(ctx: Context, heading: Heading) -> list[Flowable]:
    data: SatisfactionData = ctx.data
    survey = data.survey
    story: list[Flowable] = [heading]
    overall = survey.overall
    story.append(paragraph(ctx, "Question : « {q} » (note de 1 à 5).", q=OVERALL.label))
    story.append(sb.headline(ctx, overall, "à la mission dans son ensemble"))
    if overall.shows_percentage:
        low = overall.distribution[0] + overall.distribution[1]
        story.append(paragraph(  # « (4/39) »: the count the table's 1 and 2 add up to
            ctx, "Note moyenne : {mean} sur 5 (n = {n}) ; {low} ({k}/{n}) des répondants "
                 "donnent 1 ou 2.{none}",
            mean=format_number(overall.mean, 1), n=format_number(overall.n),
            low=format_percent(low / overall.n), k=format_number(low),
            none=_without_overall(survey.responses, overall.no_answer)))
    table = sb.distribution_table(overall)
    if not overall.shows_percentage:
        story.append(table)
        return [KeepTogether(story)]
    story += sb.chart_parts(
        ctx, [overall], "Appréciation globale de la mission : répartition des notes en part des "
                        "réponses valides (1–2 à gauche, 4–5 à droite, la note 3 à cheval sur "
                        "zéro) ; effectifs dans le tableau.", extra=[table])
    return [KeepTogether(story)]  # a short section: on one page


def _without_overall(respondents: int, missing: int) -> str:
    """« Un répondant n'a pas donné d'appréciation globale. », « Parmi les 40 répondants,
    3 n'ont pas… » (a sentence never starts with a numeral), with a leading space."""
    if not missing:
        return ""
    if missing == 1:
        return " Un répondant n'a pas donné d'appréciation globale."
    return (f" Parmi les {format_number(respondents)} répondants, {format_number(missing)} "
            "n'ont pas donné d'appréciation globale.")


# --- 5. Par mission -----------------------------------------------------------------------------

def build_items(ctx: Context, heading: Heading) -> list[Flowable]:
    data: SatisfactionData = ctx.data
    survey = data.survey
    story: list[Flowable] = [heading]
    if not survey.responses or not survey.items:
        story.append(ctx.empty())
        return story
    items = survey.items
    figure = (" Une moyenne peut cacher des disparités : la figure montre toute la "
              "répartition, le tableau n, l'intervalle et la moyenne." if sb.has_bars(items)
              else "")
    intro = paragraph(
        ctx, "Chaque mission est notée par les partenaires qui y ont été associés, les autres "
             "répondant « non concerné » (NC).{figure}", figure=figure)
    story = [KeepTogether([*story, intro, *sb.chart_parts(ctx, items, sb.ITEMS_CAPTION)])]
    story.append(sb.items_table(ctx, items))
    warning = sb.small_n_sentence(items)
    if warning:
        story.append(Spacer(1, 4))
        story.append(paragraph(ctx, "<b>Prudence.</b> {w}", w=warning))
    return story


# --- 6. Commentaires ----------------------------------------------------------------------------

def select_comments(found: Sequence[Comment], keep: Callable[[Comment], bool],
                    limit: int = QUOTES_PER_GROUP) -> list[Comment]:
    """Up to ``limit`` comments satisfying ``keep``, one category after another (so that
    several voices are heard), in entry order within a category, preferring comments
    short enough to quote in the body (all of them are in the annex)."""
    chosen: list[Comment] = []
    candidates = [c for c in found if keep(c)]
    short = [c for c in candidates if len(c.text) <= QUOTE_MAX_CHARACTERS] or candidates
    by_category: dict[str, list[Comment]] = {}
    for comment in short:
        by_category.setdefault(comment.category, []).append(comment)
    queues = list(by_category.values())
    while len(chosen) < limit and any(queues):
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    return chosen


def build_comments(ctx: Context, heading: Heading) -> list[Flowable]:
    data: SatisfactionData = ctx.data
    story: list[Flowable] = [heading]
    found = data.comments
    if not data.survey.responses or not found:
        story.append(ctx.empty() if not data.survey.responses
                     else ctx.empty("Aucun commentaire libre"))
        return story
    story.append(paragraph(
        ctx, "{found} {each} est cité tel quel, avec la seule catégorie de son auteur "
             "(« {pool} » pour les catégories de moins de 3 répondants).",
        found=_comments_found(len(found)), pool=POOLED_LABEL,
        each="Chaque commentaire" if len(found) > 1 else "Il"))
    groups = [
        ("Ce que les partenaires apprécient",
         "Commentaires de répondants qui attribuent 4 ou 5/5 à la mission.",
         lambda c: c.overall_score is not None and c.overall_score >= 4),
        ("Attentes et réserves",
         "Commentaires de répondants qui attribuent 1, 2 ou 3/5 à la mission.",
         lambda c: c.overall_score is not None and c.overall_score <= 3),
        ("Autres commentaires", "Commentaires de répondants sans appréciation globale notée.",
         lambda c: c.overall_score is None),
    ]
    for title, lead, keep in groups:
        chosen = select_comments(found, keep)
        if not chosen:
            continue
        total = sum(keep(c) for c in found)
        heading = ctx.subsection(title)
        cited = "Cités" if len(chosen) > 1 else "Cité"
        first = [heading, note(ctx, f"{lead} {cited} ici : {len(chosen)} sur {total}.")]
        quotes = [sb.quote(ctx, c.text, c.category) for c in chosen]
        story.append(KeepTogether(first + quotes[:1]))
        story += quotes[1:]
    return story


def _comments_found(count: int) -> str:
    """How many comments there are and where they are quoted (``count`` ≥ 1)."""
    if count == 1:
        return ("Les partenaires ont laissé un seul commentaire libre, cité ci-dessous et "
                "reproduit en annexe A.")
    return (f"Les partenaires ont laissé {format_number(count)} commentaires libres. Une "
            "sélection figure ci-dessous ; tous sont reproduits en annexe A, regroupés par "
            "catégorie de partenaire.")


# --- 7. Annexes ---------------------------------------------------------------------------------

def build_annex(ctx: Context, heading: Heading) -> list[Flowable]:
    data: SatisfactionData = ctx.data
    survey = data.survey
    story: list[Flowable] = [heading]
    story.append(ctx.subsection("Tous les commentaires, par catégorie de partenaire", "A"))
    if not survey.responses or not data.comments:
        story.append(ctx.empty() if not survey.responses
                     else ctx.empty("Aucun commentaire libre"))
    else:
        story.append(note(ctx, f"Les {plural(len(data.comments), 'commentaire')}, dans l'ordre "
                               "de saisie au sein de chaque catégorie, reproduits tels quels."
                          if len(data.comments) > 1 else "Le seul commentaire, reproduit tel "
                                                         "quel."))
        groups: dict[str, list[Comment]] = {}
        for comment in data.comments:
            groups.setdefault(comment.category, []).append(comment)
        for category, comments in groups.items():
            title = Paragraph(escape(f"{category[:1].upper()}{category[1:]} "
                                     f"— {plural(len(comments), 'commentaire')}"),
                              ctx.styles.h3)
            quotes = [sb.quote_plain(ctx, c.text) for c in comments]
            story.append(KeepTogether([title, *quotes[:1]]))
            story += quotes[1:]

    story.append(CondPageBreak(60 * mm))
    story.append(ctx.subsection("Questionnaire", "B"))
    if not survey.items and not survey.responses:
        story.append(ctx.empty("Aucun questionnaire à présenter : aucune réponse de partenaire "
                               "dans le champ de ce bilan"))
    else:
        items = [f"<b>{escape(OVERALL.label)}</b> : note de 1 à 5"]
        items += [f"<b>{escape(item.label)}</b> : note de 1 à 5 ou « non concerné »"
                  for item in survey.items]
        items.append("Commentaire libre.")
        story.append(note(ctx, "Échelle : 1 très insatisfait, 2 insatisfait, 3 ni satisfait ni "
                               "insatisfait, 4 satisfait, 5 très satisfait. Chaque répondant "
                               "indique sa catégorie de partenaire et son département."))
        story += bullets(ctx, items)

    story.append(CondPageBreak(60 * mm))
    story.append(ctx.subsection("Répartition détaillée des réponses", "C"))
    if not survey.responses:
        story.append(ctx.empty())
    else:
        rows = []
        for summary in (survey.overall, *survey.items):
            rows.append([summary.label, *[format_number(c) for c in summary.distribution],
                         format_number(summary.n),
                         format_number(summary.not_concerned) if summary is not survey.overall
                         else "–", format_number(summary.no_answer)])
        story.append(note(ctx, "Nombre de réponses par note (tri à plat), dans l'ordre du "
                               "questionnaire. n : réponses valides "
                               "(1 à 5) ; NC : non concerné ; sans réponse : question laissée "
                               "vide."))
        story.append(data_table(["Question", "1", "2", "3", "4", "5", "n", "NC", "Sans rép."],
                                rows, [W * 0.43, *[W * 0.06] * 5, W * 0.07, W * 0.07, W * 0.13],
                                "LRRRRRRRR", font_size=8))
    return story


NEW_PAGE = ("synthese", "annexe")
"""Sections that start a page; the others follow on when there is room."""
SECTION_ROOM = 70 * mm


def story(ctx: Context, kind: ReportKind, sections: tuple[str, ...] | None = None
          ) -> list[Flowable]:
    """Cover, contents, then the chosen sections: the synthèse and the annexes from a new
    page, the others one after another."""
    from pexdesk.core.services.reporting.activity import contents
    from pexdesk.core.services.reporting.document import cover_to_body

    chosen = [s for s in kind.sections if sections is None or s.key in sections]
    flowables: list[Flowable] = [*cover(ctx, kind.title), *cover_to_body(), *contents(ctx)]
    # Space above a section heading that follows another section (dropped at a page's top).
    ctx.styles = replace(ctx.styles, h1=st.variant(ctx.styles.h1, "Titre1Suite", spaceBefore=18))
    for index, section in enumerate(chosen):
        if index == 0 or section.key in NEW_PAGE:
            flowables.append(PageBreak())
        else:  # short sections follow one another, never a heading alone at a page's foot
            flowables.append(CondPageBreak(SECTION_ROOM))
        flowables += section.flowables(ctx)
    return flowables


SATISFACTION = ReportKind.of(catalog.SATISFACTION, {
    "synthese": build_summary,
    "methode": build_method,
    "repondants": build_respondents,
    "appreciation": build_overall,
    "missions": build_items,
    "commentaires": build_comments,
    "annexe": build_annex,
}, story)
