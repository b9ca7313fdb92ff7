"""The « Bilan d'activité » of the chargé(e) de mission PEX: its sections, in order.

Each section is a function of the frozen snapshot (``data.ReportData``); any of them
can be left out. A section with nothing to show for the period says « Aucune
donnée sur la période » rather than vanishing. Every user string (partner names,
action titles, journal notes, meeting notes…) is escaped before it reaches a
paragraph (``text.escape``); figures are formatted the French way
(``core.formatting``).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table,
                                TableStyle)

from pexdesk.core.domain.kinds import (ACTION_STATUS_LABELS, MEETING_KIND_LABELS,
                                       MEETING_MODE_LABELS, ActionStatus, MeetingKind)
from pexdesk.core.domain.models import Meeting

from pexdesk.core.formatting import (MONTHS_SHORT, NARROW_NBSP, agree, format_change,
                                     format_date, format_date_unbroken, format_month,
                                     format_month_short, format_number, format_parts,
                                     format_percent, format_period, format_points, plural)
from pexdesk.core.reference.breakdowns import OPINION
from pexdesk.core.reference.treve import MonthInTreve, month_in_treve
from pexdesk.core.services.reporting import catalog, charts
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.activity_blocks import (KIND_PHRASES, OPINIONS,
                                                             actions_table, indicator_value,
                                                             meeting_name,
                                                             open_followups_table,
                                                             value_decimals, with_unit)
from pexdesk.core.services.reporting.charter_block import charter_block
from pexdesk.core.services.reporting.blocks import (Context, Markup, ReportKind,
                                                    bullets, cover_line, cover_opening,
                                                    data_table, figure, kpi_tiles,
                                                    long_list_table, note, paragraph)
from pexdesk.core.repositories.meetings import Agenda
from pexdesk.core.services.reporting.data import (ActionItem, BreakdownData, FollowUpsData,
                                                  ReportData)
from pexdesk.core.services.reporting.document import OFFICER_TITLE, Heading
from pexdesk.core.services.reporting.fonts import REGULAR
from pexdesk.core.services.reporting.feedback import build_feedback, share_cell, share_change
from pexdesk.core.services.reporting.paragraph import Paragraph
from pexdesk.core.services.reporting.participation import participation
from pexdesk.core.services.reporting.periods import Period
from pexdesk.core.services.reporting.territory_counts import bilan_counts, is_local
from pexdesk.core.services.reporting.text import escape, french_spacing

W = st.FRAME_WIDTH

KIND_HEADERS = {
    MeetingKind.PLENIERE: "Plénière",
    MeetingKind.TECHNIQUE: "Comm.\ntechnique",
    MeetingKind.SOUS_CCAPEX: "Sous-\nCCAPEX",
    MeetingKind.COPIL_CHARTE: "Copil\ncharte",
    MeetingKind.GROUPE_TRAVAIL: "Groupe de\ntravail",
    MeetingKind.AUTRE: "Autre",
}

JOURNAL_PER_ACTION = 6


MEAN_DECIMALS = 1
"""A monthly mean has a decimal even when it falls whole (« 40,0 » beside « 41,9 »)."""


# --- Cover and contents -----------------------------------------------------------------------

def cover(ctx: Context, title: str) -> list[Flowable]:
    data: ReportData = ctx.data
    story = cover_opening(ctx, title, "Mission de prévention des expulsions locatives",
                          data.period.text, data.mission)
    story += cover_line(ctx, "Destinataires",
                        "DDETS, comité responsable du PDALHPD, membres de la CCAPEX")
    story += cover_line(ctx, "Période couverte", data.period.text)
    story += cover_line(ctx, "Document établi le", format_date(data.generated_on))
    return story


def contents(ctx: Context) -> list[Flowable]:
    from pexdesk.core.services.reporting.document import table_of_contents
    return [ctx.unnumbered("Sommaire", in_toc=False), table_of_contents()]


# --- 1. Synthèse ------------------------------------------------------------------------------

def _previous_period_text(data: ReportData) -> str:
    if data.period.year_on_year:
        return (f"Période précédente : la même un an plus tôt, {data.previous.text} (les "
                "chiffres de l'expulsion suivent les saisons, dont la trêve hivernale).")
    return f"Période précédente, de même durée et immédiatement avant : {data.previous.text}."


def build_summary(ctx: Context, heading: Heading) -> list[Flowable]:
    data: ReportData = ctx.data
    cc, rm, pt, fb = data.ccapex, data.roadmap, data.partnership, data.feedback
    story: list[Flowable] = [
        heading,
        paragraph(ctx, "Ce bilan rend compte de l'activité de la mission de prévention des "
                       "expulsions locatives dans le {dept}, {period}. Les chiffres "
                       "sont rapprochés de ceux de la période précédente, {previous}. "
                       "Structure porteuse de la mission : {adil}.",
                  adil=data.mission.adil_name, dept=data.mission.department_in_text,
                  period=_period_text(data.period), previous=_period_text(data.previous)),
        *_mission_start_warning(ctx, data),
    ]
    done = rm.by_status[ActionStatus.REALISEE]

    def change(current: float, previous: float) -> str:
        return format_change(current, previous) if data.previous_within_mission else NOT_COMPARED

    def versus(current: int, previous: int) -> str:
        shown = change(current, previous)
        shown = f" ({shown})" if shown != "–" else ""
        return f"période précédente : {format_number(previous)}{shown}"

    story.append(kpi_tiles([
        (format_number(cc.current.total),
         agree(cc.current.total, "réunion tenue", "réunions tenues"),
         versus(cc.current.total, cc.previous.total)),
        (format_number(cc.current.dossiers_examined),
         agree(cc.current.dossiers_examined, "dossier examiné", "dossiers examinés")
         + " en CCAPEX",
         versus(cc.current.dossiers_examined, cc.previous.dossiers_examined)),
        (format_number(cc.current.opinions_issued),
         agree(cc.current.opinions_issued, *OPINIONS) + " émis",
         versus(cc.current.opinions_issued, cc.previous.opinions_issued)),
        (f"{format_number(done)} / {format_number(rm.total)}" if rm.total else "0",
         agree(done, "action réalisée", "actions réalisées") if rm.total
         else "action dans la feuille de route",
         f"{plural(rm.late, 'action')} en retard" if rm.late else "aucune action en retard"),
    ]))
    story.append(Spacer(1, 10))
    rows = [
        ("Réunions tenues", cc.current.total, cc.previous.total),
        ("dont commissions techniques", cc.current.by_kind[MeetingKind.TECHNIQUE],
         cc.previous.by_kind[MeetingKind.TECHNIQUE]),
        ("dont séances de sous-CCAPEX", cc.current.by_kind[MeetingKind.SOUS_CCAPEX],
         cc.previous.by_kind[MeetingKind.SOUS_CCAPEX]),
        ("Dossiers examinés", cc.current.dossiers_examined, cc.previous.dossiers_examined),
        ("Avis et recommandations émis", cc.current.opinions_issued, cc.previous.opinions_issued),
        ("Suites à donner décidées en réunion", cc.followups.decided,
         cc.followups.decided_previous),
        ("dont réalisées à la date du bilan", cc.followups.done, cc.followups.done_previous),
        ("Partenaires présents à au moins une réunion", pt.mobilised, pt.mobilised_previous),
        ("Nouveaux partenaires impliqués", len(pt.newcomers), pt.newcomers_previous),
        ("Signataires de la charte en fin de période", pt.signatories_at_end,
         pt.signatories_at_previous_end),
        ("Étapes consignées au journal de la feuille de route", rm.journal_entries,
         rm.journal_entries_previous),
        ("Livrables remis", rm.deliverables, rm.deliverables_previous),
    ]
    table_rows = [[label, format_number(a), format_number(b), change(a, b)]
                  for label, a, b in rows]
    table_rows.append(["Partenaires donnant 4 ou 5 sur 5 à la mission", share_cell(fb.current),
                       share_cell(fb.previous) if fb.previous else "–",
                       share_change(fb.current, fb.previous) if data.previous_within_mission
                       else NOT_COMPARED])
    story.append(KeepTogether([
        Paragraph("Chiffres clés de la période", ctx.styles.h3),
        data_table(["", "Période", "Période précédente", "Évolution"], table_rows,
                   [W * 0.52, W * 0.16, W * 0.18, W * 0.14], "LRRR"),
        note(ctx, f"Période : {data.period.text}. {_previous_period_text(data)} "
                  "« nouveau » : aucune occurrence sur la période précédente ; part des 4 ou 5 "
                  "sur 5 : n réponses notées, sans pourcentage sous cinq réponses et « à "
                  "interpréter avec prudence (n < 10) » de cinq à neuf. Suites à donner "
                  "réalisées : état au "
                  f"{format_date(data.roadmap.statuses_on)} pour les deux périodes, la base "
                  "ne datant pas leur réalisation."
                  + ("" if data.previous_within_mission else
                     f" « {NOT_COMPARED} » : évolution non calculée, la période précédente "
                     "n'étant pas entièrement comprise dans la mission (commencée le "
                     f"{format_date(data.mission.mission_start)}).")),
    ]))
    story.append(Paragraph(escape(f"État de la feuille de route {_statuses_date(data)}"),
                           ctx.styles.h3))
    if not rm.total:
        story.append(ctx.empty("Aucune action suivie sur la période"))
    else:
        if _statuses_after_period(data):
            story.append(note(ctx, _no_history(data)))
        parts = [f"{format_number(rm.by_status[status])} "
                 f"{_status_word(status, rm.by_status[status])}" for status in ActionStatus]
        mean = (f" ; avancement moyen des actions non abandonnées : "
                f"{format_number(rm.mean_progress)}{NARROW_NBSP}%"
                if rm.mean_progress is not None else "")
        story.append(paragraph(ctx, "{total} suivie{s} sur la période : {parts}{mean}.",
                               total=plural(rm.total, "action"), s="s" if rm.total > 1 else "",
                               parts=", ".join(parts), mean=mean))
        late = [a for axis in rm.axes for a in axis.actions if a.late]
        if late:
            items = [f"<b>{escape(a.title)}</b> — échéance du {escape(format_date(a.due_on))}, "
                     f"{escape(ACTION_STATUS_LABELS[a.status].lower())}, avancement "
                     f"{a.progress}{NARROW_NBSP}%" for a in late[:8]]
            if len(late) > 8:
                items.append(f"et {plural(len(late) - 8, 'autre, détaillée', 'autres, détaillées')} "
                             "dans la feuille de route")
            story.append(Paragraph(
                f'<font color="#{st.ACCENT.hexval()[2:]}"><b>Points d\u2019attention :</b></font> '
                f"{escape(plural(len(late), 'action'))} en retard sur {'leur' if len(late) > 1 else 'son'} "
                "échéance.", ctx.styles.body_left))
            story += bullets(ctx, items)
        else:
            story.append(paragraph(ctx, "Aucune action n'est en retard sur son échéance."))
    return story


def _status_word(status: str, count: int) -> str:
    word = {ActionStatus.A_LANCER: "à lancer", ActionStatus.EN_COURS: "en cours",
            ActionStatus.REALISEE: "réalisée", ActionStatus.ABANDONNEE: "abandonnée"}[status]
    if status in (ActionStatus.REALISEE, ActionStatus.ABANDONNEE) and count > 1:
        word += "s"
    return word


NOT_COMPARED = "\u2014"
"""Shown instead of a change against a previous period the mission did not wholly cover."""


def _period_text(period: Period) -> str:
    """« du 1er décembre 2025 au 30 novembre 2026 » for running text: no date split
    across lines."""
    return format_period(period.first, period.last, format_date_unbroken)


def _mission_start_warning(ctx: Context, data: ReportData) -> list[Flowable]:
    """A warning when some of the period precedes the mission's start."""
    if not data.starts_before_mission:
        return []
    start = format_date_unbroken(data.mission.mission_start)
    if data.precedes_mission:
        text = (f"La période précède entièrement le début de la mission, le {start} : la base "
                "ne contient pour elle que ce qui a pu y être saisi après coup.")
    else:
        text = (f"La période commence avant le début de la mission, le {start} : pour les "
                "mois antérieurs, la base ne contient que ce qui a pu y être saisi après coup.")
    return [Paragraph(f'<font color="#{st.ACCENT.hexval()[2:]}"><b>Attention :</b></font> '
                      f"{escape(text)}", ctx.styles.body_left)]


