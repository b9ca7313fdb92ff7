"""Writes the SQL of the change-journal triggers of a table, for a migration step.

A new table needs its triggers in the same step that creates it (tests/core/test_journal.py
fails otherwise); a new column needs the table's update trigger dropped and recreated.
Run ``python -m tests.core.journal_triggers BASE TABLE...`` and paste the output.
"""

from __future__ import annotations

import sqlite3
import sys

NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
MERGE_WINDOW = "'-2 seconds'"

LINKS = {
    # link table: (parent table, column holding the parent's id, what the link is to the parent)
    "partner_tag": ("partner", "partner_id", "étiquettes"),
    "meeting_attendance": ("meeting", "meeting_id", "participants"),
    "action_lead": ("action", "action_id", "pilotes"),
    "answer": ("response", "response_id", "réponses aux questions"),
    "meeting_breakdown": ("meeting", "meeting_id", "ventilation"),
    "meeting_action": ("meeting", "meeting_id", "actions abordées"),
}

UNCHANGED = ("updated_at", "row_digest")
"""Columns whose change alone is no change (a partner saved as it was rewrites its contacts;
an imported response's row digest is written once, right after the response, by the import)."""


def _columns(con: sqlite3.Connection, table: str) -> list[tuple[str, int]]:
    return [(row[1], row[5]) for row in con.execute(f"PRAGMA table_info({table})")]


def record_triggers(con: sqlite3.Connection, table: str) -> str:
    columns = _columns(con, table)
    names = [name for name, _ in columns]
    key = next(name for name, pk in columns if pk == 1)
    uuid = "{row}.uuid" if "uuid" in names else "NULL"
    watched = [name for name in names if name not in UNCHANGED]
    changed = "\n   OR ".join(f"old.{name} IS NOT new.{name}" for name in watched)
    summary = "\n        || ".join(
        f"CASE WHEN old.{name} IS NOT new.{name} THEN '{name}, ' ELSE '' END" for name in watched)
    insert = ("INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, "
              "summary)\n"
              "    VALUES ({now}, '{action}', '{table}', CAST({row}.{key} AS TEXT), {uuid},\n"
              "        {summary});")

    def body(action: str, row: str, text: str) -> str:
        return insert.format(now=NOW, action=action, table=table, row=row, key=key,
                             uuid=uuid.format(row=row), summary=text)

    return "\n".join([
        f"CREATE TRIGGER journal_{table}_insert AFTER INSERT ON {table} BEGIN",
        "    " + body("INSERT", "new", "''"),
        "END;",
        f"CREATE TRIGGER journal_{table}_update AFTER UPDATE ON {table}",
        f"WHEN {changed} BEGIN",
        "    " + body("UPDATE", "new", f"rtrim({summary}, ', ')"),
        "END;",
        f"CREATE TRIGGER journal_{table}_delete AFTER DELETE ON {table} BEGIN",
        "    " + body("DELETE", "old", "''"),
        "END;",
    ])


def link_triggers(con: sqlite3.Connection, table: str) -> str:
    """A link row (a meeting's participant, a response's answer) is a change of its parent:
    one ``UPDATE`` entry for the parent, merged into the parent's latest entry when that
    one is less than two seconds old (the same save).

    The ``WHEN`` clause leaves out, with one indexed look-up and before any statement of the
    body runs, the common case of a bulk save: the parent's latest entry is recent and
    already says it all (its ``INSERT`` — « création » — or an ``UPDATE`` naming the link).
    That latest entry is found through ``change_log_record_idx`` (table_name, record_id,
    then id), newest first: one index seek, not a scan."""
    parent, column, label = LINKS[table]
    parts = []
    for event, row in (("insert", "new"), ("update", "new"), ("delete", "old")):
        ref = f"{row}.{column}"
        latest = (f"(SELECT id FROM change_log WHERE table_name = '{parent}' "
                  f"AND record_id = CAST({ref} AS TEXT) ORDER BY id DESC LIMIT 1)")
        recent = f"id = {latest} AND created_at >= {NOW[:-1]}, {MERGE_WINDOW})"
        parts += [
            f"CREATE TRIGGER journal_{table}_{event} AFTER {event.upper()} ON {table}",
            f"WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE {recent}",
            f"                 AND (action <> 'UPDATE' OR instr(summary, '{label}') > 0))",
            f"   AND EXISTS (SELECT 1 FROM {parent} WHERE id = {ref}) BEGIN",
            f"    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' "
            f"ELSE ', ' END || '{label}'",
            f"    WHERE {recent} AND action = 'UPDATE';",
            "    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, "
            "summary)",
            f"    SELECT {NOW}, 'UPDATE', '{parent}', CAST({ref} AS TEXT), "
            f"(SELECT uuid FROM {parent} WHERE id = {ref}), '{label}'",
            f"    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE {recent});",
            "END;",
        ]
    return "\n".join(parts)


def triggers(con: sqlite3.Connection, table: str) -> str:
    return link_triggers(con, table) if table in LINKS else record_triggers(con, table)


if __name__ == "__main__":
    with sqlite3.connect(sys.argv[1]) as connection:
        for name in sys.argv[2:]:
            print(f"-- {name}\n{triggers(connection, name)}\n")
