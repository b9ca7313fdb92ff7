"""The partner survey's figures as report blocks, shared by the satisfaction bilan and the
activity bilan's « Retours des partenaires » section.

Every figure comes from ``core.services.statistics`` (``ScoreSummary``): nothing is
counted here, only worded, under the small-numbers rules of shared/survey.md §4.4:

* n is always printed, and the base is the valid answers (1 to 5);
* under 5 valid answers: the answers given (« 1×4, 1×5 »), no percentage, no mean,
  no bar, « effectif trop faible pour un pourcentage »;
* from 5 to 9: everything, with « à interpréter avec prudence (n < 10) »;
* the share of 4 or 5 always comes with its Wilson 95 % interval, worded as in §4.3:
  « 70 % (14/20) des répondants attribuent 4 ou 5/5 — intervalle de confiance à
  95 % : 48 % à 85 % ».
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether

from pexdesk.core.formatting import NBSP, format_number, format_parts, format_percent
from pexdesk.core.services.charts_geometry import LEVEL_NAMES, DivergingChart, diverging_chart
from pexdesk.core.services.reporting import charts
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.blocks import (Context, data_table, figure_parts, note,
                                                    paragraph)
from pexdesk.core.services.reporting.paragraph import Paragraph
from pexdesk.core.services.reporting.text import escape, french_spacing
from pexdesk.core.services.statistics import LOW_N, MIN_N_FOR_PERCENT, ScoreSummary

W = st.FRAME_WIDTH
TOO_FEW = "effectif trop faible pour un pourcentage"
ROUNDING_NOTE = ("Les pourcentages étant arrondis, leur somme peut différer de 100 % ou du "
                 "total.")
"""Under a diverging chart, whose shares are rounded each on its own: 3 % + 8 % may read
11 % beside a « 1–2 » of 10 %. A table of parts needs none: its parts add up to its total
(:func:`~pexdesk.core.formatting.format_parts`)."""
NO_BAR = ("Effectif trop faible : aucune mission n'a 5 réponses ou plus ; les effectifs sont "
          "dans le tableau")
"""Said instead of a diverging chart none of whose rows has a bar."""
ITEMS_CAPTION = ("Répartition des notes par mission, en part des réponses valides (1–2 à gauche, "
                 "4–5 à droite, la note 3 à cheval sur zéro), missions rangées par part de 4 "
                 "ou 5, dans le même ordre que le tableau suivant ; n réponses valides par "
                 "mission ; sous 5 réponses, pas de barre.")
"""The caption of the per-question chart, whose table may start on the next page."""
_OPENING_QUOTE = re.compile(r"«\s*")
_CLOSING_QUOTE = re.compile(r"\s*»")
_STRAIGHT_QUOTES = re.compile(r'"([^"]*)"')


def ci_text(summary: ScoreSummary) -> str:
    """« 48 % à 85 % »; with a decimal when the interval is narrower than a point (a very
    large n), so that it never reads « 70 % à 70 % »."""
    low, high = summary.top2_ci
    decimals = 1 if round(low * 100) == round(high * 100) else 0
    return f"{format_percent(low, decimals)} à {format_percent(high, decimals)}"


def ci_short(summary: ScoreSummary) -> str:
    """« 48–85 % » for a table cell."""
    low, high = summary.top2_ci
    decimals = 1 if round(low * 100) == round(high * 100) else 0
    return f"{format_number(low * 100, decimals)}–{format_percent(high, decimals)}"


def share_fraction(summary: ScoreSummary) -> str:
    """« 70 % (114/163) »."""
    return (f"{format_percent(summary.top2_share)} ({format_number(summary.top2)}/"
            f"{format_number(summary.n)})")


def headline_text(summary: ScoreSummary, who: str = "des répondants") -> str:
    """The §4.3 sentence, plain text (n ≥ 5 only)."""
    return (f"{share_fraction(summary)} {who} attribuent 4 ou 5/5 — intervalle de confiance "
            f"à 95 % : {ci_text(summary)}")


def respondents(count: int) -> str:
    return f"{format_number(count)} répondant{'s' if count > 1 else ''}"


def headline(ctx: Context, summary: ScoreSummary, what: str,
             scope: str = "") -> Paragraph:
    """The overall appreciation in one paragraph, under the thresholds: ``what`` is the
    question (« à la mission dans son ensemble »), ``scope`` an optional lead-in
    (« Sur les réponses de la période, »)."""
    lead = f"{scope} " if scope else ""
    n = summary.n
    if n == 0:
        return paragraph(ctx, "{lead}aucune réponse ne donne d'appréciation globale notée : "
                              "aucune part ne peut être calculée.", lead=lead)
    if not summary.shows_percentage:
        k = summary.top2
        return paragraph(
            ctx, "{lead}<b>{k} {who} sur {n}</b> attribue{nt} une note de 4 ou 5 sur 5 {what} "
                 "(notes données : {counts}). Avec moins de cinq réponses, l'effectif est trop "
                 "faible pour un pourcentage.",
            lead=lead, k=format_number(k), who="répondants" if k > 1 else "répondant",
            n=format_number(n), nt="nt" if k > 1 else "", what=what,
            counts=summary.counts_text())
    caution = (" Avec moins de dix réponses, ce résultat est à interpréter avec prudence."
               if summary.low_n else "")
    return paragraph(
        ctx, "{lead}<b>{share} des répondants attribuent 4 ou 5/5</b> {what} — intervalle de "
             "confiance à 95 % : {ci}.{caution}",
        lead=lead, share=share_fraction(summary), what=what, ci=ci_text(summary),
        caution=caution)


def mean_text(summary: ScoreSummary) -> str:
    return format_number(summary.mean, 1) if summary.shows_percentage else "–"


def remark(summary: ScoreSummary, counts_from: int = 1) -> str:
    """The table's remark: « effectif trop faible pour un pourcentage : 1×4, 1×5 » (the
    answers given instead of a percentage, §4.4, from ``counts_from`` valid answers on),
    « à interpréter avec prudence (n < 10) », « n < 30 », « aucune réponse »."""
    caution = summary.caution or ""
    if counts_from <= summary.n and not summary.shows_percentage:
        return f"{caution} : {summary.counts_text()}"
    return caution


def chart_order(ctx: Context, items: Sequence[ScoreSummary]) -> list[ScoreSummary]:
    """``items`` in the order the diverging chart draws them (by share of 4–5, rows too
    small for a bar last), so that a table under the chart reads line by line with it."""
    remaining = list(items)
    ordered = []
    for row in _chart(ctx, items).rows:
        match = next(item for item in remaining
                     if (item.label, item.code) == (row.label, row.code))
        remaining.remove(match)
        ordered.append(match)
    return ordered


def items_table(ctx: Context, items: Sequence[ScoreSummary], first: str = "Mission") -> object:
    """n | NC | sans réponse | % 4–5 | IC 95 % | moyenne | remarque, one row per item in
    the chart's order: the text alternative of the chart."""
    rows = []
    for item in chart_order(ctx, items):
        shown = item.shows_percentage
        rows.append([item.label, format_number(item.n), format_number(item.not_concerned),
                     format_number(item.no_answer),
                     format_percent(item.top2_share) if shown else "–",
                     ci_short(item) if shown else "–", mean_text(item), remark(item)])
    widths = [W * 0.29, W * 0.055, W * 0.055, W * 0.07, W * 0.07, W * 0.1, W * 0.09,
              W * 0.27]
    return data_table([first, "n", "NC", "Sans rép.", "% 4–5", "IC 95 %", "Moyenne",
                       "Remarque"], rows, widths, "LRRRRRRL", font_size=8)