def _statuses_after_period(data: ReportData) -> bool:
    """Whether the roadmap's statuses, read today, are later than the period's end."""
    return data.roadmap.statuses_on > data.period.last


def _statuses_date(data: ReportData) -> str:
    """When the statuses shown hold: « au 27 novembre 2026 », with « date du bilan »
    when that day is after the period."""
    day = f"au {format_date(data.roadmap.statuses_on)}"
    return f"{day}, date du bilan" if _statuses_after_period(data) else day


def _no_history(data: ReportData) -> str:
    return (f"Le suivi ne conserve que l'état actuel de chaque action : statuts et avancement "
            f"sont ceux du {format_date(data.roadmap.statuses_on)}, et non du "
            f"{format_date(data.period.last)}. Les actions commencées après la période n'y "
            "figurent pas ; les livrables sont comptés à leur date de remise.")


# --- 2. Contexte ------------------------------------------------------------------------------

def build_context(ctx: Context, heading: Heading) -> list[Flowable]:
    data: ReportData = ctx.data
    mission = data.mission
    story: list[Flowable] = [
        heading,
        paragraph(ctx, "Le troisième plan interministériel de prévention des expulsions "
                       "(2021\u20132022), plan de sortie de la crise sanitaire, a créé des "
                       "postes de chargés de mission « Prévention des expulsions – Sortie de "
                       "crise », dont les deux tiers sont portés par des ADIL. Leur rôle est "
                       "de renforcer les moyens de la commission de coordination des actions "
                       "de prévention "
                       "des expulsions locatives (CCAPEX) et de coordonner la mobilisation de "
                       "l'ensemble des acteurs : services de l'État, Département, CAF et MSA, "
                       "bailleurs sociaux et privés, communes et intercommunalités, "
                       "associations."),
    ]
    since = (f", depuis le {format_date_unbroken(mission.mission_start)}"
             if mission.mission_start else "")
    until = ""
    if mission.mission_end:
        verb = "jusqu'au" if mission.mission_end >= data.generated_on else "et jusqu'au"
        until = f" {verb} {format_date_unbroken(mission.mission_end)}"
    officer = (f" La mission est conduite par {mission.officer_name}, {OFFICER_TITLE}."
               if mission.officer_name.strip() else "")
    story.append(paragraph(ctx, "Structure porteuse de la mission dans le {dept} : "
                                "{adil}{since}{until}.{officer}",
                           dept=mission.department_in_text, adil=mission.adil_name, since=since,
                           until=until, officer=officer))
    story.append(paragraph(ctx, "Sa feuille de route suit les cinq axes du document de cadrage "
                                "national de mai 2021 ; le tableau ci-dessous indique le nombre "
                                "d'actions suivies sur la période pour chacun d'eux."))
    rows = []
    for index, axis in enumerate(data.roadmap.axes, start=1):
        label = Markup(f"<b>{escape(axis.label)}</b>"
                       + (f"<br/><font size=\"7.5\" color=\"#{st.MUTED.hexval()[2:]}\">"
                          f"{escape(axis.description)}</font>" if axis.description else "")
                       + ("" if axis.official else " <i>(axe propre au département)</i>"))
        rows.append([str(index), label, format_number(len(axis.actions))])
    if rows:
        story.append(data_table(["Axe", "Intitulé", "Actions suivies"], rows,
                                [W * 0.08, W * 0.74, W * 0.18], "CLR"))
    else:
        story.append(ctx.empty())
    return story


