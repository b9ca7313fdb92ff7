"""stats: the partner survey's figures, as a French table or as JSON for other tools.

The JSON keys are a public contract (other tools parse them): ``responses``,
``departments``, ``by_department``, ``overall``, ``items``, ``by_category``, with the
nested keys chosen in ``to_json``; tests/test_stats_cli.py pins every level. JSON
carries the raw figures (a mean even at n = 2) for another tool to apply the small-n
rules of shared/survey.md §4.4, but never a partner category with fewer than
3 respondents (§4.6): those are pooled under the key ``AUTRES_CATEGORIES``, as the
table pools them, since a JSON file is read and passed on as readily as a table.

The base is opened read-only: ``stats`` never writes, and may run while the
application has the base open.
"""

from __future__ import annotations

import argparse
import json
import sys

from pexdesk.commands import EXIT_OK, base_path, db_option


def register(commands) -> None:
    stats = commands.add_parser(
        "stats", help="statistiques de l'enquête partenaires (n, %% de 4 ou 5 avec intervalle "
                      "de confiance, moyenne)",  # %% : argparse formats help strings
        description="Statistiques de l'enquête auprès des partenaires : pour chaque question "
                    "et au total, nombre de réponses, répartition de 1 à 5, moyenne, médiane, "
                    "part de 4 ou 5 avec son intervalle de confiance à 95 %, par catégorie de "
                    "partenaire et par département. Avec --json, un seul objet JSON.")
    db_option(stats)
    stats.add_argument("--campaign", metavar="NOM",
                       help="une seule campagne, par son nom (par défaut : toutes)")
    stats.add_argument("--department", metavar="CODE",
                       help="un seul département, par son code INSEE (par défaut : tous)")
    stats.add_argument("--category", metavar="CODE",
                       help="une seule catégorie de partenaire, par son code (ex. CAF, "
                            "BAILSOC ; par défaut : toutes)")
    stats.add_argument("--json", action="store_true",
                       help="écrire un objet JSON (format stable, pour d'autres outils)")
    stats.set_defaults(run=run_stats)


def run_stats(args: argparse.Namespace) -> int:
    from pexdesk.core.db.base import Base
    from pexdesk.core.services.statistics import resolve_scope, statistics

    with Base.open(base_path(args), read_only=True) as base:
        scope = resolve_scope(base.con, args.campaign, args.department, args.category)
        result = statistics(base.con, scope)
    if args.json:
        print(json.dumps(to_json(result), indent=2))
    else:
        _emit(text_report(result))
    return EXIT_OK


# --- JSON ---------------------------------------------------------------------------------------

def to_json(result) -> dict:
    """The public JSON object (null for mean, median, share and interval when n = 0)."""
    return {
        "responses": result.responses,
        "departments": result.departments,
        "by_department": {group.code: group.responses for group in result.by_department},
        "overall": _summary_json(result.overall, ("n", "mean", "median", "top2_share",
                                                  "top2_ci", "distribution")),
        "items": [_summary_json(item, ("label", "code", "campaign", "n", "not_concerned",
                                       "mean", "median", "top2_share", "top2_ci",
                                       "distribution", "low_n"))
                  for item in result.items],
        "by_category": {group.code: _summary_json(group.overall, ("n", "mean", "top2_share"))
                        for group in result.pooled_categories()},
    }


def _summary_json(summary, keys: tuple[str, ...]) -> dict:
    values = {
        "label": summary.label,
        "code": summary.code,
        "campaign": campaign_names(summary),
        "n": summary.n,
        "not_concerned": summary.not_concerned,
        "mean": summary.mean,
        "median": summary.median,
        "top2_share": summary.top2_share,
        "top2_ci": list(summary.top2_ci) if summary.top2_ci else None,
        "distribution": {str(score): count
                         for score, count in zip(range(1, 6), summary.distribution)},
        "low_n": summary.low_n,
    }
    return {key: values[key] for key in keys}


def campaign_names(summary) -> str:
    """The campaign(s) a question comes from: « Enquête 2025 », or « Enquête 2025 ;
    Enquête 2024 » for a question matched across campaigns (newest first)."""
    return " ; ".join(summary.campaigns)


# --- French table -------------------------------------------------------------------------------

LABEL_WIDTH = 50
"""Wide enough for the pool of rare categories, whose label must read in full."""


