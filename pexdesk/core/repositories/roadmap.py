"""The roadmap: axes, their actions, lead partners, dated journal and deliverables."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.kinds import ActionStatus
from pexdesk.core.domain.models import Action, Axis, Deliverable, JournalEntry
from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.formatting import plural
from pexdesk.core.repositories import mapper


ROADMAP_ORDER = "x.sort_order, a.due_on IS NULL, a.due_on, a.id"
"""The actions (``a``) in the roadmap's order, axis (``x``) by axis, the soonest due first."""


def axes(con: sqlite3.Connection) -> list[Axis]:
    return mapper.select(con, Axis, order="sort_order, id")


def save_axis(con: sqlite3.Connection, axis: Axis) -> Axis:
    if axis.id is None:
        if not axis.sort_order:
            axis.sort_order = con.execute(
                "SELECT coalesce(max(sort_order), 0) + 1 FROM roadmap_axis").fetchone()[0]
        return mapper.insert(con, axis)
    return mapper.update(con, axis)


def delete_axis(con: sqlite3.Connection, axis_id: int) -> None:
    """Only a custom axis without actions can go: the five official axes stay."""
    axis = mapper.get(con, Axis, axis_id)
    if axis.official:
        raise ValidationError(FieldError("code", "Les cinq axes officiels de la feuille de route "
                                                 "ne peuvent pas être supprimés."))
    count = con.execute("SELECT count(*) FROM action WHERE axis_id = ?", (axis_id,)).fetchone()[0]
    if count:
        them = "la" if count == 1 else "les"
        raise ValidationError(FieldError("code", f"L'axe « {axis.label_text} » contient "
                                                 f"{plural(count, 'action')} : déplacez-{them} ou "
                                                 f"supprimez-{them} d'abord."))
    mapper.delete(con, Axis, axis_id)


def save_action(con: sqlite3.Connection, action: Action, lead_ids: list[int] | None = None,
                deliverables: list[Deliverable] | None = None) -> Action:
    """Insert or update an action; leads and deliverables, when given, replace the stored ones."""
    problems = action.problems()
    for index, item in enumerate(deliverables or []):
        problems += [FieldError(f"deliverables[{index}].{e.field}", e.message)
                     for e in item.problems()]
    if problems:
        raise ValidationError(problems)
    with transaction(con):
        if action.id is None:
            mapper.insert(con, action)
        else:
            mapper.update(con, action)
        if lead_ids is not None:
            with mapper.integrity_as_validation(None):
                con.execute("DELETE FROM action_lead WHERE action_id = ?", (action.id,))
                con.executemany("INSERT INTO action_lead(action_id, partner_id) VALUES (?, ?)",
                                [(action.id, pid) for pid in sorted(set(lead_ids))])
        if deliverables is not None:
            mapper.replace_children(con, Deliverable, "action_id", action.id, deliverables)
    return action


def actions(con: sqlite3.Connection, axis_id: int | None = None) -> list[Action]:
    if axis_id is None:
        return mapper.select(con, Action, order="axis_id, due_on IS NULL, due_on, id")
    return mapper.select(con, Action, "axis_id = ?", (axis_id,), order="due_on IS NULL, due_on, id")


def action_choices(con: sqlite3.Connection) -> list[tuple[int, str, str, str]]:
    """(id, axis code, axis label, title) of every action, in the roadmap's order (axis by
    axis, the soonest due first), for the picker of the actions a meeting dealt with."""
    return [tuple(row) for row in con.execute(
        f"""SELECT a.id, x.code, x.label, a.title FROM action a
           JOIN roadmap_axis x ON x.id = a.axis_id ORDER BY {ROADMAP_ORDER}""")]


def leads_of(con: sqlite3.Connection, action_id: int) -> list[int]:
    return [row[0] for row in con.execute(
        "SELECT partner_id FROM action_lead WHERE action_id = ? ORDER BY partner_id", (action_id,))]


def delete_action(con: sqlite3.Connection, action_id: int) -> None:
    mapper.delete(con, Action, action_id)


def add_journal_entry(con: sqlite3.Connection, entry: JournalEntry) -> JournalEntry:
    if entry.action_id is None:
        raise ValidationError(FieldError("action_id", "« Action » est obligatoire."))
    return mapper.insert(con, entry)


def journal_of(con: sqlite3.Connection, action_id: int) -> list[JournalEntry]:
    return mapper.select(con, JournalEntry, "action_id = ?", (action_id,),
                         order="entry_on DESC, id DESC")


def add_deliverable(con: sqlite3.Connection, deliverable: Deliverable) -> Deliverable:
    if deliverable.action_id is None:
        raise ValidationError(FieldError("action_id", "« Action » est obligatoire."))
    return mapper.insert(con, deliverable)


def deliverables_of(con: sqlite3.Connection, action_id: int) -> list[Deliverable]:
    return mapper.select(con, Deliverable, "action_id = ?", (action_id,), order="id")


@dataclass(frozen=True)
class ActionRow:
    """An action as the roadmap list shows it, with its axis and lead partners."""

    id: int
    axis_id: int
    axis_code: str
    axis_label: str
    axis_order: int
    title: str
    status: str
    progress: int
    start_on: date | None
    due_on: date | None
    leads: str
    journal_entries: int
    last_entry_on: date | None
    late: bool


def action_rows(con: sqlite3.Connection, today: date,
                only: int | None = None) -> list[ActionRow]:
    """Every action's row in :func:`action_row_order`, late as of ``today``; with ``only``,
    that action's row alone (none if it is gone), for a list updating one row after a save."""
    rows = con.execute(
        f"""SELECT a.id, a.axis_id, x.code, x.label, x.sort_order, a.title, a.status, a.progress,
                  a.start_on, a.due_on,
                  coalesce((SELECT group_concat(p.name, ', ') FROM action_lead l
                            JOIN partner p ON p.id = l.partner_id WHERE l.action_id = a.id), ''),
                  (SELECT count(*) FROM action_journal WHERE action_id = a.id),
                  (SELECT max(entry_on) FROM action_journal WHERE action_id = a.id)
           FROM action a JOIN roadmap_axis x ON x.id = a.axis_id
           {"WHERE a.id = ?" if only is not None else ""}
           ORDER BY {ROADMAP_ORDER}""",
        () if only is None else (only,))
    result = []
    for r in rows:
        start, due, last = (date.fromisoformat(v) if v else None for v in (r[8], r[9], r[12]))
        late = due is not None and due < today and r[6] in (ActionStatus.A_LANCER,
                                                            ActionStatus.EN_COURS)
        result.append(ActionRow(*r[:8], start, due, r[10], r[11], last, late))
    return result


def action_row_order(row: ActionRow) -> tuple:
    """The order of :func:`action_rows` as a sort key: by axis, then due date (none last)."""
    return row.axis_order, row.due_on is None, row.due_on or date.min, row.id