# --- 3. Feuille de route ----------------------------------------------------------------------

def build_roadmap(ctx: Context, heading: Heading) -> list[Flowable]:
    data: ReportData = ctx.data
    rm = data.roadmap
    story: list[Flowable] = [heading]
    left_out = _left_out(rm.closed_before, "achevée", "avant la période, sans nouvelle étape "
                                                      "depuis") \
        + _left_out(rm.started_after, "commençant", "après la période")
    story.append(paragraph(ctx, "Statuts et avancement des actions {when}, tels "
                                "qu'enregistrés dans le suivi de la mission. Une action est "
                                "signalée <b>en retard</b> lorsque son échéance est dépassée "
                                "au {as_of} alors qu'elle est encore à lancer ou en "
                                "cours.{left_out}",
                           when=_statuses_date(data), as_of=format_date(rm.as_of),
                           left_out=left_out))
    if not rm.total:
        story.append(ctx.empty("Aucune action suivie sur la période"))
        return story
    if _statuses_after_period(data):
        story.append(note(ctx, _no_history(data)))
    rows, marked = [], []
    for axis in rm.axes:
        actions = axis.actions
        counts = [sum(a.status == status for a in actions) for status in ActionStatus]
        pursued = [a.progress for a in actions if a.status != ActionStatus.ABANDONNEE]
        late = sum(a.late for a in actions)
        gauge = (charts.progress_bar(sum(pursued) / len(pursued), W * 0.19)
                 if pursued else "–")
        if late:
            marked.append((6, len(rows)))
        rows.append([axis.label, *[format_number(c) for c in counts],
                     format_number(len(actions)), format_number(late), gauge])
    totals = [rm.by_status[status] for status in ActionStatus]
    total_gauge = (charts.progress_bar(rm.mean_progress, W * 0.19)
                   if rm.mean_progress is not None else "–")
    if rm.late:
        marked.append((6, len(rows)))
    story.append(KeepTogether([
        Paragraph("Avancement par axe", ctx.styles.h3),
        data_table(["Axe", "À\nlancer", "En\ncours", "Réali-\nsées", "Aban-\ndonnées", "Total",
                    "En\nretard", "Avancement moyen"], rows,
                   [W * 0.27, *[W * 0.082] * 6, W * 0.238],
                   "LRRRRRRL", total=["Ensemble", *[format_number(c) for c in totals],
                                      format_number(rm.total),
                                      format_number(rm.late), total_gauge],
                   marked=marked),
        note(ctx, "Avancement moyen : moyenne des avancements déclarés, actions abandonnées "
                  "exclues. En retard : échéance dépassée, action encore à lancer ou en cours."),
    ]))
    for axis in rm.axes:
        story.append(ctx.subsection(axis.label))
        if not axis.actions:
            story.append(ctx.empty())
            continue
        story.append(actions_table(axis.actions))
        story += _highlights(ctx, axis.actions)
    return story


def _left_out(count: int, participle: str, when: str) -> str:
    """« 2 actions achevées avant la période, …, n'y figurent pas. » (empty for none);
    ``participle`` is given in the singular and agrees (« achevée(s) », « commençant »)."""
    if not count:
        return ""
    many = count > 1
    agreed = participle + ("s" if many and participle.endswith("e") else "")
    return f" {plural(count, 'action')} {agreed} {when} n'y figure{'nt' if many else ''} pas."


def _highlights(ctx: Context, actions: tuple[ActionItem, ...]) -> list[Flowable]:
    news = [a for a in actions if a.journal or a.delivered or a.meetings]
    if not news:
        return [note(ctx, "Aucune étape consignée au journal ni aucune réunion sur la période "
                          "pour cet axe.")]
    story: list[Flowable] = []
    title: list[Flowable] = [Paragraph("Faits marquants de la période", ctx.styles.h3)]
    for action in news:
        items = [f"<b>{escape(format_date(entry.entry_on))}</b> — {escape(entry.text)}"
                 for entry in action.journal[-JOURNAL_PER_ACTION:]]
        if len(action.journal) > JOURNAL_PER_ACTION:
            earlier = plural(len(action.journal) - JOURNAL_PER_ACTION,
                             "étape antérieure non reprise", "étapes antérieures non reprises")
            items.insert(0, f"<i>{earlier}</i>")
        if action.meetings:
            items.insert(0, _dealt_with(action))
        items += [f"<b>Livrable remis le {escape(format_date_unbroken(d.delivered_on))}</b> : "
                  f"{escape(d.label)}" for d in action.delivered]
        items += [f"<b>Livrable attendu</b> : {escape(d.label)}" for d in action.pending]
        head = Paragraph(f"<b>{escape(action.title)}</b>", ctx.styles.action_title)
        paragraphs = bullets(ctx, items)
        story.append(KeepTogether([*title, head, *paragraphs[:2]]))  # no heading left alone
        story += paragraphs[2:]
        title = []
    return story