def distribution_table(summary: ScoreSummary, label: str = "Réponses") -> object:
    """The five levels' counts and shares (shares only from n = 5)."""
    header = ["", *[f"{level} – {name}" for level, name in zip(range(1, 6), LEVEL_NAMES)],
              "n"]
    counts = [label, *[format_number(c) for c in summary.distribution],
              format_number(summary.n)]
    rows = [counts]
    if summary.shows_percentage:
        rows.append(["Part des réponses valides", *format_parts(summary.distribution),
                     format_percent(1)])
    widths = [W * 0.2, *[W * 0.14] * 5, W * 0.1]
    return data_table(header, rows, widths, "LRRRRRR", font_size=8)


def chart_figure(ctx: Context, items: Sequence[ScoreSummary], caption: str,
                 heading: Flowable | None = None, extra: Sequence[Flowable] = ()
                 ) -> KeepTogether:
    """The diverging stacked bars of ``items`` (sorted by share of 4–5) with a caption, or
    the line saying that no item has enough answers for a bar."""
    return KeepTogether(chart_parts(ctx, items, caption, heading, extra))


def chart_parts(ctx: Context, items: Sequence[ScoreSummary], caption: str,
                heading: Flowable | None = None, extra: Sequence[Flowable] = ()
                ) -> list[Flowable]:
    """:func:`chart_figure` as a list, to keep together with what precedes it; the
    caption ends with :data:`ROUNDING_NOTE`, since the chart writes rounded shares and
    their rounded totals side by side. When no item has a bar, one line says so instead
    (a legend and an axis around nothing is no figure)."""
    if not has_bars(items):
        return [*([heading] if heading is not None else []), ctx.empty(NO_BAR), *extra]
    return figure_parts(ctx, charts.likert_drawing(_chart(ctx, items), W),
                        f"{caption} {ROUNDING_NOTE}", heading, extra)


def _chart(ctx: Context, items: Sequence[ScoreSummary]) -> DivergingChart:
    """The diverging chart of ``items``, the last one worked out kept for the document:
    the figure draws it, then the table under it lists the items in its order
    (:func:`chart_order`); worked out twice, the demo's 7 missions took 0.13 ms more."""
    kept = ctx.derived.get("diverging_chart")
    if kept is None or kept[0] != items:
        kept = ctx.derived["diverging_chart"] = (items, diverging_chart(items))
    return kept[1]


