"""The change journal: triggers on every table (complete by construction, checked here),
written in the change's own transaction, no values in it, events, viewing and CSV export;
and schema step 3 applied to a version-2 base with data."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from contextlib import closing
from datetime import date

import pytest

from pexdesk.core.db.base import Base, _seed
from pexdesk.core.db.connection import connect, transaction
from pexdesk.core.db.migrate import SCHEMA_VERSION, bundled_steps, schema_version, upgrade
from pexdesk.core.domain.models import Contact, Meeting, Partner
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import ValidationError
from pexdesk.core.repositories import feedback, mapper, meetings, partners
from pexdesk.core.safety import journal
from pexdesk.core.text import FORMULA_TRIGGERS
from tests.core.journal_triggers import LINKS, UNCHANGED
from tests.survey_data import add, new_campaign


def tables(con) -> list[str]:
    return [row[0] for row in con.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name <> 'change_log' ORDER BY name")]


def triggers(con) -> dict[str, str]:
    return {row[0]: row[1] for row in con.execute(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")}


def log(con, after: int = 0) -> list[tuple]:
    return [tuple(row) for row in con.execute(
        "SELECT action, table_name, record_id, summary FROM change_log WHERE id > ? ORDER BY id",
        (after,))]


def last_id(con) -> int:
    return con.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]


def later(con) -> int:
    """Age the journal, as if the next save came minutes later: a link row (tag, participant,
    answer) is merged into its parent's entry of the last two seconds, the same save."""
    con.execute("UPDATE change_log SET created_at = '2000-01-01T00:00:00.000Z'")
    return last_id(con)


# --- completeness --------------------------------------------------------------------------------

def test_every_table_has_its_three_journal_triggers(con):
    found = triggers(con)
    for table in tables(con):
        for event in ("insert", "update", "delete"):
            name = f"journal_{table}_{event}"
            assert name in found, f"{table} n'est pas journalisée ({name} manque)"
            assert re.search(rf"AFTER {event.upper()} ON {table}\b", found[name]), name


def test_update_triggers_watch_every_column_but_updated_at(con):
    """A column added later without recreating the trigger would change silently."""
    found = triggers(con)
    for table in set(tables(con)) - set(LINKS):
        sql = found[f"journal_{table}_update"]
        columns = [row[1] for row in con.execute(f"PRAGMA table_info({table})")]
        for column in columns:
            watched = f"old.{column} IS NOT new.{column}" in sql
            assert watched == (column not in UNCHANGED), (table, column)


def test_link_tables_are_journaled_on_their_parent(con):
    for table, (parent, column, _) in LINKS.items():
        keys = {row["from"]: row["table"] for row in con.execute(
            f"PRAGMA foreign_key_list({table})")}
        assert keys[column] == parent


def test_triggers_call_only_built_in_functions(con):
    """trusted_schema=OFF (set on every connection) refuses application functions in
    triggers: a trigger calling one would make every write fail."""
    assert con.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    con.create_function("pexdesk_probe", 0, lambda: 1)
    con.execute("CREATE TRIGGER probe AFTER INSERT ON tag BEGIN SELECT pexdesk_probe(); END")
    with pytest.raises(sqlite3.OperationalError, match="unsafe use of pexdesk_probe"):
        con.execute("INSERT INTO tag(name) VALUES ('x')")
    con.execute("DROP TRIGGER probe")
    con.execute("INSERT INTO tag(name) VALUES ('x')")  # the journal's own triggers are fine
    assert log(con)[-1][:2] == ("INSERT", "tag")


# --- what gets written --------------------------------------------------------------------------