def _dealt_with(action: ActionItem) -> str:
    """« Traitée en réunion : 2 réunions (CCAPEX plénière du 4 mars 2026, commission
    technique du 12 mars 2026) »."""
    names = ", ".join(escape(meeting_name(m.kind, m.territory, m.held_on))
                      for m in action.meetings)
    return (f"<b>Traitée en réunion</b> : {plural(len(action.meetings), 'réunion')} "
            f"({names})")


# --- 4. Activité CCAPEX -----------------------------------------------------------------------

def build_ccapex(ctx: Context, heading: Heading) -> list[Flowable]:
    data: ReportData = ctx.data
    cc = data.ccapex
    cur, prev = cc.current, cc.previous
    story: list[Flowable] = [heading]
    if not cur.total:
        story += [paragraph(ctx, "Aucune réunion n'est enregistrée sur la période (période "
                                 "précédente : {prev}, {dossiers}).",
                            prev=plural(prev.total, "réunion"),
                            dossiers=plural(prev.dossiers_examined, "dossier examiné",
                                            "dossiers examinés")),
                  ctx.empty()]
        return story
    kinds = [plural(count, *KIND_PHRASES[kind]) for kind, count in cur.by_kind.items() if count]
    story.append(paragraph(
        ctx, "Sur la période, <b>{total}</b> {held} ({kinds}). {they} examiné "
             "<b>{dossiers}</b> et émis <b>{opinions}</b> (période précédente : {ptotal}, "
             "{pdossiers}, {popinions}).",
        total=plural(cur.total, "réunion"), kinds=", ".join(kinds),
        held=agree(cur.total, "s'est tenue", "se sont tenues"),
        they=agree(cur.total, "Elle a", "Elles ont"),
        dossiers=plural(cur.dossiers_examined, "dossier"),
        opinions=plural(cur.opinions_issued, *OPINIONS),
        ptotal=plural(prev.total, "réunion"), pdossiers=plural(prev.dossiers_examined, "dossier"),
        popinions=plural(prev.opinions_issued, "avis", "avis")))

    # Meetings by kind and month
    header = ["Mois", *[KIND_HEADERS[k] for k in MeetingKind], "Total\nréunions",
              "Dossiers\nexaminés", "Avis\némis"]
    rows = []
    for month in cc.months:
        rows.append([format_month_short(month.month),
                     *[format_number(month.by_kind[k]) if month.by_kind[k] else "·"
                       for k in MeetingKind],
                     format_number(month.meetings), format_number(month.dossiers),
                     format_number(month.opinions)])
    total = ["Total", *[format_number(cur.by_kind[k]) for k in MeetingKind],
             format_number(cur.total), format_number(cur.dossiers_examined),
             format_number(cur.opinions_issued)]
    widths = [W * 0.16, W * 0.09, W * 0.105, W * 0.09, W * 0.085, W * 0.105, W * 0.08,
              W * 0.095, W * 0.105, W * 0.085]
    story.append(ctx.subsection("Réunions par type et par mois"))
    story.append(data_table(header, rows, widths, "L" + "R" * 9, total=total))
    story.append(note(ctx, "« · » : aucune réunion de ce type dans le mois. Dossiers et avis : "
                           "sommes des relevés de séance (commissions techniques et "
                           "sous-CCAPEX pour l'essentiel)."))

    story += _dossiers_chart(ctx, data)
    story += _agenda(ctx, data)
    story += _breakdowns(ctx, data)
    story += _local_commissions(ctx, data)
    story += _followups(ctx, data)
    story += participation(ctx, data.ccapex.participation)
    return story


def _local_commissions(ctx: Context, data: ReportData) -> list[Flowable]:
    cc = data.ccapex
    heading = ctx.subsection("Sous-CCAPEX")
    if not cc.local:
        return [heading, ctx.empty()]
    intro = paragraph(
        ctx, "{count} {met} : {meetings} sur la période (période précédente : {previous}).",
        count=plural(len(cc.local), "sous-CCAPEX territoriale", "sous-CCAPEX territoriales"),
        met=agree(len(cc.local), "s'est réunie", "se sont réunies"),
        meetings=plural(sum(l.meetings for l in cc.local), "séance"),
        previous=plural(cc.local_previous, "séance"))
    counts = bilan_counts(ctx).territories
    rows = [[l.territory or "(territoire non précisé)", format_number(l.meetings), *printed,
             format_date(l.first_held), format_date(l.last_held)]
            for l, printed in zip(cc.local, counts.texts)]
    table = data_table(
        ["Territoire", "Séances", "Dossiers", "Avis", "Première séance", "Dernière séance"],
        rows, [W * 0.32, W * 0.1, W * 0.1, W * 0.1, W * 0.19, W * 0.19], "LRRRLL",
        total=["Ensemble", format_number(sum(l.meetings for l in cc.local)),
               *counts.texts[-1], "", ""])
    return [KeepTogether([heading, intro, table, note(ctx, counts.note)])]


def _followups(ctx: Context, data: ReportData) -> list[Flowable]:
    """Whether the commission's decisions are followed through: the follow-ups of the
    period's meetings, done or still open, and those open listed.

    The base does not date a follow-up's completion (``updated_at`` moves with any edit),
    so the state shown is the one on the day the roadmap's statuses are read
    (:func:`_statuses_date`), lateness included; a bilan of a past period says so rather
    than pass today's state off as the period end's."""
    fu = data.ccapex.followups
    heading = ctx.subsection("Suites à donner")
    if not fu.decided:
        return [heading, paragraph(ctx, "Aucune suite à donner n'a été enregistrée pour les "
                                        "réunions de la période.")]
    story: list[Flowable] = [heading, paragraph(
        ctx, "Les réunions de la période ont décidé <b>{decided}</b>. État {when} : "
             "<b>{done}</b>{share}, <b>{open}</b>{late}.",
        decided=plural(fu.decided, "suite à donner", "suites à donner"),
        when=_statuses_date(data), done=_count_or_aucune(fu.done, "réalisée"),
        share=f" ({format_percent(fu.done / fu.decided)})" if fu.done else "",
        open=_count_or_aucune(len(fu.open), "encore ouverte"), late=_late_followups(fu))]
    if _statuses_after_period(data):
        story.append(note(ctx, "Le suivi ne date pas la réalisation des suites à donner : "
                               "leur état est celui du "
                               f"{format_date(data.roadmap.statuses_on)}, et non du "
                               f"{format_date(data.period.last)}."))
    if fu.open:
        story.append(open_followups_table(fu.open))
    return story


