"""Schema versions, migrations, opening foreign or too-new files, reference data, pragmas."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base, read_header
from pexdesk.core.db.connection import connect
from pexdesk.core.db.migrate import (APPLICATION_ID, SCHEMA_VERSION, Step, _statements,
                                     application_id, bundled_steps, schema_version, upgrade)
from pexdesk.core.domain.models import Partner
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import BaseTooNewError, DamagedBaseError, NotABaseError
from pexdesk.core.reference.categories import CATEGORIES
from pexdesk.core.reference.indicators import INDICATORS
from pexdesk.core.reference.roadmap import OFFICIAL_AXES
from pexdesk.core.repositories import partners


def schema_snapshot(con: sqlite3.Connection) -> list[tuple]:
    return [tuple(row) for row in con.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")]


def columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [row["name"] for row in con.execute(f"PRAGMA table_info({table})")]


def tables(con: sqlite3.Connection) -> list[str]:
    return [row[0] for row in con.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]


def sidecars(path: Path) -> list[Path]:
    return [p for p in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                        path.with_name(path.name + "-journal")) if p.exists()]


NEXT = SCHEMA_VERSION + 1
"""The version of a synthetic step that follows the bundled ones."""

NEXT_STEP = Step(NEXT, f"{NEXT:04d}_partner_website.sql", """
-- Synthetic step: a new column with a default and a new table.
ALTER TABLE partner ADD COLUMN website TEXT NOT NULL DEFAULT '';
CREATE TABLE partner_note (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
    text TEXT NOT NULL
);
UPDATE partner SET website = 'https://exemple.fr/' || id;
""")


# --- versions and application id -------------------------------------------------------------

def test_bundled_steps_are_numbered_from_one():
    steps = bundled_steps()
    assert [s.version for s in steps] == list(range(1, len(steps) + 1))
    assert steps[0].name == "0001_initial.sql"
    assert SCHEMA_VERSION == len(steps) >= 1


def test_fresh_base_has_current_version_and_pexdesk_application_id(base):
    assert schema_version(base.con) == SCHEMA_VERSION
    assert application_id(base.con) == APPLICATION_ID == 0x50455844


def test_fresh_base_header_on_disk_is_pexdesk_before_close(base):
    """The header read without SQLite must already say « pexdesk » while the base is open:
    if the program dies before closing it, the next start must still recognise the file."""
    header = read_header(base.path)
    assert header.is_pexdesk
    assert header.user_version == SCHEMA_VERSION


def test_base_copied_as_after_a_crash_still_opens(base, tmp_path):
    """Main file and WAL as a killed process leaves them (no clean close, no checkpoint)."""
    partners.save(base.con, Partner(name="CAF d'Ille-et-Vilaine", category_code="CAF"))
    crashed = tmp_path / "crashed.db"
    shutil.copyfile(base.path, crashed)
    wal = base.path.with_name(base.path.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, crashed.with_name(crashed.name + "-wal"))
    with Base.open(crashed) as reopened:
        assert reopened.profile().department_code == "35"
        assert partners.find_by_name(reopened.con, "caf d'ille-et-vilaine") is not None


def test_reopened_base_keeps_version_and_profile(base_path):
    with Base.create(base_path, Profile(department_code="2A", adil_name="ADIL de Corse-du-Sud")):
        pass
    with Base.open(base_path) as reopened:
        assert schema_version(reopened.con) == SCHEMA_VERSION
        profile = reopened.profile()
        assert (profile.department_code, profile.adil_name) == ("2A", "ADIL de Corse-du-Sud")
        assert profile.uuid and profile.created_at.endswith("Z")


# --- upgrade: forward-only, idempotent, atomic -----------------------------------------------

def test_upgrade_on_a_current_base_does_nothing(base):
    before = schema_snapshot(base.con)
    assert upgrade(base.con) == []
    assert upgrade(base.con) == []
    assert schema_snapshot(base.con) == before
    assert schema_version(base.con) == SCHEMA_VERSION


def test_upgrade_is_forward_only_steps_at_or_below_the_version_are_skipped(base):
    """A step already applied never runs again, whatever it contains."""
    garbage = Step(1, "0001_initial.sql", "THIS IS NOT SQL;")
    assert upgrade(base.con, steps=[garbage]) == []
    assert schema_version(base.con) == SCHEMA_VERSION


def test_upgrade_of_an_empty_file_applies_every_step(tmp_path):
    with closing(connect(tmp_path / "vide.db")) as con:
        assert upgrade(con, steps=[*bundled_steps(), NEXT_STEP]) == list(range(1, NEXT + 1))
        assert schema_version(con) == NEXT
        assert application_id(con) == APPLICATION_ID
        assert "website" in columns(con, "partner")
        assert upgrade(con, steps=[*bundled_steps(), NEXT_STEP]) == []


def test_pending_step_applies_to_a_base_with_data_and_keeps_it(filled_base_path):
    with closing(connect(filled_base_path)) as con:
        before = [tuple(r) for r in con.execute("SELECT id, uuid, name FROM partner ORDER BY id")]
        contacts_before = con.execute("SELECT count(*) FROM contact").fetchone()[0]
        assert len(before) == 150 and schema_version(con) == SCHEMA_VERSION
        seen = []
        applied = upgrade(con, steps=[*bundled_steps(), NEXT_STEP],
                          after_step=lambda c, version: seen.append((version, c.in_transaction)))
        assert applied == [NEXT]
        assert seen == [(NEXT, True)]  # seeding runs inside the step's transaction
        assert schema_version(con) == NEXT
        after = [tuple(r) for r in con.execute("SELECT id, uuid, name FROM partner ORDER BY id")]
        assert after == before
        assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == contacts_before
        assert con.execute("SELECT website FROM partner WHERE id = ?",
                           (before[0][0],)).fetchone()[0] == f"https://exemple.fr/{before[0][0]}"
        assert "partner_note" in tables(con)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert read_header(filled_base_path).user_version == NEXT


def _table_contents(con: sqlite3.Connection) -> dict[str, list[tuple]]:
    return {table: [tuple(row) for row in con.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
            for table in tables(con)}


def _as_before(after: dict[str, list[tuple]], before: dict[str, list[tuple]]):
    """``after``'s rows of the tables ``before`` had, cut to the columns they had then (a
    later step may add a column at the end of a table)."""
    return {table: [row[:len(before[table][0])] for row in rows] if before[table] else rows
            for table, rows in after.items() if table in before}


def test_version_1_base_with_data_upgrades_to_2_and_keeps_it(tmp_path, fill_data):
    """Step 2 (import batches) on a base written by the first release: every record kept,
    the new table empty, its constraints in force."""
    from pexdesk.core.db.base import _seed
    from pexdesk.core.domain.models import Campaign, Response
    from pexdesk.core.repositories import feedback, mapper

    path = tmp_path / "version1.db"
    with closing(connect(path)) as con:
        assert upgrade(con, steps=bundled_steps()[:1], after_step=_seed) == [1]
        mapper.insert(con, Profile(department_code="35", adil_name="ADIL 35"))
        fill_data(con, partner_count=20)
        campaign = feedback.create_campaign(con, Campaign(name="Enquête 2023"),
                                            [("M_DIAG", "Diagnostic"), ("M_ANIM", "Animation")])
        items = feedback.items_of(con, campaign.id)
        for row in range(2, 12):
            feedback.add_response(con, Response(
                campaign_id=campaign.id, category_code="CAF", department_code="29",
                overall_score=row % 5 + 1, origin="FICHIER", origin_file="enquete.csv",
                origin_row=row, answers={items[0].id: row % 5 + 1, items[1].id: "NC"}))
        before = _table_contents(con)
        assert schema_version(con) == 1 and "import_batch" not in before
    assert read_header(path).user_version == 1

    with Base.open(path) as opened:
        con = opened.con
        assert schema_version(con) == SCHEMA_VERSION >= 2
        after = _table_contents(con)
        assert _as_before(after, before) == before
        assert after["import_batch"] == []
        assert columns(con, "import_batch") == [
            "id", "uuid", "kind", "file_name", "file_sha256", "campaign_id", "rows_imported",
            "imported_at", "created_at", "updated_at"]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        batch = ("REPONSES", "enquete.csv", "ab" * 32, campaign.id, 10, "t", "t", "t")
        insert = ("INSERT INTO import_batch(uuid, kind, file_name, file_sha256, campaign_id, "
                  "rows_imported, imported_at, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        con.execute(insert, ("u1", *batch))
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            con.execute(insert, ("u2", *batch))  # one record per (kind, content)
        con.execute("DELETE FROM campaign WHERE id = ?", (campaign.id,))
        assert con.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0  # cascade
    assert read_header(path).user_version == SCHEMA_VERSION


def test_version_5_base_upgrades_to_6_and_reads_a_campaign_in_entry_order_from_an_index(
        tmp_path):
    """Step 6 (an index on the responses' campaign) on a base of version 5: every record
    kept, and the responses of a campaign read in entry order, either way, straight from
    the index: nothing to sort before the first comes (the list shows it at once)."""
    from pexdesk.core.db.base import _seed
    from pexdesk.core.domain.models import Campaign, Response
    from pexdesk.core.repositories import feedback, mapper

    path = tmp_path / "version5.db"
    with closing(connect(path)) as con:
        assert upgrade(con, steps=bundled_steps()[:5], after_step=_seed) == [1, 2, 3, 4, 5]
        mapper.insert(con, Profile(department_code="35", adil_name="ADIL 35"))
        campaign = feedback.create_campaign(con, Campaign(name="Enquête 2024"), ["Accueil"])
        for department in ("35", "22", "35"):
            feedback.add_response(con, Response(campaign_id=campaign.id, category_code="CAF",
                                                department_code=department))
        before = _table_contents(con)

    with Base.open(path) as opened:
        con = opened.con
        assert schema_version(con) == SCHEMA_VERSION >= 6
        assert _as_before(_table_contents(con), before) == before
        for order in ("ASC", "DESC"):
            plan = " ; ".join(row[3] for row in con.execute(
                "EXPLAIN QUERY PLAN SELECT id, comment FROM response WHERE campaign_id = ? "
                f"ORDER BY id {order}", (campaign.id,)))
            assert "response_campaign_order_idx" in plan and "TEMP B-TREE" not in plan, plan
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


BROKEN_STEPS = {
    "bad SQL in the middle": Step(NEXT, f"{NEXT:04d}_broken.sql", """
ALTER TABLE partner ADD COLUMN website TEXT NOT NULL DEFAULT '';
CREATE TABLE partner_note (id INTEGER PRIMARY KEY, text TEXT);
CREATE TABLE oops (;
CREATE TABLE never_created (x);
"""),
    "constraint failure after DDL": Step(NEXT, f"{NEXT:04d}_broken.sql", """
ALTER TABLE partner ADD COLUMN website TEXT NOT NULL DEFAULT '';
INSERT INTO partner_category(code, label, sort_order) VALUES ('CAF', 'doublon', 99);
"""),
}


@pytest.mark.parametrize("step", BROKEN_STEPS.values(), ids=BROKEN_STEPS.keys())
def test_failing_step_leaves_schema_and_version_unchanged(filled_base_path, step):
    with closing(connect(filled_base_path)) as con:
        before = schema_snapshot(con)
        categories = con.execute("SELECT count(*) FROM partner_category").fetchone()[0]
        with pytest.raises(sqlite3.Error):
            upgrade(con, steps=[*bundled_steps(), step])
        assert not con.in_transaction
        assert schema_version(con) == SCHEMA_VERSION
        assert schema_snapshot(con) == before
        assert "website" not in columns(con, "partner")
        assert con.execute("SELECT count(*) FROM partner_category").fetchone()[0] == categories
        assert con.execute("SELECT count(*) FROM partner").fetchone()[0] == 150
    with closing(sqlite3.connect(filled_base_path)) as raw:  # and so on disk
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_failing_seed_rolls_back_its_step(base):
    before = schema_snapshot(base.con)

    def failing_seed(con, version):
        con.execute("INSERT INTO partner_note(partner_id, text) VALUES (NULL, 'x')")

    with pytest.raises(sqlite3.IntegrityError):
        upgrade(base.con, steps=[*bundled_steps(), NEXT_STEP], after_step=failing_seed)
    assert schema_version(base.con) == SCHEMA_VERSION
    assert schema_snapshot(base.con) == before


def test_each_step_commits_on_its_own(base):
    after_next = Step(NEXT + 1, f"{NEXT + 1:04d}_broken.sql", "CREATE TABLE broken (;")
    with pytest.raises(sqlite3.OperationalError):
        upgrade(base.con, steps=[*bundled_steps(), NEXT_STEP, after_next])
    assert schema_version(base.con) == NEXT
    assert "website" in columns(base.con, "partner")


def test_open_upgrades_an_older_pexdesk_base_and_its_header(tmp_path):
    """A pexdesk base at version 0 (marked, no schema yet) is brought to the current version,
    and the header on disk says so at once."""
    path = tmp_path / "ancienne.db"
    with closing(sqlite3.connect(path)) as raw:
        raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        raw.commit()
    assert read_header(path).user_version == 0
    with Base.open(path) as opened:
        assert schema_version(opened.con) == SCHEMA_VERSION
        assert opened.con.execute("SELECT count(*) FROM department").fetchone()[0] == 101
        assert read_header(path).user_version == SCHEMA_VERSION


# --- files pexdesk must refuse, without touching them ----------------------------------------

def _set_user_version(path: Path, version: int) -> None:
    with closing(sqlite3.connect(path)) as raw:
        raw.execute(f"PRAGMA user_version = {version}")
        raw.commit()


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
def test_open_refuses_a_base_from_a_newer_pexdesk_without_touching_it(filled_base_path, read_only):
    _set_user_version(filled_base_path, SCHEMA_VERSION + 1)
    before = filled_base_path.read_bytes()
    with pytest.raises(BaseTooNewError) as error:
        Base.open(filled_base_path, read_only=read_only)
    message = str(error.value)
    assert "créée par une version plus récente de pexdesk" in message
    assert f"schéma {SCHEMA_VERSION + 1}" in message
    assert "Mettez pexdesk à jour" in message
    assert filled_base_path.read_bytes() == before
    assert sidecars(filled_base_path) == []


def _foreign_sqlite(path: Path) -> None:
    with closing(sqlite3.connect(path)) as raw:  # default rollback journal, like most programs
        raw.execute("CREATE TABLE clients (nom TEXT, ville TEXT)")
        raw.executemany("INSERT INTO clients VALUES (?, ?)", [("Dupont", "Rennes")] * 50)
        raw.commit()


def _foreign_sqlite_with_user_version(path: Path) -> None:
    _foreign_sqlite(path)
    _set_user_version(path, 1)


def _text_file(path: Path) -> None:
    path.write_text("nom;ville\nDupont;Rennes\n" * 100, encoding="utf-8")


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _sqlite_magic_only(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)


FOREIGN_FILES = {
    "other program's SQLite": _foreign_sqlite,
    "SQLite with a user_version": _foreign_sqlite_with_user_version,
    "text file": _text_file,
    "empty file": _empty_file,
    "truncated SQLite header": _sqlite_magic_only,
}


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
@pytest.mark.parametrize("make", FOREIGN_FILES.values(), ids=FOREIGN_FILES.keys())
def test_open_refuses_a_foreign_file_and_leaves_it_byte_for_byte(tmp_path, make, read_only):
    path = tmp_path / "autre.db"
    make(path)
    before = path.read_bytes()
    with pytest.raises(NotABaseError) as error:
        Base.open(path, read_only=read_only)
    assert "n'est pas une base pexdesk" in str(error.value)
    assert path.read_bytes() == before
    assert sidecars(path) == []  # in particular, not switched to WAL


def test_foreign_sqlite_is_still_in_rollback_journal_mode_after_refusal(tmp_path):
    path = tmp_path / "autre.db"
    _foreign_sqlite(path)
    with pytest.raises(NotABaseError):
        Base.open(path)
    assert path.read_bytes()[18:20] == b"\x01\x01"  # file format bytes: 2 would mean WAL


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_open_refuses_a_missing_file_or_a_directory_without_creating_anything(tmp_path, kind):
    path = tmp_path / "absent.db"
    if kind == "directory":
        path.mkdir()
    with pytest.raises(NotABaseError) as error:
        Base.open(path)
    assert str(error.value) == (f"{path} est un dossier, pas une base pexdesk."
                                if kind == "directory" else f"Le fichier {path} n'existe pas.")
    assert path.exists() == (kind == "directory")
    assert sidecars(path) == []


def test_open_refuses_a_base_with_a_destroyed_header(filled_base_path):
    with open(filled_base_path, "r+b") as handle:
        handle.write(b"\xff" * 16)
    before = filled_base_path.read_bytes()
    with pytest.raises(NotABaseError):
        Base.open(filled_base_path)
    assert filled_base_path.read_bytes() == before


def test_open_reports_a_damaged_base(filled_base_path):
    size = filled_base_path.stat().st_size
    with open(filled_base_path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(bytes(range(256)) * 16)
    with pytest.raises(DamagedBaseError) as error:
        Base.open(filled_base_path)
    assert "endommagée" in str(error.value)


def test_open_reports_a_truncated_base_as_damaged(filled_base_path):
    data = filled_base_path.read_bytes()
    filled_base_path.write_bytes(data[: len(data) // 3])
    with pytest.raises(DamagedBaseError) as error:
        Base.open(filled_base_path)
    assert "endommagée" in str(error.value)
    assert len(filled_base_path.read_bytes()) == len(data) // 3


def test_open_reports_an_unreadable_file_in_french(filled_base_path, monkeypatch):
    def refused(path):
        raise PermissionError(13, "Permission non accordée", str(path))

    monkeypatch.setattr("pexdesk.core.db.base.read_header", refused)
    with pytest.raises(NotABaseError) as error:
        Base.open(filled_base_path)
    assert str(error.value) == (f"Impossible de lire le fichier {filled_base_path} "
                                "(permission refusée).")


def test_create_refuses_an_existing_file(tmp_path):
    path = tmp_path / "existe.db"
    _text_file(path)
    before = path.read_bytes()
    with pytest.raises(Exception) as error:
        Base.create(path, Profile(department_code="35", adil_name="ADIL 35"))
    assert "existe déjà" in str(error.value)
    assert path.read_bytes() == before


# --- reference data ---------------------------------------------------------------------------

def test_departments_seeded(con):
    codes = [row[0] for row in con.execute("SELECT code FROM department")]
    assert len(codes) == 101
    for code in ("01", "19", "2A", "2B", "21", "95", "971", "972", "973", "974", "975", "976"):
        if code == "975":  # Saint-Pierre-et-Miquelon is a collectivité, not a département
            assert code not in codes
        else:
            assert code in codes
    assert "20" not in codes and "96" not in codes
    names = dict(con.execute("SELECT code, name FROM department").fetchall())
    assert names["2A"] == "Corse-du-Sud" and names["976"] == "Mayotte"


def test_partner_categories_seeded(con):
    rows = con.execute("SELECT code, label, synonyms FROM partner_category "
                       "ORDER BY sort_order").fetchall()
    assert [r[0] for r in rows] == [c.code for c in CATEGORIES]
    assert [r[1] for r in rows] == [c.label for c in CATEGORIES]
    assert {"CAF", "BAILSOC", "PREF", "CCAS", "AUTRE"} <= {r[0] for r in rows}
    assert "Caisse d'allocations familiales" in dict((r[0], r[2]) for r in rows)["CAF"].split("|")


def test_official_axes_seeded(con):
    rows = con.execute("SELECT code, label, official FROM roadmap_axis ORDER BY sort_order").fetchall()
    assert [r[0] for r in rows] == [a.code for a in OFFICIAL_AXES]
    assert len(rows) == 5
    assert all(r[2] == 1 for r in rows)


def test_indicator_catalogue_seeded(con):
    rows = con.execute("SELECT code, label, unit, periodicity, active, uuid FROM indicator "
                       "ORDER BY sort_order").fetchall()
    assert [r[0] for r in rows] == [i.code for i in INDICATORS]
    assert [r[1] for r in rows] == [i.label for i in INDICATORS]
    assert all(r[4] == 1 and r[5] for r in rows)
    assert len({r[5] for r in rows}) == len(rows)


def test_seeding_gives_every_base_fresh_uuids(base, tmp_path):
    with Base.create(tmp_path / "autre.db", Profile(department_code="29", adil_name="ADIL 29")) as other:
        mine = {r[0] for r in base.con.execute("SELECT uuid FROM indicator")}
        theirs = {r[0] for r in other.con.execute("SELECT uuid FROM indicator")}
        assert not mine & theirs


# --- connection settings ----------------------------------------------------------------------

@pytest.mark.parametrize("pragma, expected", [
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("synchronous", 2),  # FULL
    ("busy_timeout", 5000),
    ("trusted_schema", 0),
    ("secure_delete", 1),
])
def test_connection_pragmas(base, pragma, expected):
    assert base.con.execute(f"PRAGMA {pragma}").fetchone()[0] == expected


def test_reopened_connection_has_the_same_pragmas(filled_base_path):
    with Base.open(filled_base_path) as opened:
        assert opened.con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert opened.con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert opened.con.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert opened.con.isolation_level is None  # explicit transactions only


def test_read_only_open_cannot_write(filled_base_path):
    from pexdesk.core.errors import StorageError
    with Base.open(filled_base_path, read_only=True) as opened:
        assert opened.read_only
        with pytest.raises(StorageError) as error:
            partners.save(opened.con, Partner(name="Nouveau", category_code="CAF"))
        assert str(error.value) == "La base est en lecture seule : rien n'a été enregistré."


# --- splitting a migration into statements ----------------------------------------------------

@pytest.mark.parametrize("sql, expected", [
    ("CREATE TABLE a(x);\nCREATE TABLE b(y);\n", ["CREATE TABLE a(x);", "CREATE TABLE b(y);"]),
    ("INSERT INTO t VALUES ('a;b');\nINSERT INTO t VALUES (';');\n",
     ["INSERT INTO t VALUES ('a;b');", "INSERT INTO t VALUES (';');"]),
    ("INSERT INTO t VALUES ('ligne 1;\nligne 2;');\n", ["INSERT INTO t VALUES ('ligne 1;\nligne 2;');"]),
    ("INSERT INTO t VALUES ('l''apostrophe; oui');\n", ["INSERT INTO t VALUES ('l''apostrophe; oui');"]),
    ("-- commentaire; avec point-virgule\n\nCREATE TABLE a(x);\n", ["CREATE TABLE a(x);"]),
    ("CREATE TABLE a(\n  x TEXT -- colonne; commentée\n);\n",
     ["CREATE TABLE a(\n  x TEXT -- colonne; commentée\n);"]),
    ("CREATE TABLE a(x); CREATE TABLE b(y);\n", ["CREATE TABLE a(x);", "CREATE TABLE b(y);"]),
    ("CREATE TABLE a(x); -- fin; de ligne\n", ["CREATE TABLE a(x);"]),
    ("CREATE TRIGGER tr AFTER INSERT ON a BEGIN\n  UPDATE a SET x = 1;\n  UPDATE a SET x = 2;\nEND;\n",
     ["CREATE TRIGGER tr AFTER INSERT ON a BEGIN\n  UPDATE a SET x = 1;\n  UPDATE a SET x = 2;\nEND;"]),
    ("", []),
])
def test_statements_split(sql, expected):
    assert _statements(sql) == expected


def test_statements_split_executes(tmp_path):
    sql = ("CREATE TABLE t(v TEXT); INSERT INTO t VALUES ('a;b');\n"
           "INSERT INTO t VALUES ('c'';d'); -- commentaire\n")
    with closing(sqlite3.connect(":memory:")) as mem:
        for statement in _statements(sql):
            mem.execute(statement)
        assert [r[0] for r in mem.execute("SELECT v FROM t ORDER BY rowid")] == ["a;b", "c';d"]


def test_statements_split_refuses_an_unfinished_statement():
    with pytest.raises(ValueError, match="incomplete SQL statement"):
        _statements("CREATE TABLE a(x);\nCREATE TABLE b(y\n")


def test_bundled_migration_splits_into_every_create():
    sql = bundled_steps()[0].sql
    statements = _statements(sql)
    assert len(statements) == sum(1 for line in sql.splitlines() if line.startswith("CREATE "))


# --- what the schema may hold ----------------------------------------------------------------

# Tables without their own identity: reference lists seeded by pexdesk, pure link tables,
# and tags (merged by their unique name).
WITHOUT_IDENTITY = {"department", "partner_category", "tag", "partner_tag", "meeting_attendance",
                    "meeting_breakdown", "meeting_action",
                    "action_lead", "answer", "change_log", "purged_response"}


def test_every_stored_table_carries_uuid_and_timestamps(con):
    missing = {}
    for table in tables(con):
        cols = set(columns(con, table))
        lacking = {"uuid", "created_at", "updated_at"} - cols
        if lacking:
            missing[table] = lacking
    assert set(missing) == WITHOUT_IDENTITY


def test_uuid_columns_are_unique_and_required(con):
    for table in set(tables(con)) - WITHOUT_IDENTITY:
        info = {row["name"]: row for row in con.execute(f"PRAGMA table_info({table})")}
        assert info["uuid"]["notnull"] == 1, table
        unique = [row for row in con.execute(f"PRAGMA index_list({table})") if row["unique"]]
        indexed = {tuple(r["name"] for r in con.execute(f"PRAGMA index_info({u['name']})"))
                   for u in unique}
        assert ("uuid",) in indexed, table


HOUSEHOLD_WORDS = ("tenant", "locataire", "household", "menage", "ménage", "nir", "iban",
                   "birth", "naissance", "allocataire", "beneficiaire", "bénéficiaire",
                   "address", "adresse", "secu", "ssn")


def test_no_column_can_hold_a_household_identity(con):
    offending = []
    for table in tables(con):
        for column in columns(con, table):
            words = column.lower().split("_")
            if any(word in words or (len(word) > 4 and word in column.lower())
                   for word in HOUSEHOLD_WORDS):
                offending.append(f"{table}.{column}")
    assert offending == []
