"""Helpers for the safety tests: full dumps of a base, a base with awkward text in it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import Contact, Meeting, Partner
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import mapper, meetings, partners
from tests.survey_data import add, new_campaign

AWKWARD = ("=1+1", "+33 6", "-2", "@SUM(A1)", "\ttab", "«guillemets» & <b>gras</b>",
           "O'Brien; \"quoted\"", "ligne1\nligne2", "émoji 🏠", "\u00a0espace insécable")


def dump(path: Path, *, journal_upto: int | None = None) -> dict[str, list[tuple]]:
    """Every row of every table, sorted; ``change_log`` cut at ``journal_upto`` when given
    (a restore adds its own entry after the restored ones)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as con:
        tables = [row[0] for row in con.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]
        content = {}
        for table in tables:
            where = f" WHERE id <= {journal_upto}" if table == "change_log" and journal_upto else ""
            rows = con.execute(f'SELECT * FROM "{table}"{where}').fetchall()
            content[table] = sorted(rows, key=repr)
        content["#user_version"] = [con.execute("PRAGMA user_version").fetchone()]
        content["#application_id"] = [con.execute("PRAGMA application_id").fetchone()]
    return content


def last_journal_id(path: Path) -> int:
    with closing(sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)) as con:
        return con.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]


def awkward_base(path: Path, partner_count: int = 12) -> Path:
    """A closed base whose text fields hold formula prefixes, markup, quotes, newlines,
    emoji; partners with contacts and tags, a meeting, a campaign with responses."""
    with Base.create(path, Profile(department_code="35", adil_name="ADIL 35",
                                   officer_name="Camille Martin")) as base:
        con = base.con
        ids = []
        for i in range(partner_count):
            text = AWKWARD[i % len(AWKWARD)]
            partner = partners.save(
                con, Partner(name=f"Partenaire {i:03d} {text}"[:120], category_code="BAILSOC",
                             notes=f"Notes {text}", active=i % 4 != 0),
                [Contact(full_name=f"Contact {i} {text}".strip()[:80], email=f"c{i}@exemple.fr"),
                 Contact(full_name=f"Second {i}", phone="02 99 00 00 00")],
                tags=[f"secteur {i % 3}"])
            ids.append(partner.id)
        meetings.save(con, Meeting(held_on=date(2024, 3, 14), kind="PLENIERE",
                                   dossiers_examined=42, opinions_issued=17, notes=AWKWARD[5]),
                      attendee_ids=ids[: partner_count // 2])
        campaign, items = new_campaign(con, name="Enquête 2023")
        for i in range(8):
            add(con, campaign, items, category="CAF", overall=i % 5 + 1,
                scores=[(i + j) % 5 + 1 for j in range(len(items))], comment=AWKWARD[i])
    return path


def damage_a_page_in_place(path) -> bytes:
    """Overwrite one page of partner rows (written last, at the end), the file keeping its size:
    opening the base does not read that page, only the quick check does."""
    with Base.open(path) as base:
        page_size = base.con.execute("PRAGMA page_size").fetchone()[0]
        base.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = path.stat().st_size // page_size
    with open(path, "r+b") as handle:
        handle.seek((pages - 3) * page_size)
        handle.write(b"\x0d\xff" * (page_size // 2))
    assert path.stat().st_size == pages * page_size
    Base.open(path, read_only=True, quick_check=False).close()  # opens without noticing
    return path.read_bytes()


def base_with_many_partners(path) -> None:
    """300 partners with long notes: enough pages for one to be damaged out of sight."""
    with Base.open(path) as base:
        mapper.insert_many(base.con, [Partner(name=f"CCAS {n:03d}", category_code="CCAS",
                                              notes="x" * 400) for n in range(300)])