def text_report(result) -> str:
    from pexdesk.core.formatting import format_number
    from pexdesk.core.reference.categories import CATEGORY_LABELS
    from pexdesk.core.reference.departments import department_label
    from pexdesk.core.services.statistics import POOLED_LABEL

    scope = result.scope
    title = [f"campagne « {scope.campaign_name} »" if scope.campaign_id is not None
             else "toutes les campagnes"]
    title.append(f"département {department_label(scope.department_code)}"
                 if scope.department_code else "tous départements")
    if scope.category_code:
        title.append(f"catégorie « {CATEGORY_LABELS.get(scope.category_code, scope.category_code)} »")
    lines = [f"Enquête partenaires — {', '.join(title)}",
             f"{_count(result.responses, 'réponse')}, "
             f"{_count(result.departments, 'département')}", ""]

    overall = result.overall
    lines.append(f"Appréciation globale : n = {format_number(overall.n)} "
                 f"(sans réponse : {format_number(overall.no_answer)})")
    lines.append(f"  {_headline(overall)}")
    if overall.n:
        lines.append("  Répartition : " + " · ".join(
            f"{score} : {format_number(count)}"
            for score, count in zip(range(1, 6), overall.distribution)))
    lines.append("")

    if result.items:
        lines.append("Par question")
        lines.extend(_table(
            ("Question", "n", "NC", "s. r.", "moy.", "méd.", "% 4–5", "IC 95 %", "remarque"),
            [(item.label, format_number(item.n), format_number(item.not_concerned),
              format_number(item.no_answer), *_figures(item)) for item in result.items]))
        lines.extend(_campaigns_of_questions(result.items))
        lines.append("")

    if result.by_category:
        lines.append("Par catégorie de partenaire (appréciation globale)")
        lines.extend(_table(
            ("Catégorie", "répondants", "n", "moy.", "méd.", "% 4–5", "IC 95 %", "remarque"),
            [(group.label, format_number(group.responses), format_number(group.overall.n),
              *_figures(group.overall, counts=False))
             for group in result.pooled_categories()]))
        lines.append("")

    if result.departments > 1:
        lines.append("Par département (appréciation globale)")
        lines.extend(_table(
            ("Département", "réponses", "n", "moy.", "méd.", "% 4–5", "IC 95 %", "remarque"),
            [(group.label, format_number(group.responses), format_number(group.overall.n),
              *_figures(group.overall, counts=False)) for group in result.by_department]))
        lines.append("")

    lines.append("n : réponses valides (notes 1 à 5), seule base des pourcentages et des "
                 "moyennes ; NC : non concerné ; s. r. : sans réponse.")
    lines.append("% 4–5 : part des notes 4 ou 5 ; IC 95 % : intervalle de confiance de Wilson. "
                 "Sous 5 réponses valides, ni pourcentage ni moyenne.")
    lines.append("Les catégories de moins de 3 répondants sont regroupées en "
                 f"« {POOLED_LABEL} ».")
    return "\n".join(lines)


def _campaigns_of_questions(items) -> list[str]:
    """Under the question table, when its questions come from more than one campaign:
    « Question — campagne(s) » per line, so that two questions of the same wording that
    could not be matched (n = 9 and n = 35) are told apart."""
    if len({campaign for item in items for campaign in item.campaigns}) < 2:
        return []
    return ["Campagne de chaque question :",
            *(f"  {_cut(item.label)} — {campaign_names(item)}" for item in items)]


def _count(value: int, noun: str) -> str:
    from pexdesk.core.formatting import format_number

    return f"{format_number(value)} {noun}{'s' if value > 1 else ''}"


def _headline(summary) -> str:
    """« 70 % donnent 4 ou 5 (114/163), IC 95 % : 62 % à 76 % — moyenne 3,9 — médiane 4 »."""
    from pexdesk.core.formatting import format_number, format_percent

    if not summary.n:
        return "aucune réponse"
    if not summary.shows_percentage:
        return (f"{_count(summary.n, 'répondant')} : {summary.counts_text()} "
                "(effectif trop faible pour un pourcentage)")
    low, high = summary.top2_ci
    text = (f"{format_percent(summary.top2_share)} donnent 4 ou 5 "
            f"({format_number(summary.top2)}/{format_number(summary.n)}), IC 95 % : "
            f"{format_percent(low)} à "
            f"{format_percent(high)} — moyenne {format_number(summary.mean, 1)} — "
            f"médiane {_median(summary.median)}")
    return text + (f" — {summary.caution}" if summary.caution else "")


def _figures(summary, counts: bool = True) -> tuple[str, str, str, str, str]:
    """mean, median, % 4–5, interval and remark, with the §4.4 rules applied.

    Below n = 5 a question shows its counts (« 1×2, 1×4 »); a category or département
    row does not (``counts=False``): with one or two respondents, the counts would be
    their own answers (§4.6)."""
    from pexdesk.core.formatting import format_number, format_percent

    if not summary.shows_percentage:
        remark = summary.caution or ""
        if summary.n and counts:
            remark = f"{remark} : {summary.counts_text()}"
        return "–", "–", "–", "–", remark
    low, high = summary.top2_ci
    # At large n the interval can be narrower than a point: a decimal keeps it visible.
    decimals = 1 if round(low * 100) == round(high * 100) else 0
    interval = f"{format_number(low * 100, decimals)}–{format_percent(high, decimals)}"
    remark = summary.caution or ""
    if summary.low_n:
        remark = "⚠ " + remark
    return (format_number(summary.mean, 1), _median(summary.median),
            format_percent(summary.top2_share), interval, remark)


def _median(value: float) -> str:
    from pexdesk.core.formatting import format_number

    return format_number(value, 0 if value == int(value) else 1)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Columns padded to their widest cell; the first (a label) cut to LABEL_WIDTH and left-
    aligned, the figures right-aligned, the last (a remark) left as is."""
    rows = [(_cut(row[0]), *row[1:]) for row in rows]
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [str(row[0]).ljust(widths[0])]
        cells += [str(cell).rjust(width) for cell, width in zip(row[1:-1], widths[1:-1])]
        cells.append(str(row[-1]))
        lines.append("  ".join(cells).rstrip())
    return lines


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_WIDTH else label[:LABEL_WIDTH - 1].rstrip() + "…"


def _emit(text: str) -> None:
    """Print, degrading the narrow no-break space and other typography to what the console
    can encode (a Windows console redirected to a file uses cp1252) rather than failing."""
    from pexdesk.core.formatting import NARROW_NBSP

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = text.replace(NARROW_NBSP, " ").replace("⚠", "!")
        text = text.encode(encoding, "replace").decode(encoding, "replace")
    print(text)