def _count_or_aucune(count: int, word: str) -> str:
    """« aucune réalisée » for zero, else « 1 réalisée », « 12 réalisées »."""
    return plural(count, word) if count else f"aucune {word}"


def _late_followups(fu: FollowUpsData) -> str:
    """« , dont 2 en retard (échéance dépassée) » after the count of open follow-ups."""
    if not fu.open:
        return ""
    if not fu.late:
        return ", aucune en retard" if len(fu.open) > 1 else ", pas en retard"
    return f", dont {format_number(fu.late)} en retard (échéance dépassée)"


def _dossiers_chart(ctx: Context, data: ReportData) -> list[Flowable]:
    """Dossiers and avis per month as bars; a period without any reads « Aucun dossier
    examiné » rather than showing a chart of zeros."""
    cc = data.ccapex
    heading = ctx.subsection("Dossiers examinés et avis émis")
    if not cc.current.dossiers_examined and not cc.current.opinions_issued:
        return [heading, ctx.empty("Aucun dossier examiné sur la période")]
    busiest = max(cc.months, key=lambda m: m.dossiers)
    chart = charts.monthly_bars(
        [m.month for m in cc.months],
        [("Dossiers examinés", [m.dossiers for m in cc.months]),
         ("Avis et recommandations émis", [m.opinions for m in cc.months])],
        W, 62 * mm, "Nombre par mois")
    sentence = (f"Le mois le plus chargé est {format_month(busiest.month)} "
                f"({plural(busiest.dossiers, 'dossier examiné', 'dossiers examinés')}, "
                f"{plural(busiest.opinions, 'avis', 'avis')}).") if busiest.dossiers else \
        "Aucun dossier n'a été examiné sur la période."
    return [figure(ctx, chart,
                   f"Dossiers examinés et avis émis par mois, {data.period.text}. Source : "
                   "relevés des réunions saisis dans pexdesk ; valeurs dans le tableau "
                   "ci-dessus.", heading=heading, extra=[paragraph(ctx, "{s}", s=sentence)])]


def _agenda(ctx: Context, data: ReportData) -> list[Flowable]:
    """The dossiers inscrits à l'ordre du jour, examined and ajournés, compared over the
    meetings whose relevé gives the inscrits only, saying how many those are: a sum of
    some meetings is never set beside one of all as if it were one."""
    agenda = data.ccapex.agenda
    if not agenda.meetings:
        return []
    counted, meetings = agenda.registered_meetings, agenda.meetings
    if not counted:
        text = (f"le nombre de dossiers inscrits n'est saisi pour aucune des réunions "
                f"{_examining(2)} ({format_number(meetings)}).")
    elif counted == meetings:
        held = "à la réunion" if meetings == 1 else f"aux {format_number(meetings)} réunions"
        text = f"{_registered(agenda)} {held} {_examining(meetings)}, {_outcome(agenda)}."
    else:
        these = ("Cette réunion comptait" if counted == 1
                 else f"Ces {format_number(counted)} réunions comptaient")
        others = data.ccapex.current.dossiers_examined - agenda.examined
        text = (f"le nombre de dossiers inscrits n'est saisi que pour {format_number(counted)} "
                f"des {format_number(meetings)} réunions {_examining(meetings)}. {these} "
                f"{_registered(agenda)}, {_outcome(agenda)}. Les dossiers examinés aux autres "
                f"réunions ({format_number(others)}) ne sont rapportés à aucun ordre du jour.")
    if agenda.adjourned_elsewhere:
        elsewhere = agenda.adjourned_elsewhere
        text += (f" En outre, {plural(elsewhere, 'dossier ajourné', 'dossiers ajournés')} "
                 f"{agree(elsewhere, 'est saisi', 'sont saisis')} pour "
                 f"{plural(agenda.adjourned_elsewhere_meetings, 'réunion')} sans nombre "
                 "d'inscrits.")
    return [Paragraph(french_spacing(f"<b>Ordre du jour</b> : {text}"), ctx.styles.body)]


def _examining(meetings: int) -> str:
    return f"de la période {agree(meetings, 'consacrée', 'consacrées')} à l'examen de dossiers"


def _registered(agenda: Agenda) -> str:
    return f"<b>{plural(agenda.registered, 'dossier inscrit', 'dossiers inscrits')}</b>"


def _outcome(agenda: Agenda) -> str:
    """« dont 380 examinés (92,2 %) et 30 ajournés (7,3 %) ; 2 ni examinés ni ajournés »,
    the shares of the inscrits; what the relevés leave unsaid is said so."""
    registered = agenda.registered

    def counted(count: int, word: str) -> str:
        share = f" ({format_percent(count / registered, 1)})" if registered else ""
        return f"{plural(count, word)}{share}"

    text = f"dont {counted(agenda.examined, 'examiné')} et {counted(agenda.adjourned, 'ajourné')}"
    if agenda.adjourned_missing:
        return text + (" (ajournés non saisis" + (
            f" pour {format_number(agenda.adjourned_missing)} de ces réunions)"
            if agenda.adjourned_missing < agenda.registered_meetings else ")"))
    left = registered - agenda.examined - agenda.adjourned
    if left:
        text += (f" ; {format_number(left)} ni {agree(left, 'examiné', 'examinés')} ni "
                 f"{agree(left, 'ajourné', 'ajournés')} selon les relevés")
    return text


BREAKDOWN_NOUNS = {"dossiers_examined": ("dossier", "dossiers"),
                   "opinions_issued": ("avis", "avis")}
"""What a breakdown counts, by the meeting's total it divides."""
UNBROKEN = "Non ventilé"


def _breakdowns(ctx: Context, data: ReportData) -> list[Flowable]:
    """The period's dossiers by origin and by stage, its avis by type: a table each, whose
    total row is the section's own figure, what the relevés leave out of a breakdown
    shown as « Non ventilé » rather than spread over the categories."""
    cc = data.ccapex
    heading = ctx.subsection("Dossiers et avis par catégorie")
    if not cc.current.dossiers_examined and not cc.current.opinions_issued:
        return [heading, ctx.empty("Aucun dossier examiné sur la période")]
    counted, broken = cc.breakdowns.meetings, cc.breakdowns.broken_meetings
    if not broken:
        return [heading, paragraph(ctx, "La ventilation des dossiers examinés (par origine de "
                                        "la saisine, par stade de la procédure) et des avis "
                                        "(par type) n'a été saisie pour aucune réunion de la "
                                        "période.")]
    which = (("la réunion" if counted == 1 else f"les {format_number(counted)} réunions")
             if broken == counted else
             f"{format_number(broken)} des {format_number(counted)} réunions")
    opening: list[Flowable] = [heading, paragraph(
        ctx, "Ventilation des dossiers et des avis saisie pour {which} de la période ayant "
             "examiné des dossiers ou émis des avis. Ce que les relevés ne répartissent pas "
             "est compté « non ventilé » ; les parts sont celles du total de la période.",
        which=which)]
    story: list[Flowable] = []
    for breakdown in cc.breakdowns.dimensions:
        story.append(KeepTogether([*opening, *_breakdown_table(ctx, breakdown)]))
        opening = []  # the heading goes with the first table, never alone at a page's foot
        if breakdown.dimension is OPINION and breakdown.broken:
            story.append(_opinions_chart(ctx, data, breakdown))
    return story


