"""The « Point mensuel »: the monthly follow-up of the action plan and of the indicators
the chargé(e) de mission sends the DDETS (roadmap axis FR1), two to four pages.

A note, not a bilan: no cover nor contents, a title block (the ADIL, its département,
who writes and when) then short sections that follow one another, any of which can be
left out. Each month's figure is set beside the month before's and the same month's a
year earlier; what the base does not know reads « — » or « non saisi », never 0, and
what it keeps no history of (statuses, completed follow-ups) is said to be read on the
note's day. The blocks are the activity bilan's (``activity_blocks``), so that the
month's note and the year's bilan read alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from pexdesk.core.domain.kinds import MEETING_KIND_LABELS, MeetingKind
from pexdesk.core.formatting import (MONTHS, agree, format_date, format_date_unbroken,
                                     format_month, format_number, plural)
from pexdesk.core.reference.treve import ended_before, month_in_treve
from pexdesk.core.services.reporting import catalog
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.activity_blocks import (KIND_PHRASES, OPINIONS,
                                                             actions_table, indicator_value,
                                                             open_followups_table,
                                                             value_decimals, with_unit)
from pexdesk.core.services.reporting.blocks import (Context, Markup, ReportKind, bullets,
                                                    data_table, letterhead, note, paragraph)
from pexdesk.core.services.reporting.document import OFFICER_TITLE, Heading
from pexdesk.core.services.reporting.monthly_data import (ActionChange, IndicatorMonth,
                                                          MonthlyData)
from pexdesk.core.services.reporting.paragraph import Paragraph
from pexdesk.core.services.reporting.periods import Period
from pexdesk.core.services.reporting.territory_counts import is_local, month_meetings
from pexdesk.core.services.reporting.text import escape, french_spacing

W = st.FRAME_WIDTH
UNKNOWN = "\u2014"
"""A figure of a month the base knows nothing of (« — »), which is not a zero."""
NOT_ENTERED, NOT_AVAILABLE = "non saisi", "non disponible"
PARTIAL = "(partiel)"
"""After a sum of the relevés that give it, when some of the month's do not."""
SECTION_ROOM = 45 * mm
"""Room a section's heading needs below it to start on the page rather than the next."""
PRIVACY = "Ce point ne contient aucune donnée nominative sur les ménages."
LISTED = 20
"""A note of a few pages lists this many follow-ups, late actions, or actions that moved,
at most: follow-ups the soonest due first (the late ones lead), late actions the most late
first, actions that moved in the roadmap's order (their journal's steps with them). A base
where follow-ups are seldom ticked done would otherwise print hundreds (22 pages on the
benchmark's large base), one whose roadmap has fallen behind a hundred late actions (7
pages), one whose roadmap was reviewed in the month every action of it. The rest are
counted, with where to read them all."""


def _month(period: Period) -> str:
    """« novembre 2026 »"""
    return format_month(period.first)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _attention(ctx: Context, text: str) -> Paragraph:
    return Paragraph(f'<font color="#{st.ACCENT.hexval()[2:]}"><b>Attention :</b></font> '
                     f"{french_spacing(escape(text))}", ctx.styles.body_left)


# --- Title block ------------------------------------------------------------------------------

def _title_styles(ctx: Context) -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    s = ctx.styles
    return (ParagraphStyle("PointSurtitre", parent=s.cover_label, fontSize=9.5, leading=12,
                           spaceAfter=2),
            ParagraphStyle("PointTitre", parent=s.title, fontSize=22, leading=27,
                           spaceAfter=2),
            ParagraphStyle("PointAuteur", parent=s.body_left, textColor=st.MUTED))


