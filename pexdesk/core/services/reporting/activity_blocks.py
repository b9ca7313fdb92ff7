"""The words and tables the « Bilan d'activité » and the « Point mensuel » share: how
meetings are named, an action list with its progress, the open follow-ups, an
indicator's values; so that a year's bilan and a month's note read alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.platypus import Flowable

from pexdesk.core.domain.kinds import ACTION_STATUS_LABELS, MeetingKind
from pexdesk.core.formatting import (NARROW_NBSP, format_date, format_date_unbroken,
                                     format_number)
from pexdesk.core.repositories.meetings import FollowUpRow
from pexdesk.core.services.reporting import charts
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.blocks import Markup, data_table
from pexdesk.core.services.reporting.data import ActionItem
from pexdesk.core.services.reporting.text import escape

W = st.FRAME_WIDTH

KIND_PHRASES = {
    MeetingKind.PLENIERE: ("CCAPEX plénière", "CCAPEX plénières"),
    MeetingKind.TECHNIQUE: ("commission technique", "commissions techniques"),
    MeetingKind.SOUS_CCAPEX: ("séance de sous-CCAPEX", "séances de sous-CCAPEX"),
    MeetingKind.COPIL_CHARTE: ("comité de pilotage de la charte", "comités de pilotage de la charte"),
    MeetingKind.GROUPE_TRAVAIL: ("groupe de travail", "groupes de travail"),
    MeetingKind.AUTRE: ("autre réunion", "autres réunions"),
}

KIND_SHORT = {
    MeetingKind.PLENIERE: "Plénière",
    MeetingKind.TECHNIQUE: "Comm. technique",
    MeetingKind.SOUS_CCAPEX: "Sous-CCAPEX",
    MeetingKind.COPIL_CHARTE: "Copil charte",
    MeetingKind.GROUPE_TRAVAIL: "Groupe de travail",
    MeetingKind.AUTRE: "Autre",
}

def meeting_name(kind: str, territory: str, held_on: date) -> str:
    """A meeting as running text names it: « commission technique du 12 mars 2026 »,
    « séance de sous-CCAPEX (Nord) du 2 avril 2026 »."""
    where = f" ({territory})" if territory else ""
    return f"{KIND_PHRASES[kind][0]}{where} du {format_date_unbroken(held_on)}"


OPINIONS = ("avis ou recommandation", "avis et recommandations")
"""What a CCAPEX issues, after a count: its own term « avis et recommandations » reads
wrong after 1 (« 1 avis et recommandations »)."""


# --- Indicators -------------------------------------------------------------------------------

def with_unit(series) -> str:
    """An indicator's label with its unit, for a row of bare values: « … (%) »."""
    suffix = {"%": " (%)", "€": " (€)", "j": " (jours)"}.get(series.unit, "")
    return series.label + suffix


def value_decimals(series) -> int:
    """The decimals of a series' monthly values, the same for all: one for a percentage
    or when some value has a fraction, so that a row never mixes « 12 » and « 12,5 »."""
    fractional = any(not float(v).is_integer() for v in series.known)
    return 1 if series.unit == "%" or fractional else 0


def indicator_value(value: float | None, unit: str, decimals: int, bare: bool = False) -> str:
    if value is None:
        return "–"
    text = format_number(value, decimals)
    if bare:
        return text
    if unit == "%":
        return f"{text}{NARROW_NBSP}%"
    if unit == "€":
        return f"{text}{NARROW_NBSP}€"
    return text


# --- Roadmap ----------------------------------------------------------------------------------

def actions_table(actions: Sequence[ActionItem], notes: Sequence[str] | None = None) -> Flowable:
    """Actions with their status, due date and progress, late ones flagged; under each
    title, its line of ``notes`` (by default, its pilots)."""
    rows, highlight, marked = [], [], []
    muted = st.MUTED.hexval()[2:]
    for index, action in enumerate(actions):
        title = f"<b>{escape(action.title)}</b>"
        detail = notes[index] if notes is not None else (
            f"Pilotes : {action.leads}" if action.leads else "")
        if detail:
            title += f"<br/><font size=\"7.5\" color=\"#{muted}\">{escape(detail)}</font>"
        status = ACTION_STATUS_LABELS[action.status]
        if action.late:
            highlight.append(index)
            marked.append((1, index))
            status = f"{status}\nEN RETARD"
        due = format_date(action.due_on) if action.due_on else "–"
        gauge = charts.progress_bar(action.progress, W * 0.2, late=action.late)
        rows.append([Markup(title), status, due, gauge])
    return data_table(["Action", "Statut", "Échéance", "Avancement"], rows,
                      [W * 0.5, W * 0.14, W * 0.15, W * 0.21], "LLLL", highlight=highlight,
                      marked=marked)


# --- Follow-ups -------------------------------------------------------------------------------

COMPACT_FOLLOWUPS = 25
"""Beyond this many open follow-ups, their table is set smaller: all are listed."""


def open_followups_table(rows: Sequence[FollowUpRow]) -> Flowable:
    """The open follow-ups, the soonest due first, late ones flagged as late actions are.
    A long list is set smaller, « EN RETARD » beside the date: a row a line when the
    description fits, where hundreds of late follow-ups would otherwise take two."""
    compact = len(rows) > COMPACT_FOLLOWUPS
    cells, highlight, marked = [], [], []
    for index, row in enumerate(rows):
        due = f"{row.due_on:%d/%m/%Y}" if row.due_on else "–"
        if row.late:
            highlight.append(index)
            marked.append((0, index))
            due += " EN RETARD" if compact else "\nEN RETARD"
        cells.append([due, row.description, row.owner or "—",
                      f"{row.held_on:%d/%m/%Y} – {KIND_SHORT[row.kind]}"])
    shares = (0.185, 0.365, 0.225, 0.225) if compact else (0.12, 0.39, 0.235, 0.255)
    table = data_table(["Échéance", "Suite", "Responsable", "Réunion"], cells,
                       [W * share for share in shares], "LLLL", highlight=highlight,
                       marked=marked, font_size=7.5 if compact else 8.5)
    table.splitInRow = 1  # a long description may run over a page
    return table