def _breakdown_table(ctx: Context, breakdown: BreakdownData) -> list[Flowable]:
    """Its title, then categories with a count, in the reference's order, the rest « non
    ventilé » and the total; the categories left out for having none are named under the
    table. To keep together (with the sub-section's heading for the first)."""
    dimension = breakdown.dimension
    title = Paragraph(escape(f"{Meeting.LABELS[dimension.total]} {dimension.label}"),
                      ctx.styles.h3)
    one, many = BREAKDOWN_NOUNS[dimension.total]
    if not breakdown.broken:
        return [title, paragraph(ctx, "Aucune réunion de la période n'a ventilé ses {many} "
                                      "{how}.", many=many, how=dimension.label)]
    shown = [(label, count) for (_, label), count in zip(dimension.categories,
                                                         breakdown.counts) if count]
    if breakdown.unbroken:
        shown.append((UNBROKEN, breakdown.unbroken))
    shares = format_parts([count for _, count in shown], 1)
    rows = [[label, format_number(count), share] for (label, count), share in zip(shown, shares)]
    parts: list[Flowable] = [title, data_table(
        ["Catégorie", "Nombre", "Part"], rows, [W * 0.64, W * 0.18, W * 0.18], "LRR",
        total=["Total", format_number(breakdown.total), format_percent(1, 1)])]
    none = [label for (_, label), count in zip(dimension.categories, breakdown.counts)
            if not count]
    if none:
        parts.append(note(ctx, f"{agree(len(none), 'Catégorie', 'Catégories')} sans aucun "
                               f"{one} sur la période, non "
                               f"{agree(len(none), 'reprise', 'reprises')} dans le tableau : "
                               f"{', '.join(none)}."))
    return parts


def _opinions_chart(ctx: Context, data: ReportData, opinions: BreakdownData) -> Flowable:
    """The avis by type as horizontal bars, in the table's order and with its « non
    ventilé » bar: which answers the commission gives most, at a glance."""
    shown = [(label, count) for (_, label), count
             in zip(opinions.dimension.categories, opinions.counts) if count]
    if opinions.unbroken:
        shown.append((UNBROKEN, opinions.unbroken))
    chart = charts.category_bars([label for label, _ in shown],
                                 [("Avis et recommandations", [count for _, count in shown])],
                                 W, "Nombre d'avis et recommandations émis")
    return figure(ctx, chart, f"Avis et recommandations émis par type, {data.period.text}. "
                              "Source : relevés des réunions saisis dans pexdesk ; valeurs et "
                              "parts dans le tableau qui précède.")


# --- 5. Partenariat ---------------------------------------------------------------------------

def _count_or_none(count: int, noun: str) -> str:
    """« Aucun partenaire » for zero, else « 12 partenaires »."""
    return f"Aucun {noun}" if not count else plural(count, noun)


def build_partnership(ctx: Context, heading: Heading) -> list[Flowable]:
    data: ReportData = ctx.data
    pt = data.partnership
    story: list[Flowable] = [heading]
    directory = ("L'annuaire de la mission compte <b>{active}</b>." if pt.active else
                 "L'annuaire de la mission ne compte <b>aucun partenaire actif</b>.")
    story.append(paragraph(
        ctx, directory + " <b>{present}</b> "
             "{verb} présent{s} à au moins une réunion de la période (période précédente : "
             "{previous}).",
        active=plural(pt.active, "partenaire actif", "partenaires actifs"),
        present=_count_or_none(pt.mobilised, "partenaire"),
        verb="ont été" if pt.mobilised > 1 else "n'a été" if not pt.mobilised else "a été",
        s="s" if pt.mobilised > 1 else "", previous=format_number(pt.mobilised_previous)))

    story.append(ctx.subsection("Partenaires par catégorie"))
    if not pt.categories:
        story.append(ctx.empty("Aucun partenaire dans l'annuaire ni en réunion sur la période"))
    else:
        rows = [[c.label, format_number(c.partners), format_number(c.mobilised),
                 format_number(c.signatories)] for c in pt.categories]
        story.append(data_table(
            ["Catégorie", "Partenaires (annuaire)", "Présents en réunion", "Signataires de la charte"],
            rows, [W * 0.46, W * 0.18, W * 0.18, W * 0.18], "LRRR",
            total=["Ensemble", format_number(sum(c.partners for c in pt.categories)),
                   format_number(pt.mobilised),
                   format_number(sum(c.signatories for c in pt.categories))]))
        if not pt.mobilised:
            story.append(ctx.empty("Aucun partenaire présent en réunion sur la période"))
        else:
            chart = charts.category_bars(
                [c.label for c in pt.categories],
                [("Partenaires de l'annuaire", [c.partners for c in pt.categories]),
                 ("Présents à une réunion de la période",
                  [c.mobilised for c in pt.categories])],
                W, "Nombre de partenaires")
            story.append(figure(ctx, chart, "Partenaires par catégorie : annuaire et présence "
                                            "en réunion sur la période (valeurs dans le tableau "
                                            "ci-dessus)."))

    story.append(ctx.subsection("Nouveaux partenaires impliqués"))
    if not pt.newcomers:
        story.append(ctx.empty("Aucun nouveau partenaire sur la période"))
    else:
        story.append(paragraph(ctx, "{count} {verb} participé pour la première fois à une "
                                    "réunion sur la période (période précédente : {previous}).",
                               count=plural(len(pt.newcomers), "partenaire"),
                               verb="ont" if len(pt.newcomers) > 1 else "a",
                               previous=format_number(pt.newcomers_previous)))
        rows = [[p.name, p.category_label, format_date(p.first_attended)] for p in pt.newcomers]
        story.append(data_table(["Partenaire", "Catégorie", "Première réunion"], rows,
                                [W * 0.5, W * 0.3, W * 0.2], "LLL"))

    story.append(ctx.subsection("Signataires de la charte"))
    if not pt.signatories:
        story.append(ctx.empty("Aucun signataire de la charte à la fin de la période"))
    else:
        new = sum(p.charter_signed_on in data.period for p in pt.signatories)
        story.append(paragraph(
            ctx, "{end} de la charte départementale de prévention des expulsions à la fin de la "
                 "période (fin de la période précédente : {previous}){new}.",
            end=plural(pt.signatories_at_end, "signataire"),
            previous=format_number(pt.signatories_at_previous_end),
            new=f", dont {plural(new, 'nouvelle signature', 'nouvelles signatures')} sur la "
                "période" if new else " ; aucune nouvelle signature sur la période"))
        rows = []
        for p in pt.signatories:
            fresh = p.charter_signed_on in data.period
            rows.append([p.name, p.category_label,
                         format_date(p.charter_signed_on) if p.charter_signed_on else "date non renseignée",
                         "nouveau" if fresh else ""])
        story.append(data_table(["Partenaire", "Catégorie", "Signature", "Sur la période"], rows,
                                [W * 0.44, W * 0.26, W * 0.18, W * 0.12], "LLLC"))
    return story + charter_block(ctx, data)