def title_block(ctx: Context) -> list[Flowable]:
    """The ADIL and its département, what the note is, the month, who writes and when;
    then what the note sets the month beside and that it names no household, and a
    warning for a month not over or before the mission."""
    data: MonthlyData = ctx.data
    mission = data.mission
    kicker, title, byline = _title_styles(ctx)
    signed = [f"Note du {format_date_unbroken(data.generated_on)}"]
    if mission.officer_name.strip():
        signed.insert(0, f"Rédigée par {mission.officer_name.strip()}, {OFFICER_TITLE}")
    story: list[Flowable] = [
        letterhead(mission, ctx.styles.body_left), Spacer(1, 7 * mm),
        Paragraph("MISSION DE PRÉVENTION DES EXPULSIONS LOCATIVES · NOTE À LA DDETS", kicker),
        Paragraph(escape(f"{catalog.MONTHLY.title} — {_month(data.month)}"), title),
        Paragraph(french_spacing(escape(" · ".join(signed))), byline),
        Spacer(1, 3 * mm),
        paragraph(ctx, "Suivi mensuel du plan d'actions et des indicateurs prévus par "
                       "l'instruction du 26 avril 2021, pour la mission portée par {adil} "
                       "dans le {dept}. Les chiffres de {month} sont rapprochés de ceux du "
                       "mois précédent ({previous}) et du même mois un an plus tôt "
                       "({year_before}). {privacy}",
                  adil=mission.adil_in_text, dept=mission.department_in_text,
                  month=_month(data.month), previous=_month(data.previous),
                  year_before=_month(data.year_before), privacy=PRIVACY),
    ]
    if data.in_progress:
        story.append(_attention(ctx, f"{_capitalised(_month(data.month))} n'est pas achevé : "
                                     "ce point en donne la situation au "
                                     f"{format_date_unbroken(data.generated_on)}."))
    if data.precedes_mission:
        story.append(_attention(ctx, f"{_capitalised(_month(data.month))} précède le début de "
                                     "la mission, le "
                                     f"{format_date_unbroken(mission.mission_start)} : la base "
                                     "ne contient pour ce mois que ce qui a pu y être saisi "
                                     "après coup."))
    return story


def _column_headers(data: MonthlyData) -> list[str]:
    month = _capitalised(_month(data.month)) + ("\n(en cours)" if data.in_progress else "")
    return [month, f"Mois précédent\n{_month(data.previous)}",
            f"Un an plus tôt\n{_month(data.year_before)}"]


# --- 1. Le mois en chiffres -------------------------------------------------------------------

def build_figures(ctx: Context, heading: Heading) -> list[Flowable]:
    data: MonthlyData = ctx.data
    columns = data.figures
    story: list[Flowable] = [heading]
    if not columns[0].recorded:
        story.append(ctx.empty())
    if not any(column.recorded for column in columns):
        return story

    def row(label: str, figure) -> list[str]:
        return [label, *[format_number(figure(c)) if c.recorded else UNKNOWN for c in columns]]

    rows = [row("Réunions tenues", lambda c: c.meetings.total)]
    for kind in MeetingKind:
        if any(c.recorded and c.meetings.by_kind[kind] for c in columns):
            rows.append(row(f"dont {KIND_PHRASES[kind][1]}",
                            lambda c, kind=kind: c.meetings.by_kind[kind]))
    examined = [row("Dossiers examinés", lambda c: c.meetings.dossiers_examined)]
    marked = False
    if any(c.recorded and c.agenda.adjourned_meetings + c.agenda.registered_meetings
           for c in columns):
        registered = _agenda_row("Dossiers inscrits à l'ordre du jour", columns,
                                 lambda a: (a.registered, a.registered_meetings))
        adjourned = _agenda_row("Dossiers ajournés", columns,
                                lambda a: (a.all_adjourned, a.adjourned_meetings))
        examined = [registered, *examined, adjourned]
        marked = any(cell == NOT_ENTERED or cell.endswith(PARTIAL)
                     for cell in registered[1:] + adjourned[1:])
    rows += [
        *examined,
        row("Avis et recommandations émis", lambda c: c.meetings.opinions_issued),
        row("Suites à donner décidées en réunion", lambda c: c.followups_decided),
        row(f"dont réalisées au {format_date(data.generated_on)}", lambda c: c.followups_done),
        row("Étapes consignées au journal de la feuille de route", lambda c: c.journal_entries),
        row("Valeurs d'indicateurs saisies", lambda c: c.indicator_values),
    ]
    story.append(data_table(["", *_column_headers(data)], rows,
                            [W * 0.43, W * 0.19, W * 0.19, W * 0.19], "LRRR"))
    story.append(note(ctx, _figures_note(data, marked)))
    return story