def has_bars(items: Sequence[ScoreSummary]) -> bool:
    """Whether the diverging chart of ``items`` draws a bar (an item with 5 valid answers
    or more): only then may a text promise a figure. Read from the items' own rule
    (``shows_percentage``, the chart's too), without laying out the chart, which the
    figure does once."""
    return any(item.shows_percentage for item in items)


def small_n_sentence(items: Sequence[ScoreSummary]) -> str:
    """ANIL's warning, from the figures: how many items rest on fewer than 10 valid
    answers (and their range), « » when none. When none of them reaches 5, no result of
    theirs is shown, so the sentence says the numbers are too small rather than that
    results are to be read with caution."""
    small = [item for item in items if item.n < LOW_N]
    if not small:
        return ""
    which = _small_items(items, small)
    span = _answers_span(small)
    if not any(item.shows_percentage for item in small):
        return (f"{which} sur moins de {MIN_N_FOR_PERCENT} réponses valides ({span}) : "
                "effectif trop faible, seules les notes données sont indiquées, sans "
                "pourcentage, moyenne ni barre.")
    many = len(small) > 1
    text = (f"{which} sur moins de {LOW_N} réponses valides ({span}) : "
            f"{'leurs résultats sont' if many else 'son résultat est'} à interpréter avec "
            "prudence")
    if not all(item.shows_percentage for item in small):
        text += (f", et sous {MIN_N_FOR_PERCENT} réponses ni pourcentage, ni moyenne, ni "
                 "barre ne sont donnés")
    return text + "."


def _small_items(items: Sequence[ScoreSummary], small: Sequence[ScoreSummary]) -> str:
    """« La question repose », « Les 7 questions reposent », « Sur les 7 questions, une
    repose » (a sentence never starts with a numeral)."""
    if len(items) == 1:
        return "La question repose"
    if len(small) == len(items):
        return f"Les {format_number(len(items))} questions reposent"
    many = len(small) > 1
    return (f"Sur les {format_number(len(items))} questions, "
            f"{format_number(len(small)) if many else 'une'} repos{'ent' if many else 'e'}")


def _answers_span(small: Sequence[ScoreSummary]) -> str:
    """« 4 », « entre 2 et 7 »: the valid answers of the small items."""
    smallest = min(item.n for item in small)
    largest = max(item.n for item in small)
    if smallest == largest:
        return format_number(smallest)
    return f"entre {format_number(smallest)} et {format_number(largest)}"


def method_rules(ctx: Context) -> list[Paragraph]:
    """How the figures are computed, in three short notes."""
    return [
        note(ctx, "Chaque question est notée de 1 (très insatisfait) à 5 (très satisfait), "
                  "« non concerné » étant possible. Les pourcentages et les moyennes portent "
                  "sur les seules réponses valides (notes 1 à 5), dont le nombre n est toujours "
                  "indiqué : ni les « non concerné » (NC) ni les absences de réponse n'entrent "
                  "au dénominateur."),
        note(ctx, "La part des notes 4 ou 5 est accompagnée de son intervalle de confiance à "
                  "95 % (méthode de Wilson), qui reste fiable sur de petits effectifs. Sous "
                  "5 réponses valides, seuls les effectifs sont donnés (ni pourcentage, ni "
                  "moyenne, ni barre) ; de 5 à 9, le résultat est signalé « à interpréter avec "
                  "prudence (n < 10) ». La moyenne n'est qu'un repère : l'échelle est ordinale."),
        note(ctx, "Arrondis : chaque part est calculée sur les effectifs, puis arrondie à "
                  "l'unité ; dans un tableau dont le total affiche 100 %, les parts sont "
                  "arrondies de sorte que leur somme fasse 100 % (méthode du plus fort reste). "
                  "Une part regroupée (notes 4 ou 5, notes 1 ou 2), calculée sur ses propres "
                  "effectifs, peut donc différer d'un point de la somme des parts de ses "
                  "notes."),
    ]


def quote(ctx: Context, text: str, category: str) -> Paragraph:
    """« comment » — category: the partner's words, attributed to a category. The
    attribution is one unbreakable block (never split, never a dash ending a line), but a
    line may break before it: were it glued to the comment's last word, that word and
    the whole attribution would move down together, leaving the line above short."""
    return Paragraph(_quoted(text)
                     + f' —\u00a0<font name="Carlito" color="#{st.MUTED.hexval()[2:]}">'
                       f"{escape(category.replace(' ', NBSP))}</font>", ctx.styles.quote)


def quote_plain(ctx: Context, text: str) -> Paragraph:
    """« comment » (under a heading that already names the category)."""
    return Paragraph(_quoted(text), ctx.styles.quote)


def _quoted(text: str) -> str:
    """The comment between guillemets, escaped; its own guillemets and pairs of straight
    quotes become the inner quotes “ ” (French typography never nests « inside « »),
    every other character as written."""
    inner = _CLOSING_QUOTE.sub("”", _OPENING_QUOTE.sub("“", text))
    inner = _STRAIGHT_QUOTES.sub(r"“\1”", inner)
    return french_spacing(f"« {escape(inner)} »")
