"""The journal of changes: what changed, when, in which table and record; and the events
the application records (backups, restores, exports, reports, imports, purges).

Changes of records are written by SQLite triggers (migration 0003), in the transaction
of the change: nothing that writes to the base, whatever its code, escapes them, and a
change rolled back leaves no entry. The journal names columns, never values, so it holds
no personal data. Events are written here, by :func:`record`.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pexdesk.core.db.connection import transaction
from pexdesk.core.errors import StorageError
from pexdesk.core.safety.files import atomic_write_bytes
from pexdesk.core.text import neutralise

CHANGES = ("INSERT", "UPDATE", "DELETE")
EVENTS = ("BACKUP", "RESTORE", "EXPORT", "REPORT", "IMPORT", "PURGE")

ACTION_LABELS = {
    "INSERT": "création", "UPDATE": "modification", "DELETE": "suppression",
    "BACKUP": "sauvegarde", "RESTORE": "restauration", "EXPORT": "export",
    "REPORT": "document PDF", "IMPORT": "import", "PURGE": "purge (durée de conservation)",
}

TABLE_LABELS = {
    "department": "département", "partner_category": "catégorie de partenaire",
    "profile": "profil", "partner": "partenaire", "contact": "contact", "tag": "étiquette",
    "meeting": "réunion", "meeting_followup": "suite de réunion", "roadmap_axis": "axe",
    "action": "action", "action_journal": "journal d'action", "deliverable": "livrable",
    "indicator": "indicateur", "indicator_value": "valeur d'indicateur",
    "campaign": "campagne", "campaign_item": "question de campagne",
    "response": "réponse de partenaire", "import_batch": "fichier importé",
    "purged_response": "réponse purgée (empreinte)", "charter": "charte",
    "charter_objective": "objectif de la charte",
}

COLUMN_LABELS = {
    "active": "actif", "adil_name": "ADIL", "approved_on": "approuvée le", "axis_id": "axe",
    "baseline": "référence", "campaign_id": "campagne", "category_code": "catégorie",
    "chair_department": "présidence (conseil départemental)",
    "chair_metropolis": "présidence (métropole)", "chair_state": "présidence (État)",
    "charter_id": "charte", "charter_signatory": "signataire de la charte",
    "charter_signed_on": "date de signature", "code": "code", "comment": "commentaire",
    "consulted_count": "partenaires sollicités", "delivered_on": "livré le",
    "department_code": "département", "description": "description",
    "direction": "sens de l'objectif", "done": "fait",
    "dossiers_adjourned": "dossiers ajournés", "dossiers_examined": "dossiers examinés",
    "dossiers_registered": "dossiers inscrits", "due_on": "échéance", "email": "e-mail",
    "end_time": "heure de fin", "entry_on": "date", "full_name": "nom", "held_on": "date",
    "indicator_id": "indicateur", "kind": "type", "label": "intitulé",
    "mission_end": "fin de mission", "mission_start": "début de mission", "mode": "modalité",
    "month": "mois", "name": "nom", "notes": "notes", "officer_name": "chargé(e) de mission",
    "opinions_issued": "avis et recommandations", "overall_score": "appréciation globale",
    "partner_id": "partenaire", "period_end": "fin de collecte",
    "period_start": "début de collecte", "phone": "téléphone", "place": "lieu",
    "position": "ordre", "progress": "avancement", "responded_on": "date de réponse",
    "role": "fonction", "score": "note", "secretariat_partner_id": "secrétariat",
    "signed_on": "signée le", "source": "source", "start_on": "début",
    "start_time": "heure de début", "status": "statut", "target": "cible",
    "territory": "territoire", "text": "texte", "title": "intitulé", "unit": "unité",
    "valid_from": "début de validité", "valid_to": "fin de validité", "value": "valeur",
    "year": "année",
}
"""The French names of the columns a change entry lists (« nom, territoire », not « name,
territory »); the others (identifiers, bookkeeping) keep their technical name."""

CSV_COLUMNS = ("Date et heure", "Action", "Table", "Enregistrement", "UUID", "Détail")


@dataclass(frozen=True)
class JournalEntry:
    id: int
    at: datetime
    """When (UTC, aware)."""
    action: str
    table_name: str
    record_id: str
    record_uuid: str | None
    summary: str

    @property
    def local_time(self) -> datetime:
        return self.at.astimezone()

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def table_label(self) -> str:
        return TABLE_LABELS.get(self.table_name, self.table_name)

    @property
    def detail(self) -> str:
        """The summary as the user reads it: a change's columns by their French names."""
        if self.action not in CHANGES or not self.summary:
            return self.summary
        return ", ".join(COLUMN_LABELS.get(part, part) for part in self.summary.split(", "))

    def text(self) -> str:
        what = f"{self.table_label} n° {self.record_id}" if self.table_name else ""
        parts = [f"{self.local_time:%d/%m/%Y %H:%M:%S}", self.action_label, what, self.detail]
        return " – ".join(part for part in parts if part)