def _agenda_row(label: str, columns, figure) -> list[str]:
    """A sum of the month's relevés that give it, « partiel » when some of the meetings
    that examined dossiers do not, « non saisi » when none does: never a partial sum set
    beside a whole one unsaid."""
    cells = [label]
    for column in columns:
        total, given = figure(column.agenda)
        if not column.recorded:
            cells.append(UNKNOWN)
        elif column.agenda.meetings and not given:
            cells.append(NOT_ENTERED)
        else:
            partial = given < column.agenda.meetings
            cells.append(format_number(total) + (f" {PARTIAL}" if partial else ""))
    return cells



def _figures_note(data: MonthlyData, agenda_marked: bool) -> str:
    """What « — » means, and « (partiel) » and « non saisi » when a count of the agenda
    reads so."""
    start = data.mission.mission_start
    before = (f"antérieur au début de la mission ({format_date(start)}) ou "
              if start is not None else "")
    given = (f"Dossiers inscrits et ajournés : sommes des relevés qui les donnent ; "
             f"« {PARTIAL} » : donnés pour une partie seulement des réunions du mois ayant "
             f"examiné des dossiers, « {NOT_ENTERED} » : pour aucune. " if agenda_marked
             else "")
    return (f"« {UNKNOWN} » : mois {before}pour lequel la base ne contient aucune donnée, ce "
            f"qui n'est pas un zéro. {given}Suites à donner réalisées : état au "
            f"{format_date(data.generated_on)} pour les trois mois, la base ne datant pas leur "
            "réalisation. Valeurs d'indicateurs : saisies pour le "
            f"{data.mission.department_name}, hors valeurs « non disponibles ».")


# --- 2. Feuille de route ----------------------------------------------------------------------

def build_roadmap(ctx: Context, heading: Heading) -> list[Flowable]:
    data: MonthlyData = ctx.data
    rm = data.roadmap
    month = _month(data.month)
    story: list[Flowable] = [heading]
    if rm.changed:
        story.append(paragraph(ctx, "{count} {moved} en {month}.", count=plural(
            len(rm.changed), "action"), moved=agree(len(rm.changed), "a évolué", "ont évolué"),
            month=month))
        story += _capped(ctx, rm.changed, _changes_table, "premières dans l'ordre de la "
                         "feuille de route", "pexdesk, écran « Feuille de route »")
    else:
        story.append(ctx.empty(f"Aucune action n'a évolué en {month}"))
    story.append(note(ctx, _roadmap_sources(data)))
    story += _journal_steps(ctx, data)

    late_heading = Paragraph(escape(f"Actions en retard au {format_date(rm.as_of)}"),
                             ctx.styles.h3)
    if not rm.late:
        story.append(KeepTogether([late_heading, paragraph(
            ctx, "Aucune action n'est en retard sur son échéance au {day}.",
            day=format_date(rm.as_of))]))
    else:
        story += [late_heading, paragraph(
            ctx, "{count} en retard : échéance dépassée, action encore à lancer ou en cours.",
            count=plural(len(rm.late), "action")),
            *_capped(ctx, rm.late, actions_table, "plus en retard",
                     "pexdesk, écran « Feuille de route », ou dans le bilan d'activité")]
    return story


def _changes_table(changes: Sequence[ActionChange]) -> Flowable:
    return actions_table([c.action for c in changes], [_evolution(c) for c in changes])


def _days(days: Sequence) -> str:
    """« le 12 novembre », « les 3 et 12 novembre » (the days of one month)."""
    numbers = ["1er" if d.day == 1 else str(d.day) for d in days]
    month = MONTHS[days[0].month - 1]
    if len(numbers) == 1:
        return f"le {numbers[0]} {month}"
    return f"les {', '.join(numbers[:-1])} et {numbers[-1]} {month}"


def _evolution(change: ActionChange) -> str:
    """« Statut modifié le 12 novembre · 2 étapes au journal »"""
    parts = []
    if change.status_changed:
        parts.append(f"statut modifié {_days(change.status_changed)}")
    if change.progress_changed:
        parts.append(f"avancement modifié {_days(change.progress_changed)}")
    if change.action.journal:
        parts.append(f"{plural(len(change.action.journal), 'étape')} au journal")
    return _capitalised(" · ".join(parts))


