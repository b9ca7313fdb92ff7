"""The charte départementale and its yearly objectives, saved together as one action."""

from __future__ import annotations

import sqlite3
from datetime import date

from pexdesk.core.db.connection import transaction
from pexdesk.core.domain import rules
from pexdesk.core.domain.models import Charter, CharterObjective
from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.repositories import mapper


def charters_stored(con: sqlite3.Connection) -> bool:
    """Whether the base can hold a charte: a base of an earlier version opened read-only (a
    bilan from the command line, another pexdesk holding it) is read as it is, without
    one. Asked of the schema rather than of its version, which a step added beside this
    one would move."""
    return con.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' "
                       "AND name = 'charter'").fetchone() is not None


def charters(con: sqlite3.Connection) -> list[Charter]:
    """Every charte, the latest in force first."""
    if not charters_stored(con):
        return []
    return mapper.select(con, Charter, order="valid_from DESC, id DESC")


def in_force(con: sqlite3.Connection, first: date, last: date) -> Charter | None:
    """The charte in force over some of ``first``–``last``: the latest begun, when a new
    charte took over from an old one during those days."""
    if not charters_stored(con):
        return None
    found = mapper.select(con, Charter, "valid_from <= ? AND valid_to >= ?",
                          (last.isoformat(), first.isoformat()), order="valid_from DESC, id DESC")
    return found[0] if found else None


def objectives_of(con: sqlite3.Connection, charter_id: int) -> list[CharterObjective]:
    return mapper.select(con, CharterObjective, "charter_id = ?", (charter_id,),
                         order="year, id")


def signatory_count(con: sqlite3.Connection) -> int:
    """The partners marked as signatories of the charte, active or not (as the partners'
    list filtered on them shows them)."""
    return con.execute("SELECT count(*) FROM partner WHERE charter_signatory = 1").fetchone()[0]


def save_charter(con: sqlite3.Connection, charter: Charter,
                 objectives: list[CharterObjective]) -> Charter:
    """Insert or update a charte; ``objectives`` replace its stored ones (those carrying
    their id keep their UUID). A refused objective is named by its place in ``objectives``
    (``objectives[2].target``)."""
    problems = charter.problems()
    for index, objective in enumerate(objectives):
        problems += [FieldError(f"objectives[{index}].{e.field}", e.message)
                     for e in objective.problems()]
    problems += _objectives_problems(con, charter, objectives)
    if problems:
        raise ValidationError(problems)
    with transaction(con):
        if charter.id is None:
            mapper.insert(con, charter)
        else:
            mapper.update(con, charter)
        _free_moved_keys(con, charter.id, objectives)
        mapper.replace_children(con, CharterObjective, "charter_id", charter.id, objectives)
    return charter


def _free_moved_keys(con: sqlite3.Connection, charter_id: int,
                     objectives: list[CharterObjective]) -> None:
    """Objectives whose indicator or year changes let go of their stored pair first, since
    SQLite checks the unique index row by row: two objectives exchanging their indicators
    would otherwise meet the other's stored pair at the first update."""
    stored = {row[0]: (row[1], row[2]) for row in con.execute(
        "SELECT id, indicator_id, year FROM charter_objective WHERE charter_id = ?",
        (charter_id,))}
    moved = [o.id for o in objectives
             if o.id in stored and stored[o.id] != (o.indicator_id, o.year)]
    if moved:
        con.execute(f"UPDATE charter_objective SET indicator_id = NULL WHERE id IN "
                    f"({', '.join('?' * len(moved))})", moved)


def delete_charter(con: sqlite3.Connection, charter_id: int) -> None:
    """The charte and its objectives (the partners keep their signature)."""
    mapper.delete(con, Charter, charter_id)


def _objectives_problems(con: sqlite3.Connection, charter: Charter,
                         objectives: list[CharterObjective]) -> list[FieldError]:
    """What only the charte and the catalogue tell: an objective's year is one the charte is
    in force for, an indicator has one objective a year, a percentage stays within 100."""
    indicators = {row[0]: (row[1], row[2]) for row in con.execute(
        "SELECT id, label, unit FROM indicator")}
    problems, seen = [], {}
    years = charter.years
    for index, objective in enumerate(objectives):
        field = f"objectives[{index}]"
        if years and objective.year is not None and objective.year not in years:
            problems.append(FieldError(
                f"{field}.year", f"« Année » : la charte est en vigueur de {years[0]} à "
                                 f"{years[-1]} ({objective.year} n'en fait pas partie)."))
        if objective.indicator_id is None:
            continue
        if objective.indicator_id not in indicators:
            problems.append(FieldError(f"{field}.indicator_id",
                                       "« Indicateur » : cet indicateur n'est plus au "
                                       "catalogue."))
            continue
        label, unit = indicators[objective.indicator_id]
        key = (objective.indicator_id, objective.year)
        if key in seen:
            problems.append(FieldError(
                f"{field}.indicator_id",
                f"« Indicateur » : l'objectif n° {seen[key] + 1} porte déjà sur « {label} » "
                f"pour {objective.year} ; un indicateur a un objectif par année."))
        seen.setdefault(key, index)
        for name in ("baseline", "target"):
            message = rules.within_unit(CharterObjective.LABELS[name],
                                        getattr(objective, name), unit)
            if message:
                problems.append(FieldError(f"{field}.{name}", message))
    return problems