def test_partner_save_cycle(con):
    start = last_id(con)
    partner = partners.save(con, Partner(name="CAF 35", category_code="CAF"),
                            [Contact(full_name="Jeanne Dupont")], tags=["caf"])
    contact_id = partners.contacts_of(con, partner.id)[0].id
    assert log(con, start) == [("INSERT", "partner", str(partner.id), ""),
                               ("INSERT", "contact", str(contact_id), ""),
                               ("INSERT", "tag", "1", "")]
    # Saved again unchanged: contacts rewritten (updated_at only), tags left alone: nothing
    # to journal.
    middle = later(con)
    partners.save(con, partner, partners.contacts_of(con, partner.id), tags=["caf"])
    assert log(con, middle) == []
    middle = later(con)
    partner.notes = "Nouveau correspondant"
    contact = partners.contacts_of(con, partner.id)[0]
    contact.email = "j.dupont@caf.fr"
    partners.save(con, partner, [contact], tags=["caf", "financeur"])
    assert log(con, middle) == [("UPDATE", "partner", str(partner.id), "notes, étiquettes"),
                                ("UPDATE", "contact", str(contact_id), "email"),
                                ("INSERT", "tag", "2", "")]
    middle = last_id(con)
    partners.delete(con, partner.id)
    assert log(con, middle) == [("DELETE", "contact", str(contact_id), ""),
                                ("DELETE", "partner", str(partner.id), "")]


def test_journal_holds_no_values(con):
    partners.save(con, Partner(name="Secret Org", category_code="CAF", notes="Mme Martin"),
                  [Contact(full_name="Jeanne Dupont", email="jeanne@exemple.fr")])
    text = repr(con.execute("SELECT * FROM change_log").fetchall())
    for value in ("Secret Org", "Mme Martin", "Jeanne Dupont", "jeanne@exemple.fr"):
        assert value not in text


def test_meeting_attendance_and_response_answers_are_changes_of_their_parent(con):
    ids = [partners.save(con, Partner(name=f"P{i}", category_code="CAF")).id for i in range(3)]
    start = last_id(con)
    meeting = meetings.save(con, Meeting(held_on=date(2025, 1, 9), kind="PLENIERE"),
                            attendee_ids=ids)
    assert log(con, start) == [("INSERT", "meeting", str(meeting.id), "")]
    middle = later(con)
    meetings.save(con, meeting, attendee_ids=ids[:1])
    assert log(con, middle) == [("UPDATE", "meeting", str(meeting.id), "participants")]
    campaign, items = new_campaign(con)
    middle = last_id(con)
    response = add(con, campaign, items, overall=4, scores=[5, 4, "NC"])
    assert log(con, middle) == [("INSERT", "response", str(response.id), "")]
    middle = last_id(con)
    feedback.delete_response(con, response.id)
    assert log(con, middle) == [("DELETE", "response", str(response.id), "")]  # answers cascade


def test_a_rolled_back_change_leaves_no_entry(con, row_counts):
    before, counts = last_id(con), row_counts(con)
    with pytest.raises(ValidationError):
        partners.save(con, Partner(name="A", category_code="CAF"),
                      [Contact(full_name="ok"), Contact(full_name="  ")])
    with pytest.raises(RuntimeError):
        with transaction(con):
            con.execute("INSERT INTO tag(name) VALUES ('perdu')")
            raise RuntimeError("boom")
    assert last_id(con) == before and row_counts(con) == counts


def test_raw_sql_outside_the_repositories_is_journaled_too(con):
    start = last_id(con)
    con.execute("UPDATE partner_category SET label = 'Caisse' WHERE code = 'CAF'")
    con.execute("DELETE FROM department WHERE code = '2A'")
    assert log(con, start) == [("UPDATE", "partner_category", "CAF", "label"),
                               ("DELETE", "department", "2A", "")]


# --- events, viewing, export ------------------------------------------------------------------

def test_events_and_entries(con):
    journal.record(con, "EXPORT", "partenaires vers C:\\export.csv")
    with pytest.raises(ValueError):
        journal.record(con, "INSERT", "not an event")
    entry = journal.entries(con, limit=1)[0]
    assert (entry.action, entry.summary) == ("EXPORT", "partenaires vers C:\\export.csv")
    assert "export – partenaires vers" in entry.text()
    assert entry.local_time.tzinfo is not None
    partner = partners.save(con, Partner(name="CAF", category_code="CAF"))
    assert [e.action for e in journal.entries(con, table="partner", record_id=partner.id)] == [
        "INSERT"]
    newest = journal.entries(con, limit=2, newest_first=True)
    assert newest[0].id > newest[1].id


def test_last_change_ignores_events(con):
    before = journal.last_change(con)
    journal.record(con, "BACKUP", "copie")
    assert journal.last_change(con) == before
    con.execute("INSERT INTO tag(name) VALUES ('t')")
    assert journal.last_change(con) > before


