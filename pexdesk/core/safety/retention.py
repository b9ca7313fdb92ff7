"""Retention: partner contacts and partners' responses kept no longer than needed
(domain.md §9, shared/reliability.md §3.2), purged after a preview.

- A **contact** goes when its last contact is older than N years (the CNIL's usual
  benchmark for professional contacts: the partnership, then 3 years after the last
  contact). Its last contact is the latest of: its creation or last save (saving a
  partner's file saves its contacts), and the latest meeting its organisation attended.
  A partner still marked active but untouched that long is listed too, marked « actif »,
  so that the coordinator can check it before confirming.
- A **response** goes when it was given (or, without a date, recorded) more than N years
  ago; its answers go with it. An imported one leaves its row digest in
  ``purged_response``: the survey export it came from is often downloaded again, and its
  importer must not bring the purged row back.

The purge deletes exactly what the preview listed and still qualifies, in one
transaction, with ``secure_delete`` on, then empties the WAL (``wal_checkpoint(TRUNCATE)``):
the deleted text is overwritten in the base. Older backups still hold it until they are
thinned out (30 days by default).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from pexdesk.core.db.connection import transaction
from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.formatting import plural
from pexdesk.core.reference.categories import CATEGORY_LABELS
from pexdesk.core.safety import journal

DEFAULT_YEARS = 3
MAX_YEARS = 100

_CONTACTS = """
SELECT c.id, c.full_name, p.name, p.active, max(substr(c.created_at, 1, 10),
       substr(c.updated_at, 1, 10),
       coalesce((SELECT max(m.held_on) FROM meeting_attendance a
                 JOIN meeting m ON m.id = a.meeting_id WHERE a.partner_id = c.partner_id),
                '')) AS last_contact
FROM contact c JOIN partner p ON p.id = c.partner_id
WHERE last_contact < :cutoff {only}
ORDER BY last_contact, p.name, c.full_name
"""

_RESPONSES = """
SELECT r.id, k.name, coalesce(r.responded_on, substr(r.created_at, 1, 10)) AS day,
       r.category_code
FROM response r JOIN campaign k ON k.id = r.campaign_id
WHERE day < :cutoff {only}
ORDER BY day, k.name, r.id
"""


@dataclass(frozen=True)
class ExpiredContact:
    id: int
    full_name: str
    partner_name: str
    partner_active: bool
    last_contact: str


@dataclass(frozen=True)
class ExpiredResponse:
    id: int
    campaign_name: str
    day: str
    category_code: str


@dataclass
class PurgePlan:
    years: int
    cutoff: date
    contacts: list[ExpiredContact] = field(default_factory=list)
    responses: list[ExpiredResponse] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.contacts and not self.responses

    def lines(self) -> list[str]:
        """The preview, in French."""
        head = f"Durée de conservation : {plural(self.years, 'an')} (avant le {self.cutoff:%d/%m/%Y})."
        lines = [head, f"{plural(len(self.contacts), 'contact')} dont le dernier contact est "
                       "plus ancien :"]
        lines += [f"  – {c.full_name} ({c.partner_name}"
                  f"{', partenaire encore actif' if c.partner_active else ''}) – dernier "
                  f"contact le {_french_day(c.last_contact)}" for c in self.contacts]
        lines.append(f"{plural(len(self.responses), 'réponse')} de partenaires "
                     f"{'plus ancienne' if len(self.responses) <= 1 else 'plus anciennes'} :")
        lines += [f"  – {r.campaign_name} – {_french_day(r.day)} – "
                  f"{CATEGORY_LABELS.get(r.category_code, r.category_code)}"
                  for r in self.responses]
        return lines


@dataclass(frozen=True)
class PurgeResult:
    contacts: int
    responses: int

    @property
    def summary(self) -> str:
        many = self.contacts + self.responses > 1
        deleted = ("supprimé" if self.contacts else "supprimée") + ("s" if many else "")
        return f"{plural(self.contacts, 'contact')} et {plural(self.responses, 'réponse')} {deleted}"


def cutoff_for(years: int, today: date | None = None) -> date:
    check_years(years)
    today = today or date.today()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def check_years(years: int) -> None:
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= MAX_YEARS:
        raise ValidationError(FieldError(
            "years", f"Durée de conservation invalide : indiquez un nombre d'années entre 1 et "
                     f"{MAX_YEARS}."))


def plan_purge(con: sqlite3.Connection, years: int, today: date | None = None) -> PurgePlan:
    """What a purge at ``years`` would delete; changes nothing."""
    cutoff = cutoff_for(years, today)
    params = {"cutoff": cutoff.isoformat()}
    contacts = [ExpiredContact(row[0], row[1], row[2], bool(row[3]), row[4])
                for row in con.execute(_CONTACTS.format(only=""), params)]
    responses = [ExpiredResponse(*row) for row in con.execute(_RESPONSES.format(only=""), params)]
    return PurgePlan(years, cutoff, contacts, responses)


def purge(con: sqlite3.Connection, plan: PurgePlan) -> PurgeResult:
    """Delete what ``plan`` listed (and still qualifies: a contact saved since the preview
    stays), record it in the journal, and wipe it from the WAL."""
    params = {"cutoff": plan.cutoff.isoformat()}
    con.execute("PRAGMA secure_delete=ON")
    with transaction(con):
        contacts = _delete(con, "contact", _CONTACTS, [c.id for c in plan.contacts], params)
        responses = _delete(con, "response", _RESPONSES, [r.id for r in plan.responses], params,
                            before=_remember_digests)
        result = PurgeResult(contacts, responses)
        journal.record(con, "PURGE", f"{result.summary} (plus de {plural(plan.years, 'an')}, "
                                     f"avant le {plan.cutoff:%d/%m/%Y})")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return result


def _delete(con: sqlite3.Connection, table: str, query: str, ids: list[int],
            params: dict, before: Callable[[sqlite3.Connection], None] | None = None) -> int:
    """Delete the rows of ``ids`` that ``query`` still selects; ``before`` runs first, while
    ``temp.purge_ids`` holds exactly those rows."""
    if not ids:
        return 0
    con.execute("CREATE TEMP TABLE IF NOT EXISTS purge_ids(id INTEGER PRIMARY KEY)")
    con.execute("DELETE FROM temp.purge_ids")
    con.executemany("INSERT INTO temp.purge_ids(id) VALUES (?)", [(i,) for i in ids])
    alias = "c" if table == "contact" else "r"
    still = [row[0] for row in con.execute(
        query.format(only=f"AND {alias}.id IN (SELECT id FROM temp.purge_ids)"), params)]
    con.execute("DELETE FROM temp.purge_ids")
    con.executemany("INSERT INTO temp.purge_ids(id) VALUES (?)", [(i,) for i in still])
    if before is not None:
        before(con)
    con.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM temp.purge_ids)")
    con.execute("DELETE FROM temp.purge_ids")
    return len(still)


def _remember_digests(con: sqlite3.Connection) -> None:
    """Keep the row digests of the imported responses about to be deleted."""
    con.execute("INSERT OR IGNORE INTO purged_response(row_digest, purged_on) "
                "SELECT row_digest, ? FROM response "
                "WHERE id IN (SELECT id FROM temp.purge_ids) AND row_digest IS NOT NULL",
                (date.today().isoformat(),))


def _french_day(iso: str) -> str:
    try:
        return f"{date.fromisoformat(iso):%d/%m/%Y}"
    except ValueError:
        return iso or "?"