# --- 6. Indicateurs ---------------------------------------------------------------------------

def build_indicators(ctx: Context, heading: Heading) -> list[Flowable]:
    data: ReportData = ctx.data
    ind = data.indicators
    story: list[Flowable] = [
        heading,
        paragraph(ctx, "Indicateurs mensuels du plan d'actions départemental (instruction du "
                       "26 avril 2021), saisis pour le {dept} à partir des sources "
                       "indiquées. « – » : donnée non disponible ou non transmise, qui n'est "
                       "pas un zéro.", dept=data.mission.department_in_text),
    ]
    series = ind.with_values
    if not series:
        story.append(ctx.empty())
        return story
    story.append(ctx.subsection("Valeurs mensuelles"))
    months = list(ind.months)
    treve = [month_in_treve(month) for month in months]
    for start in range(0, len(months), 12):
        chunk = months[start:start + 12]
        label_w = W * 0.3
        month_w = (W - label_w) / max(len(chunk), 6)
        header = ["Indicateur"] + [f"{MONTHS_SHORT[m.month - 1]}\n{m.year}" for m in chunk]
        rows = []
        for s in series:
            decimals = value_decimals(s)
            rows.append([with_unit(s), *[indicator_value(v, s.unit, decimals, bare=True)
                                          for v in s.values[start:start + 12]]])
        table = data_table(header, rows, [label_w, *[month_w] * len(chunk)],
                           "L" + "R" * len(chunk), font_size=7.5)
        table.setStyle(TableStyle([("BACKGROUND", (column, 1), (column, -1), st.SHADE)
                                   for column, shaded in enumerate(treve[start:start + 12], 1)
                                   if shaded]))
        if len(months) > 12:
            story.append(Paragraph(escape(f"{charts.month_label(chunk[0], True)} – "
                                          f"{charts.month_label(chunk[-1], True)}"),
                                   ctx.styles.h3))
        story.append(table)
    if any(treve):
        partly = "" if all(m.whole for m in treve if m) else ", en tout ou en partie"
        story.append(note(ctx, f"Colonnes grisées : mois de trêve hivernale{partly}."))
    story.append(Spacer(1, 6))

    story.append(ctx.subsection("Synthèse par indicateur et sources"))
    rows = []
    for s in series:
        rows.append([s.label, s.source or "non précisée",
                     indicator_value(s.mean, s.unit, MEAN_DECIMALS),
                     indicator_value(s.previous_mean, s.unit, MEAN_DECIMALS), _series_change(s)])
    story.append(data_table(["Indicateur", "Source", "Moyenne mensuelle", "Période précédente",
                             "Évolution"], rows,
                            [W * 0.37, W * 0.21, W * 0.14, W * 0.15, W * 0.13], "LLRRR"))
    story.append(note(ctx, f"Mois retenus : {_months_text(ind.months)} pour la période, "
                           f"{_months_text(ind.previous_months)} pour la période précédente."))
    missing = [s.label for s in ind.series if not s.known]
    if missing:
        story.append(note(ctx, "Sans valeur sur la période :"))
        story += bullets(ctx, [escape(label) for label in missing])

    story.append(CondPageBreak(70 * mm))
    story.append(ctx.subsection("Évolutions mensuelles"))
    cell_w = (W - 10) / 2
    cells = []
    for s in series:
        unit_text = {"%": "en %", "€": "en euros", "j": "en jours"}.get(s.unit, "nombre")
        cells.append([
            Paragraph(f"<b>{escape(s.label)}</b>", ctx.styles.cell),
            charts.trend_line(list(ind.months), list(s.values), cell_w, 42 * mm, s.unit,
                              unit_text.capitalize(), treve),
            Paragraph(escape(f"Source : {s.source or 'non précisée'}"), ctx.styles.cell_small),
        ])
    grid = [cells[i:i + 2] + ([[]] if len(cells[i:i + 2]) == 1 else [])
            for i in range(0, len(cells), 2)]
    table = Table(grid, colWidths=[cell_w + 5, cell_w + 5], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                               ("TOPPADDING", (0, 0), (-1, -1), 4),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.4, st.GRID)]))
    story.append(table)
    number = ctx.next_figure()
    story.append(Paragraph(f"<b>Figure {number}.</b> Évolution mensuelle de chaque indicateur "
                           f"renseigné, {escape(data.period.text)} ; la dernière valeur connue "
                           "est inscrite au bout de la courbe, une interruption signale un mois "
                           f"sans donnée.{escape(_months_without_values(series, ind.months))}"
                           f"{escape(_treve_caption(treve))}", ctx.styles.caption))
    return story


def _treve_caption(treve: list[MonthInTreve | None]) -> str:
    """What the grey band of the trends is, when one of their months falls in the trêve:
    the evictions carried out collapse then and surge after it, which is not a result."""
    shaded = [month.treve for month in treve if month is not None]
    if not shaded:
        return ""
    rules = " puis ".join(dict.fromkeys(t.rule.text() for t in shaded))
    extensions = " ; ".join(dict.fromkeys(f"{t.extension_text()} {t.extension.reason}"
                                          for t in shaded if t.extension))
    return (" Zone grisée : trêve hivernale (aucune expulsion avec le concours de la force "
            f"publique {rules}{f' ; {extensions}' if extensions else ''}).")


def _series_change(series) -> str:
    """Against the previous period's mean: a relative change for counts and amounts, a
    difference in points for a percentage (41,5 % after 39,3 % is « +2,2 pts »)."""
    if series.mean is None:
        return "–"
    if series.unit == "%":
        return format_points(series.mean, series.previous_mean)
    return format_change(series.mean, series.previous_mean)


def _months_text(months) -> str:
    """« février 2026 », « de décembre 2025 à novembre 2026 »: the indicators are monthly,
    so their means cover whole months even when the period is cut mid-month."""
    if len(months) == 1:
        return format_month(months[0])
    return f"de {format_month(months[0])} à {format_month(months[-1])}"


