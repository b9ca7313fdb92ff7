"""« Vérifier la base »: a full integrity verdict on a file, without changing it.

The verdict distinguishes a damaged pexdesk base (exit 1: restore a backup) from
a file that is not a pexdesk base at all, cannot be read, or was made by a newer pexdesk
(exit 2: as every other command says of it). The only write it may
cause is the one any opening does after a crash: replaying the journal the crash left
(:func:`pexdesk.core.db.connection.connect`), without which the base cannot be read.
A file that is not a whole number of pages, or shorter than its header says, is truncated.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path

from pexdesk.core.db.base import (is_corruption, not_a_base_file, read_header, too_new_message,
                                  truncation)
from pexdesk.core.db.connection import UNREADABLE, connect, technical
from pexdesk.core.db.migrate import SCHEMA_VERSION
from pexdesk.core.errors import NotABaseError
from pexdesk.core.formatting import plural
from pexdesk.core.safety.files import os_reason

MAX_REPORTED_PROBLEMS = 10


class Verdict(IntEnum):
    SOUND = 0
    DAMAGED = 1
    NOT_A_BASE = 2


@dataclass
class CheckReport:
    path: Path
    verdict: Verdict
    summary: str
    details: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join([self.summary, *(f"  – {line}" for line in self.details)])


def check_base(path: Path | str) -> CheckReport:
    path = Path(path)
    problem = not_a_base_file(path)
    if problem:
        return CheckReport(path, Verdict.NOT_A_BASE, problem)
    try:
        header = read_header(path)
    except PermissionError:
        return CheckReport(path, Verdict.NOT_A_BASE, f"Accès refusé au fichier {path}.")
    except OSError as exc:
        return CheckReport(path, Verdict.NOT_A_BASE, f"Fichier illisible : {path} ({os_reason(exc)}).")
    if not header.is_sqlite:
        return CheckReport(path, Verdict.NOT_A_BASE,
                           f"{path} n'est pas une base pexdesk (ce n'est pas un fichier SQLite "
                           "ou son en-tête est détruit).")
    if not header.is_pexdesk:
        return CheckReport(path, Verdict.NOT_A_BASE,
                           f"{path} est une base SQLite, mais pas une base pexdesk.")
    if header.user_version > SCHEMA_VERSION:
        return CheckReport(path, Verdict.NOT_A_BASE, too_new_message(path, header.user_version))
    problem = truncation(path)
    if problem:
        return CheckReport(path, Verdict.DAMAGED,
                           f"Base endommagée : {path} ({problem}). Restaurez la dernière "
                           "sauvegarde.")
    try:
        con = connect(path, read_only=True)
    except NotABaseError as exc:
        if is_corruption(exc.__cause__):  # pexdesk's header, unreadable body (e.g. truncated)
            return CheckReport(path, Verdict.DAMAGED,
                               f"Base endommagée : {path}. SQLite ne peut pas la lire. "
                               f"Restaurez la dernière sauvegarde.{technical(exc.__cause__)}")
        return CheckReport(path, Verdict.NOT_A_BASE, str(exc))
    try:
        return _inspect(con, path, header.user_version)
    except UNREADABLE as exc:
        return CheckReport(path, Verdict.DAMAGED,
                           f"Base endommagée : {path}. SQLite ne peut pas la lire. "
                           f"Restaurez la dernière sauvegarde.{technical(exc)}")
    finally:
        con.close()


def _inspect(con: sqlite3.Connection, path: Path, version: int) -> CheckReport:
    problems = [row[0] for row in con.execute(
        f"PRAGMA integrity_check({MAX_REPORTED_PROBLEMS})")]
    if problems != ["ok"]:
        return CheckReport(path, Verdict.DAMAGED,
                           f"Base endommagée : {path}. Restaurez la dernière sauvegarde. "
                           "Détail technique :", problems)
    orphans = con.execute("PRAGMA foreign_key_check").fetchall()
    if orphans:
        details = [f"table {row[0]}, ligne {row[1]} : référence vers {row[2]} manquante"
                   for row in orphans[:MAX_REPORTED_PROBLEMS]]
        return CheckReport(path, Verdict.DAMAGED,
                           f"Base incohérente : {path} ({plural(len(orphans), 'référence cassée', 'références cassées')}).",
                           details)
    details = [f"schéma version {version}" + _schema_note(version), *_counts(con)]
    return CheckReport(path, Verdict.SOUND, f"Base saine : {path}.", details)


def _schema_note(version: int) -> str:
    if version < SCHEMA_VERSION:
        return f" (sera mis à jour en version {SCHEMA_VERSION} à l'ouverture)"
    return ""


_COUNTED = (("partner", "partenaire", "partenaires"), ("contact", "contact", "contacts"),
            ("meeting", "réunion", "réunions"), ("action", "action", "actions"),
            ("indicator_value", "valeur d'indicateur", "valeurs d'indicateurs"),
            ("response", "réponse de partenaire", "réponses de partenaires"))


def _counts(con: sqlite3.Connection) -> list[str]:
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    return [plural(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0], one, many)
            for table, one, many in _COUNTED if table in tables]