def has_journal(con: sqlite3.Connection) -> bool:
    return con.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' "
                       "AND name = 'change_log'").fetchone() is not None


def record(con: sqlite3.Connection, action: str, summary: str) -> None:
    """Add an event (``BACKUP``, ``EXPORT``…) to the journal, in its own transaction or in
    the caller's. A base older than the journal (read-only, not yet upgraded) is skipped."""
    if action not in EVENTS:
        raise ValueError(f"unknown journal event {action!r}")
    if not has_journal(con):
        return
    with transaction(con):
        con.execute("INSERT INTO change_log(action, summary) VALUES (?, ?)", (action, summary))


def record_at(base_path: Path, action: str, summary: str,
              con: sqlite3.Connection | None = None) -> bool:
    """:func:`record` for a base this process has not opened for writing: only if nobody
    has it open for writing (its writer records its own events). True when recorded.

    ``con``, a connection this process has open on the base for reading (``query_only``),
    is written through, under the lock, rather than a new connection: each new one parses
    the schema again (2 ms, most of what recording a short document costs)."""
    from pexdesk.core.db.connection import connect
    from pexdesk.core.errors import PexdeskError
    from pexdesk.core.safety.lock import BaseLock

    try:
        lock = BaseLock.acquire(base_path)
    except PexdeskError:
        return False
    try:
        if con is None:
            with closing(connect(base_path)) as own:
                return _record_if_journaled(own, action, summary)
        con.execute("PRAGMA query_only=OFF")
        try:
            return _record_if_journaled(con, action, summary)
        finally:
            con.execute("PRAGMA query_only=ON")
    except (PexdeskError, sqlite3.Error):
        return False
    finally:
        lock.release()


def _record_if_journaled(con: sqlite3.Connection, action: str, summary: str) -> bool:
    if not has_journal(con):
        return False
    record(con, action, summary)
    return True


def last_change(con: sqlite3.Connection) -> int | None:
    """The number of the latest change of a record (events aside): two states of a base
    with the same number hold the same data. None for a base without a journal."""
    if not has_journal(con):
        return None
    row = con.execute("SELECT id FROM change_log WHERE action IN ('INSERT', 'UPDATE', 'DELETE') "
                      "ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else 0


def entries(con: sqlite3.Connection, *, limit: int | None = None, table: str | None = None,
            record_id: str | int | None = None, newest_first: bool = False,
            since: datetime | None = None, until: datetime | None = None) -> list[JournalEntry]:
    """Journal entries in order (``limit``: the latest ones), optionally of one table or
    one record, written from ``since`` (included) to ``until`` (excluded), both aware."""
    if not has_journal(con):
        return []
    where, params = [], []
    if table is not None:
        where.append("table_name = ?")
        params.append(table)
    if record_id is not None:
        where.append("record_id = ?")
        params.append(str(record_id))
    for bound, operator in ((since, ">="), (until, "<")):
        if bound is not None:
            where.append(f"created_at {operator} ?")
            params.append(_stored_time(bound))
    sql = ("SELECT id, created_at, action, table_name, record_id, record_uuid, summary "
           "FROM change_log" + (f" WHERE {' AND '.join(where)}" if where else "")
           + " ORDER BY id DESC")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = [JournalEntry(row[0], _parse_time(row[1]), row[2], row[3], row[4], row[5], row[6])
            for row in con.execute(sql, params)]
    return rows if newest_first else rows[::-1]


def _stored_time(moment: datetime) -> str:
    """``moment`` as ``created_at`` stores it (UTC, milliseconds, « Z »): compared as text."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=timezone.utc)


def csv_bytes(rows: list[JournalEntry]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in rows:
        writer.writerow([neutralise(str(value)) for value in (
            f"{entry.local_time:%Y-%m-%d %H:%M:%S}", entry.action_label, entry.table_label,
            entry.record_id, entry.record_uuid or "", entry.detail)])
    return buffer.getvalue().encode("utf-8-sig")  # Excel reads UTF-8 with its BOM


def export_csv(con: sqlite3.Connection, out: Path) -> int:
    """Write the whole journal to ``out`` (CSV, ``;``, UTF-8 with BOM) atomically; return the
    number of entries. The export itself is journaled when the base is writable."""
    rows = entries(con)
    atomic_write_bytes(Path(out), csv_bytes(rows))
    try:
        record(con, "EXPORT", f"journal des modifications ({len(rows)} lignes) vers {out}")
    except (sqlite3.OperationalError, StorageError):
        pass  # a read-only connection: the file is written all the same
    return len(rows)