def _roadmap_sources(data: MonthlyData) -> str:
    rm = data.roadmap
    if not rm.changes_traced:
        traced = ("Cette base ne tient pas de journal des modifications : seules les étapes "
                  "consignées au journal des actions disent ce qui a évolué. ")
    else:
        traced = ("Une modification de statut ou d'avancement est datée du jour de sa saisie "
                  "dans pexdesk, qui n'en conserve pas l'ancienne valeur. ")
    return (f"{traced}Statuts et avancement : ceux du {format_date(rm.statuses_on)}, le suivi "
            "n'en gardant pas l'historique ; une action est en retard lorsque son échéance est "
            f"dépassée au {format_date(rm.as_of)} alors qu'elle est encore à lancer ou en "
            "cours.")


def _journal_steps(ctx: Context, data: MonthlyData) -> list[Flowable]:
    """The steps of the month, action by action, as the journal holds them: of the actions
    the note lists above, not of those it only counts."""
    news = [change.action for change in data.roadmap.changed[:LISTED] if change.action.journal]
    if not news:
        return []
    story: list[Flowable] = []
    title: list[Flowable] = [Paragraph("Étapes consignées au journal", ctx.styles.h3)]
    for action in news:
        items = [f"<b>{escape(format_date(entry.entry_on))}</b> — {escape(entry.text)}"
                 for entry in action.journal]
        head = Paragraph(f"<b>{escape(action.title)}</b>", ctx.styles.action_title)
        paragraphs = bullets(ctx, items)
        story.append(KeepTogether([*title, head, *paragraphs[:2]]))
        story += paragraphs[2:]
        title = []
    return story


# --- 3. Indicateurs ---------------------------------------------------------------------------

def build_indicators(ctx: Context, heading: Heading) -> list[Flowable]:
    data: MonthlyData = ctx.data
    month = _month(data.month)
    listed = data.indicators
    story: list[Flowable] = [heading]
    if not listed:
        story.append(ctx.empty(f"Aucun indicateur mensuel suivi ni saisi pour {month}"))
        return story
    entered = sum(i.entered[0] and i.values[0] is not None for i in listed)
    expected = sum(i.monthly for i in listed)
    story.append(paragraph(
        ctx, "{entered} pour {month}, sur {expected} attendus chaque mois. Valeurs saisies "
             "pour le {dept} à partir des sources indiquées.",
        entered=(plural(entered, "indicateur renseigné", "indicateurs renseignés")
                 if entered else "Aucun indicateur renseigné"),
        month=month, expected=format_number(expected), dept=data.mission.department_name))
    treve = _treve_sentence(data.month)
    if treve:
        story.append(paragraph(ctx, "{treve}", treve=treve))
    rows = [[with_unit(i), *_indicator_cells(i), i.source or "non précisée"] for i in listed]
    story.append(data_table(["Indicateur", *_column_headers(data), "Source"], rows,
                            [W * 0.36, W * 0.13, W * 0.14, W * 0.14, W * 0.23], "LRRRL",
                            font_size=8))
    story.append(note(ctx, f"« {NOT_ENTERED} » : aucune valeur enregistrée pour le mois ; "
                           f"« {NOT_AVAILABLE} » : valeur saisie comme non disponible (non "
                           f"transmise par la source) ; « {UNKNOWN} » : aucune valeur saisie "
                           "pour ce mois. Une valeur manquante n'est pas un zéro."))
    return story