def test_csv_export_is_excel_friendly_and_neutralises_formulas(con, tmp_path):
    journal.record(con, "EXPORT", "=HYPERLINK(\"http://x\")")
    journal.record(con, "REPORT", "-bilan")
    out = tmp_path / "journal.csv"
    count = journal.export_csv(con, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(journal.CSV_COLUMNS)
    assert len(rows) == count + 1
    details = [row[5] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://x\")" in details and "'-bilan" in details
    assert not any(cell.startswith(FORMULA_TRIGGERS) for row in rows for cell in row)
    assert journal.entries(con, limit=1)[0].summary.startswith("journal des modifications")
    assert not list(tmp_path.glob(".journal.csv*"))  # no temporary left


def test_read_only_base_exports_without_recording(base_path, base, tmp_path):
    base.close()
    with Base.open(base_path, read_only=True) as read_only:
        before = last_id(read_only.con)
        journal.export_csv(read_only.con, tmp_path / "j.csv")
        assert last_id(read_only.con) == before


def test_an_event_is_recorded_through_a_reading_connection_which_stays_read_only(base_path,
                                                                                base):
    base.close()
    with Base.open(base_path, read_only=True) as reading:
        assert journal.record_at(base_path, "REPORT", "bilan vers b.pdf", con=reading.con)
        assert journal.entries(reading.con, limit=1)[0].summary == "bilan vers b.pdf"
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reading.con.execute("INSERT INTO tag(name) VALUES ('t')")
        with Base.open(base_path):  # the application has it open for writing: its own job
            assert not journal.record_at(base_path, "REPORT", "autre", con=reading.con)
        assert journal.entries(reading.con, limit=1)[0].summary == "bilan vers b.pdf"


# --- the migration ----------------------------------------------------------------------------

def test_version_2_base_with_data_upgrades_to_3_keeps_it_and_starts_journaling(tmp_path,
                                                                               fill_data):
    path = tmp_path / "version2.db"
    with closing(connect(path)) as con:
        assert upgrade(con, steps=bundled_steps()[:2], after_step=_seed) == [1, 2]
        mapper.insert(con, Profile(department_code="35", adil_name="ADIL 35"))
        fill_data(con, partner_count=25)
        # The columns of version 2: later steps may add some (the profile's logo, step 7).
        selects = {t: "SELECT " + ", ".join(row[1] for row in con.execute(
            f"PRAGMA table_info({t})")) + f" FROM {t}" for t in tables(con)}
        contents = {t: sorted(map(tuple, con.execute(sql))) for t, sql in selects.items()}
        assert schema_version(con) == 2
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with Base.open(path) as opened:
        con = opened.con
        assert schema_version(con) == SCHEMA_VERSION >= 3
        assert {t: sorted(map(tuple, con.execute(sql))) for t, sql in selects.items()} == contents
        assert con.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        partner = partners.save(con, Partner(name="Après migration", category_code="CAF"))
        assert log(con) == [("INSERT", "partner", str(partner.id), "")]
    backups = sorted((tmp_path / "sauvegardes").iterdir())
    assert [b.name.endswith("-avant-migration.db") for b in backups] == [True]
    with closing(sqlite3.connect(backups[0])) as kept:
        assert kept.execute("PRAGMA user_version").fetchone()[0] == 2


def test_a_change_names_its_columns_in_french(con):
    partner = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    partner.name, partner.territory = "CAF du Gers (Auch)", "Auch"
    partners.save(con, partner)
    entry = journal.entries(con, table="partner", newest_first=True, limit=1)[0]
    assert entry.summary.startswith("name, territory")  # what the trigger stores
    assert entry.detail.startswith("nom, territoire")  # what the dialog and the CSV show


def test_saving_a_partner_whose_tags_did_not_change_does_not_journal_them(con):
    partner = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"), [],
                            ["Relogement"])
    later(con)
    partner.territory = "Auch"
    partners.save(con, partner, [], ["Relogement"])
    entry = journal.entries(con, table="partner", newest_first=True, limit=1)[0]
    assert entry.detail == "territoire"