def _months_without_values(series, months) -> str:
    """The trailing months no indicator has a value for yet (the current month, whose
    figures come later): the curves stop before them, which the caption says."""
    trailing = 0
    while trailing < len(months) and all(s.values[-1 - trailing] is None for s in series):
        trailing += 1
    if not trailing:
        return ""
    if trailing == 1:
        return f" Aucune valeur saisie à ce jour pour {format_month(months[-1])}."
    return (f" Aucune valeur saisie à ce jour de {format_month(months[-trailing])} à "
            f"{format_month(months[-1])}.")


# --- 8. Annexes -------------------------------------------------------------------------------

GLOSSARY = (
    ("ADIL", "Agence départementale d'information sur le logement"),
    ("ANIL", "Agence nationale pour l'information sur le logement"),
    ("APL", "Aide personnalisée au logement"),
    ("ASLL", "Accompagnement social lié au logement"),
    ("AVDL", "Accompagnement vers et dans le logement"),
    ("CAF / MSA", "Caisse d'allocations familiales / Mutualité sociale agricole"),
    ("CCAPEX", "Commission de coordination des actions de prévention des expulsions locatives"),
    ("CCAS / CIAS", "Centre communal / intercommunal d'action sociale"),
    ("CDAD", "Conseil départemental de l'accès au droit"),
    ("CFP", "Concours de la force publique"),
    ("DALO", "Droit au logement opposable"),
    ("DDETS", "Direction départementale de l'emploi, du travail et des solidarités"),
    ("DDETS-PP", "Direction départementale de l'emploi, du travail, des solidarités et de la "
                 "protection des populations"),
    ("DDT(M)", "Direction départementale des territoires (et de la mer)"),
    ("DIHAL", "Délégation interministérielle à l'hébergement et à l'accès au logement"),
    ("DREAL", "Direction régionale de l'environnement, de l'aménagement et du logement"),
    ("DREETS", "Direction régionale de l'économie, de l'emploi, du travail et des solidarités"),
    ("DSF", "Diagnostic social et financier (décret n° 2021-8 du 5 janvier 2021)"),
    ("EPCI", "Établissement public de coopération intercommunale"),
    ("ESH", "Entreprise sociale pour l'habitat"),
    ("EXPLOC", "Système d'information de suivi des procédures d'expulsion locative"),
    ("FNAIM", "Fédération nationale de l'immobilier"),
    ("FSL", "Fonds de solidarité pour le logement"),
    ("HLM", "Habitation à loyer modéré"),
    ("IC", "Intervalle de confiance (retours des partenaires)"),
    ("JCP", "Juge des contentieux de la protection"),
    ("NC", "Non concerné (réponse au questionnaire des partenaires)"),
    ("PDALHPD", "Plan départemental d'action pour le logement et l'hébergement des personnes "
                "défavorisées"),
    ("PEX", "Prévention des expulsions"),
    ("SA HLM", "Société anonyme d'habitations à loyer modéré"),
    ("SEM", "Société d'économie mixte"),
    ("SIAO", "Service intégré d'accueil et d'orientation"),
    ("UDAF", "Union départementale des associations familiales"),
    ("UNIS", "Union des syndicats de l'immobilier"),
    ("UNPI", "Union nationale des propriétaires immobiliers"),
)
"""Every acronym the bilan's own texts and the reference data it prints use."""


def build_annex(ctx: Context, heading: Heading) -> list[Flowable]:
    data: ReportData = ctx.data
    pt, cc = data.partnership, data.ccapex
    story: list[Flowable] = [heading]
    story.append(ctx.subsection("Liste des partenaires", "A"))
    if not pt.partners:
        story.append(ctx.empty("Aucun partenaire dans l'annuaire"))
    else:
        rows = []
        for p in pt.partners:
            charter = ((format_date(p.charter_signed_on) if p.charter_signed_on
                        else "signataire") if p.charter_signatory else "")
            rows.append([p.name, p.category_label, p.territory or "département", charter])
        story.append(note(ctx, f"{plural(len(pt.partners), 'partenaire')} actif"
                               f"{'s' if len(pt.partners) > 1 else ''}, par catégorie. Les "
                               "institutions sont citées, jamais les personnes."))
        story.append(long_list_table(["Partenaire", "Catégorie", "Territoire",
                                      "Signature de la charte"], rows,
                                     [W * 0.39, W * 0.24, W * 0.19, W * 0.18], "LLLL",
                                     font_size=8))

    story.append(ctx.subsection("Réunions de la période", "B"))
    if not cc.meetings:
        story.append(ctx.empty())
    else:
        rows = []
        counts = bilan_counts(ctx).meetings
        for m, (dossiers, opinions) in zip(cc.meetings, counts.texts):
            where = " – ".join(part for part in (m.territory, m.place) if part) or \
                MEETING_MODE_LABELS.get(m.mode, m.mode)
            what = Markup(f"<b>{escape(MEETING_KIND_LABELS.get(m.kind, m.kind))}</b><br/>"
                          f"<font size=\"7.5\">{escape(where)}</font>")
            rows.append([format_date(m.held_on), what, dossiers, opinions,
                         format_number(m.attendees), m.notes])
        table = data_table(["Date", "Réunion", "Dossiers", "Avis", "Présents", "Relevé"], rows,
                           [W * 0.15, W * 0.24, W * 0.08, W * 0.08, W * 0.08, W * 0.37],
                           "LLRRRL", font_size=8)
        table.splitInRow = 1
        story.append(table)
        if any(is_local(m.kind, m.territory) for m in cc.meetings):
            story.append(note(ctx, counts.note))

    story.append(ctx.subsection("Sigles", "C"))
    story.append(data_table(["Sigle", "Signification"], [list(g) for g in GLOSSARY],
                            [W * 0.18, W * 0.82], "LL"))
    return story


ACTIVITY = ReportKind.of(catalog.ACTIVITY, {
    "synthese": build_summary,
    "contexte": build_context,
    "feuille_de_route": build_roadmap,
    "ccapex": build_ccapex,
    "partenariat": build_partnership,
    "indicateurs": build_indicators,
    "retours": build_feedback,
    "annexe": build_annex,
})


def story(ctx: Context, kind: ReportKind, sections: tuple[str, ...] | None = None) -> list[Flowable]:
    """Cover, contents, then the chosen sections (all by default), each from a new page."""
    from pexdesk.core.services.reporting.document import cover_to_body

    chosen = [s for s in kind.sections if sections is None or s.key in sections]
    flowables: list[Flowable] = [*cover(ctx, kind.title), *cover_to_body(), *contents(ctx)]
    for section in chosen:
        flowables.append(PageBreak())
        flowables += section.flowables(ctx)
    return flowables