def _treve_sentence(month: Period) -> str:
    """The trêve hivernale the month falls in, or whose end it follows: the evictions
    carried out collapse during it and rise after it, which a reader must not take for a
    result; nothing for another month."""
    name = _month(month)
    ended = ended_before(month.first)
    if ended is not None:
        extended = f", prolongée {ended.extension.reason}," if ended.extension else ""
        return (f"La trêve hivernale{extended} a pris fin le {format_date(ended.last)} : la "
                "reprise des expulsions avec le concours de la force publique peut expliquer "
                f"une hausse des interventions effectives de la force publique en {name}.")
    inside = month_in_treve(month.first)
    if inside is None:
        return ""
    return (f"{_capitalised(name)} tombe pendant la {inside.treve.text()} : aucune expulsion "
            "n'a lieu avec le concours de la force publique sauf relogement assuré ; un "
            "faible nombre d'interventions effectives de la force publique tient alors à la "
            "trêve, non à un résultat.")


def _indicator_cells(indicator: IndicatorMonth) -> list[str | Markup]:
    decimals = value_decimals(indicator)
    cells: list[str | Markup] = []
    for index, (entered, value) in enumerate(zip(indicator.entered, indicator.values)):
        if value is not None:
            cells.append(indicator_value(value, indicator.unit, decimals, bare=True))
        elif entered:
            cells.append(Markup(f"<i>{NOT_AVAILABLE}</i>"))
        else:
            cells.append(Markup(f"<i>{NOT_ENTERED}</i>") if index == 0 else UNKNOWN)
    return cells


# --- 4. CCAPEX --------------------------------------------------------------------------------

def build_ccapex(ctx: Context, heading: Heading) -> list[Flowable]:
    data: MonthlyData = ctx.data
    month = _month(data.month)
    activity = data.figures[0].meetings
    story: list[Flowable] = [heading]
    if not data.meetings:
        story.append(ctx.empty(f"Aucune réunion enregistrée en {month}"))
    else:
        kinds = [plural(count, *KIND_PHRASES[kind])
                 for kind, count in activity.by_kind.items() if count]
        story.append(paragraph(
            ctx, "En {month}, {total} {held} ({kinds}) ; {they} examiné <b>{dossiers}</b> et "
                 "émis <b>{opinions}</b>.",
            month=month, total=plural(activity.total, "réunion"),
            held=agree(activity.total, "s'est tenue", "se sont tenues"),
            kinds=", ".join(kinds), they=agree(activity.total, "elle a", "elles ont"),
            dossiers=plural(activity.dossiers_examined, "dossier"),
            opinions=plural(activity.opinions_issued, *OPINIONS)))
        counts = month_meetings(data.meetings)
        rows = [[format_date(m.held_on), MEETING_KIND_LABELS.get(m.kind, m.kind),
                 m.territory or "département", *printed]
                for m, printed in zip(data.meetings, counts.texts)]
        story.append(data_table(
            ["Date", "Réunion", "Territoire", "Dossiers\nexaminés", "Avis\némis"], rows,
            [W * 0.19, W * 0.3, W * 0.27, W * 0.12, W * 0.12], "LLLRR",
            total=["Total", plural(activity.total, "réunion"), "",
                   format_number(activity.dossiers_examined),
                   format_number(activity.opinions_issued)]))
        if any(is_local(m.kind, m.territory) for m in data.meetings):
            story.append(note(ctx, counts.note))
    story += _open_followups(ctx, data)
    return story


def _open_followups(ctx: Context, data: MonthlyData) -> list[Flowable]:
    """The follow-ups still open, counted; listed but for those due next month when the
    note lists them under « À venir », so that none is read twice."""
    rm, rows = data.roadmap, data.open_followups
    end = format_date(data.month.last)
    title = Paragraph(escape("Suites à donner encore ouvertes" if data.in_progress else
                             f"Suites à donner ouvertes au {end}"), ctx.styles.h3)
    if not rows:
        return [KeepTogether([title, paragraph(
            ctx, "Aucune suite à donner décidée en réunion n'est ouverte au {day}.",
            day=format_date(rm.statuses_on))])]
    late = sum(row.late for row in rows)
    listed = ([row for row in rows if row.due_on not in data.next_month]
              if ctx.shows("a_venir") else list(rows))
    until = "" if data.in_progress else f" jusqu'au {end}"
    on = "" if data.in_progress else f" au {end}"
    story: list[Flowable] = [title, paragraph(
        ctx, "{count} décidée{s} en réunion{until} {remain} ouverte{s} au {today}{late}{next}.",
        count=plural(len(rows), "suite à donner", "suites à donner"), until=until,
        s="s" if len(rows) > 1 else "", remain=agree(len(rows), "reste", "restent"),
        today=format_date(rm.statuses_on),
        late=(f", dont {format_number(late)} en retard{on} (échéance dépassée)" if late
              else ", aucune en retard"),
        next=_due_next(len(rows) - len(listed), data))]
    if listed:
        story += _followups_listed(ctx, listed)
    if not data.in_progress:
        story.append(note(ctx, "La base ne date pas la réalisation des suites à donner : "
                               f"celles réalisées depuis le {end} n'y figurent plus."))
    return story


