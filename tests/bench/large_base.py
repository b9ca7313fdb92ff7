"""A large pexdesk base, built in seconds, for the benchmarks (core and UI).

Rows go in with ``executemany`` inside one transaction instead of one mapper call
per record (which validates and stamps each record: minutes for 10^5 responses).
Every row still satisfies the schema's constraints and foreign keys, and the file
is made by ``Base.create``, so reference data and profile are the real ones.
Dates span ``years`` years ending today; a few départements besides the base's
own appear, as in a base that received a regional survey file.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pexdesk.core.db.base import Base
from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.kinds import ActionStatus, MeetingKind, MeetingMode
from pexdesk.core.domain.profile import Profile
from pexdesk.core.reference.categories import CATEGORIES
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories.mapper import now_utc

HOME = "69"
NEIGHBOURS = ("01", "38", "42", "71")


@dataclass(frozen=True)
class LargeBaseSize:
    partners: int = 10_000
    meetings: int = 1_000
    responses: int = 100_000
    campaigns: int = 50
    actions: int = 300
    years: int = 10


class _Rows:
    """Shared helpers: a seeded generator, UUIDs drawn from it, one timestamp."""

    def __init__(self, seed: int, today: date):
        self.rng = random.Random(seed)
        self.today = today
        self.stamp = now_utc()

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day(self, years: int) -> str:
        return (self.today - timedelta(days=self.rng.randrange(365 * years))).isoformat()


def build_large_base(path: Path | str, size: LargeBaseSize = LargeBaseSize(), seed: int = 1,
                     today: date | None = None) -> Path:
    """Write a new base at ``path`` (which must not exist) and return its path."""
    path = Path(path)
    rows = _Rows(seed, today or date.today())
    base = Base.create(path, Profile(department_code=HOME, adil_name="ADIL – banc d'essai",
                                     officer_name="Banc d'essai"))
    try:
        with transaction(base.con):
            con = base.con
            _partners(con, rows, size)
            _meetings(con, rows, size)
            _roadmap(con, rows, size)
            _indicator_values(con, rows, size)
            _feedback(con, rows, size)
    finally:
        base.close()
    return path


def _partners(con: sqlite3.Connection, rows: _Rows, size: LargeBaseSize) -> None:
    rng = rows.rng
    codes = [category.code for category in CATEGORIES]
    signed_on = [rows.day(size.years) if rng.random() < 0.2 else None
                 for _ in range(size.partners)]
    con.executemany(
        "INSERT INTO partner(id, uuid, name, category_code, territory, charter_signatory, "
        "charter_signed_on, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((pid, rows.uuid(), f"Partenaire {pid:05d}", rng.choice(codes), f"Secteur {pid % 12}",
          int(signed is not None), signed, "Notes de suivi. " * rng.randrange(4),
          rows.stamp, rows.stamp) for pid, signed in enumerate(signed_on, start=1)))
    con.executemany(
        "INSERT INTO contact(uuid, partner_id, full_name, role, email, phone, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((rows.uuid(), pid, f"Contact {pid}-{n}", "Chargé de mission",
          f"contact{pid}.{n}@banc.invalid", "05 62 00 00 00", rows.stamp, rows.stamp)
         for pid in range(1, size.partners + 1) for n in range(rng.randint(1, 3))))
    con.executemany("INSERT INTO tag(id, name) VALUES (?, ?)",
                    ((tid, f"Étiquette {tid}") for tid in range(1, 51)))
    con.executemany(
        "INSERT INTO partner_tag(partner_id, tag_id) VALUES (?, ?)",
        ((pid, tid) for pid in range(1, size.partners + 1)
         for tid in rng.sample(range(1, 51), rng.randint(0, 3))))


def _meetings(con: sqlite3.Connection, rows: _Rows, size: LargeBaseSize) -> None:
    rng = rows.rng
    kinds = list(MeetingKind)
    meetings = []
    for mid in range(1, size.meetings + 1):
        kind = rng.choice(kinds)
        dossiers = rng.randint(0, 40) if kind in (MeetingKind.TECHNIQUE,
                                                  MeetingKind.SOUS_CCAPEX) else 0
        meetings.append((mid, rows.uuid(), rows.day(size.years), kind,
                         f"Secteur {mid % 12}" if kind == MeetingKind.SOUS_CCAPEX else "",
                         rng.choice(list(MeetingMode)), dossiers, dossiers - dossiers // 10,
                         "Relevé de décisions diffusé aux membres.", rows.stamp, rows.stamp))
    con.executemany(
        "INSERT INTO meeting(id, uuid, held_on, kind, territory, mode, dossiers_examined, "
        "opinions_issued, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        meetings)
    con.executemany(
        "INSERT INTO meeting_attendance(meeting_id, partner_id) VALUES (?, ?)",
        ((mid, pid) for mid in range(1, size.meetings + 1)
         for pid in rng.sample(range(1, size.partners + 1), 20)))
    con.executemany(
        "INSERT INTO meeting_followup(uuid, meeting_id, description, owner_partner_id, due_on, "
        "done, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((rows.uuid(), mid, "Diffuser le relevé de décisions", rng.randint(1, size.partners),
          rows.day(size.years), rng.randint(0, 1), rows.stamp, rows.stamp)
         for mid in range(1, size.meetings + 1)))


def _roadmap(con: sqlite3.Connection, rows: _Rows, size: LargeBaseSize) -> None:
    rng = rows.rng
    axis_ids = [row[0] for row in con.execute("SELECT id FROM roadmap_axis")]
    actions = []
    for aid in range(1, size.actions + 1):
        start = date.fromisoformat(rows.day(size.years))
        due = start + timedelta(days=rng.randint(30, 720))
        actions.append((aid, rows.uuid(), rng.choice(axis_ids), f"Action {aid}",
                        rng.choice(list(ActionStatus)), rng.randrange(0, 101, 5),
                        start.isoformat(), due.isoformat(), rows.stamp, rows.stamp))
    con.executemany(
        "INSERT INTO action(id, uuid, axis_id, title, status, progress, start_on, due_on, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", actions)
    con.executemany(
        "INSERT INTO action_lead(action_id, partner_id) VALUES (?, ?)",
        ((aid, pid) for aid in range(1, size.actions + 1)
         for pid in rng.sample(range(1, size.partners + 1), 2)))
    con.executemany(
        "INSERT INTO action_journal(uuid, action_id, entry_on, text, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ((rows.uuid(), aid, rows.day(size.years), "Point d'étape.", rows.stamp, rows.stamp)
         for aid in range(1, size.actions + 1) for _ in range(5)))
    con.executemany(
        "INSERT INTO deliverable(uuid, action_id, label, delivered_on, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ((rows.uuid(), aid, "Livrable", rows.day(size.years), rows.stamp, rows.stamp)
         for aid in range(1, size.actions + 1)))


def _indicator_values(con: sqlite3.Connection, rows: _Rows, size: LargeBaseSize) -> None:
    rng = rows.rng
    indicator_ids = [row[0] for row in con.execute("SELECT id FROM indicator")]
    first = rows.today.year * 12 + rows.today.month - 1 - 12 * size.years
    months = [date(index // 12, index % 12 + 1, 1).isoformat()
              for index in range(first, first + 12 * size.years)]
    con.executemany(
        "INSERT INTO indicator_value(uuid, indicator_id, department_code, month, value, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((rows.uuid(), iid, department, month,
          None if rng.random() < 0.03 else float(rng.randint(0, 200)), rows.stamp, rows.stamp)
         for department in (HOME, *NEIGHBOURS) for iid in indicator_ids for month in months))


def _feedback(con: sqlite3.Connection, rows: _Rows, size: LargeBaseSize) -> None:
    """Campaigns with the ANIL items, then responses: mostly the base's département, 5 %
    undated, 5 % of items left blank and 15 % « non concerné »."""
    rng = rows.rng
    periods = []
    for _ in range(size.campaigns):
        start = date.fromisoformat(rows.day(size.years))
        periods.append((start, min(start + timedelta(days=60), rows.today)))
    con.executemany(
        "INSERT INTO campaign(id, uuid, name, period_start, period_end, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((cid, rows.uuid(), f"Campagne {cid}", start.isoformat(), end.isoformat(), rows.stamp,
          rows.stamp) for cid, (start, end) in enumerate(periods, start=1)))
    con.executemany(
        "INSERT INTO campaign_item(id, uuid, campaign_id, code, label, position, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((_item_id(cid, position), rows.uuid(), cid, item.code, item.label, position, rows.stamp,
          rows.stamp) for cid in range(1, size.campaigns + 1)
         for position, item in enumerate(ANIL_ITEMS, start=1)))
    codes = [category.code for category in CATEGORIES]
    responses, answers = [], []
    for rid in range(1, size.responses + 1):
        cid = rng.randint(1, size.campaigns)
        start, end = periods[cid - 1]
        day = start + timedelta(days=rng.randint(0, (end - start).days))
        responses.append((
            rid, rows.uuid(), cid, None if rng.random() < 0.05 else day.isoformat(),
            rng.choice(codes), HOME if rng.random() < 0.9 else rng.choice(NEIGHBOURS),
            rng.choice((None, 1, 2, 3, 4, 4, 5, 5)), "Commentaire, avec « guillemets ».",
            rows.stamp, rows.stamp))
        for position in range(1, len(ANIL_ITEMS) + 1):
            draw = rng.random()
            if draw >= 0.05:
                score = (None, 1) if draw < 0.2 else (rng.randint(1, 5), 0)
                answers.append((rid, _item_id(cid, position), *score))
    con.executemany(
        "INSERT INTO response(id, uuid, campaign_id, responded_on, category_code, department_code, "
        "overall_score, comment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        responses)
    con.executemany("INSERT INTO answer(response_id, item_id, score, not_concerned) "
                    "VALUES (?, ?, ?, ?)", answers)


def _item_id(campaign_id: int, position: int) -> int:
    return (campaign_id - 1) * len(ANIL_ITEMS) + position