# --- 5. À venir -------------------------------------------------------------------------------

def build_upcoming(ctx: Context, heading: Heading) -> list[Flowable]:
    data: MonthlyData = ctx.data
    due = data.roadmap.due_next
    followups = data.followups_due_next
    month = _month(data.next_month)
    return [heading,
            *_listed(ctx, f"Actions à échéance en {month}",
                     actions_table(due) if due else None,
                     f"Aucune action à lancer ou en cours n'arrive à échéance en {month}."),
            *_listed(ctx, f"Suites à donner à échéance en {month}",
                     _followups_listed(ctx, followups) if followups else None,
                     f"Aucune suite à donner ouverte n'arrive à échéance en {month}.")]


def _due_next(count: int, data: MonthlyData) -> str:
    """« ; 3 arrivent à échéance en décembre 2026 et sont listées plus bas, sous « À
    venir » » after the count of open follow-ups (nothing for none)."""
    if not count:
        return ""
    total = len(data.open_followups)
    arrive = (plural(count, "arrive", "arrivent") if count < total
              else "elle arrive" if total == 1 else "toutes arrivent")
    return (f" ; {arrive} à échéance en {_month(data.next_month)} et "
            f"{agree(count, 'est listée', 'sont listées')} plus bas, sous « À venir »")


def _followups_listed(ctx: Context, rows: Sequence) -> list[Flowable]:
    return _capped(ctx, rows, open_followups_table, "premières par échéance",
                   "pexdesk, Réunions CCAPEX, onglet « Suites à donner »")


def _capped(ctx: Context, rows: Sequence, table: Callable[[Sequence], Flowable], first: str,
            where: str) -> list[Flowable]:
    """The table of the first :data:`LISTED` rows, and a line counting the others: « Les 20
    {first} ; 119 autres dans {where}. »"""
    shown = rows[:LISTED]
    story: list[Flowable] = [table(shown)]
    if len(rows) > len(shown):
        story.append(note(ctx, f"Les {format_number(len(shown))} {first} ; "
                               f"{plural(len(rows) - len(shown), 'autre', 'autres')} dans "
                               f"{where}."))
    return story


def _listed(ctx: Context, title: str, table: Flowable | list[Flowable] | None,
            otherwise: str) -> list[Flowable]:
    """A sub-heading over its table, or over the sentence saying there is nothing to list
    (kept together)."""
    heading = Paragraph(escape(title), ctx.styles.h3)
    if table is not None:
        return [heading, *(table if isinstance(table, list) else [table])]
    return [KeepTogether([heading, paragraph(ctx, "{text}", text=otherwise)])]


# --- The note ---------------------------------------------------------------------------------

def story(ctx: Context, kind: ReportKind, sections: tuple[str, ...] | None = None
          ) -> list[Flowable]:
    """The title block, then the chosen sections one after another (a heading never alone
    at a page's foot)."""
    ctx.styles = replace(ctx.styles, h1=ParagraphStyle("PointSection", parent=ctx.styles.h2,
                                                       spaceBefore=14))
    flowables = title_block(ctx)
    for section in kind.sections:
        if sections is None or section.key in sections:
            flowables.append(CondPageBreak(SECTION_ROOM))
            flowables += section.flowables(ctx)
    return flowables


MONTHLY = ReportKind.of(catalog.MONTHLY, {
    "chiffres": build_figures,
    "feuille_de_route": build_roadmap,
    "indicateurs": build_indicators,
    "ccapex": build_ccapex,
    "a_venir": build_upcoming,
}, story)
