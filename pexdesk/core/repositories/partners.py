"""Partners with their contacts and tags, saved together as one action."""

from __future__ import annotations

import sqlite3
import string
from collections.abc import Iterable
from dataclasses import dataclass

from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.models import Contact, Partner
from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.repositories import mapper, territories


@dataclass(frozen=True)
class PartnerUsage:
    """What else goes when a partner is deleted; the confirmation dialog lists it."""

    contacts: int
    meetings_attended: int
    actions_led: int
    responses_linked: int
    followups_owned: int
    secretariats: int
    """Meetings whose secrétariat the partner held."""


def save(con: sqlite3.Connection, partner: Partner, contacts: list[Contact] | None = None,
         tags: list[str] | None = None) -> Partner:
    """Insert or update a partner; ``contacts`` and ``tags``, when given, replace the stored ones.

    Contacts keep their UUID across saves when they carry their id, so a merge of
    bases later recognises them. A territory another record spells otherwise is stored as
    the base spells it (:func:`territories.usual_territory`): the partner returned says how.
    """
    partner.territory = territories.usual_territory(con, partner.territory, "partner",
                                                    partner.id)
    problems = partner.problems()
    for index, contact in enumerate(contacts or []):
        problems += [FieldError(f"contacts[{index}].{e.field}", e.message)
                     for e in contact.problems()]
    if problems:
        raise ValidationError(problems)
    with transaction(con):
        if partner.id is None:
            mapper.insert(con, partner)
        else:
            mapper.update(con, partner)
        if contacts is not None:
            mapper.replace_children(con, Contact, "partner_id", partner.id, contacts)
        if tags is not None:
            set_tags(con, partner.id, tags)
    return partner


def contacts_of(con: sqlite3.Connection, partner_id: int) -> list[Contact]:
    return mapper.select(con, Contact, "partner_id = ?", (partner_id,), order="full_name, id")


@dataclass(frozen=True)
class ContactAddress:
    partner_name: str
    full_name: str
    email: str
    """As stored: blank, padded, or invalid if written before its rule or by another tool
    (the schema does not check it)."""


def contact_addresses(con: sqlite3.Connection,
                      partner_ids: Iterable[int]) -> list[ContactAddress]:
    """The contacts of the partners ``partner_ids``, those without an e-mail address too (a
    mailing list counts them), by partner name then contact name, as the contacts export
    orders them; one indexed query per 500 partners (SQLite limits the values bound to one
    query): 10,000 partners and their 20,000 contacts take 60 ms, sorted."""
    rows = mapper.where_in(
        con, "SELECT p.name, c.full_name, c.email, c.id FROM contact c "
             "JOIN partner p ON p.id = c.partner_id WHERE c.partner_id IN ({})",
        sorted(set(partner_ids)))
    rows.sort(key=lambda r: (r[0].casefold(), r[1].casefold(), r[3]))
    return [ContactAddress(name, full_name, email) for name, full_name, email, _ in rows]


def tag_key(name: str) -> str:
    """Two spellings of one tag, case and the spaces around it aside, as the tag table's
    unique index holds them: « Bailleurs » and « bailleurs » would be linked twice."""
    return name.strip().casefold()


def set_tags(con: sqlite3.Connection, partner_id: int, tags: list[str]) -> None:
    """Replace a partner's tags. Unused tags stay as vocabulary for completion, and so
    that undoing a change can point back at them."""
    # One tag per key, the first spelling winning.
    names = sorted({tag_key(t): t.strip() for t in reversed(tags) if t.strip()}.values(),
                   key=str.casefold)
    too_long = [t for t in names if len(t) > 60]
    if too_long:
        raise ValidationError(FieldError("tags", f"« Étiquettes » : « {too_long[0][:60]}… » "
                                                 "dépasse 60 caractères."))
    if [t.casefold() for t in tags_of(con, partner_id)] == [t.casefold() for t in names]:
        return  # unchanged: rewriting the links would journal « étiquettes » on every save
    with transaction(con):
        con.execute("DELETE FROM partner_tag WHERE partner_id = ?", (partner_id,))
        for name in names:
            con.execute("INSERT INTO tag(name) VALUES (?) ON CONFLICT DO NOTHING", (name,))
            con.execute("INSERT INTO partner_tag(partner_id, tag_id) "
                        "SELECT ?, id FROM tag WHERE name = ? COLLATE NOCASE", (partner_id, name))


def tags_of(con: sqlite3.Connection, partner_id: int) -> list[str]:
    return [row[0] for row in con.execute(
        "SELECT t.name FROM tag t JOIN partner_tag pt ON pt.tag_id = t.id "
        "WHERE pt.partner_id = ? ORDER BY t.name COLLATE NOCASE", (partner_id,))]


def all_partners(con: sqlite3.Connection, active_only: bool = False) -> list[Partner]:
    return mapper.select(con, Partner, "active = 1" if active_only else "",
                         order="name COLLATE NOCASE")


def find_by_name(con: sqlite3.Connection, name: str) -> Partner | None:
    """The partner named ``name`` as stored, or with the spaces around it left out (Python's
    ``strip`` also takes control characters such as U+000B, which a name may keep)."""
    found = mapper.select(con, Partner, "name COLLATE NOCASE IN (?, ?)", (name, name.strip()))
    return found[0] if found else None


def existing(con: sqlite3.Connection, partner_ids: Iterable[int]) -> list[int]:
    """Those of ``partner_ids`` the base holds (:func:`mapper.existing`)."""
    return mapper.existing(con, Partner, partner_ids)


def usage(con: sqlite3.Connection, partner_id: int) -> PartnerUsage:
    counts = con.execute(
        """SELECT (SELECT count(*) FROM contact WHERE partner_id = :p),
                  (SELECT count(*) FROM meeting_attendance WHERE partner_id = :p),
                  (SELECT count(*) FROM action_lead WHERE partner_id = :p),
                  (SELECT count(*) FROM response WHERE partner_id = :p),
                  (SELECT count(*) FROM meeting_followup WHERE owner_partner_id = :p),
                  (SELECT count(*) FROM meeting WHERE secretariat_partner_id = :p)""",
        {"p": partner_id}).fetchone()
    return PartnerUsage(*counts)


def delete(con: sqlite3.Connection, partner_id: int) -> None:
    """Delete a partner, its contacts, tags, attendances and leads; responses, follow-ups
    and the meetings whose secrétariat it held stay, unlinked (they are the partner
    category's, or the meeting's, not the partner's)."""
    mapper.delete(con, Partner, partner_id)


def tag_vocabulary(con: sqlite3.Connection) -> list[str]:
    return [row[0] for row in con.execute("SELECT name FROM tag ORDER BY name COLLATE NOCASE")]


@dataclass(frozen=True)
class PartnerRow:
    """A partner as the list shows it, read in one query even for 10,000 partners."""

    id: int
    name: str
    category_code: str
    category_label: str
    territory: str
    charter_signatory: bool
    active: bool
    contacts: int
    meetings: int
    tags: str
    contact_names: str


def partner_rows(con: sqlite3.Connection, only: int | None = None) -> list[PartnerRow]:
    """Every partner's row in :func:`partner_row_order`; with ``only``, that partner's row
    alone (none if it is gone), for a list updating one row after a save."""
    rows = con.execute(
        f"""SELECT p.id, p.name, p.category_code, c.label, p.territory, p.charter_signatory,
                  p.active,
                  (SELECT count(*) FROM contact WHERE partner_id = p.id),
                  (SELECT count(*) FROM meeting_attendance WHERE partner_id = p.id),
                  coalesce((SELECT group_concat(t.name, ', ') FROM partner_tag pt
                            JOIN tag t ON t.id = pt.tag_id WHERE pt.partner_id = p.id), ''),
                  coalesce((SELECT group_concat(full_name, ', ') FROM contact
                            WHERE partner_id = p.id), '')
           FROM partner p JOIN partner_category c ON c.code = p.category_code
           {"WHERE p.id = ?" if only is not None else ""}
           ORDER BY p.name COLLATE NOCASE""", () if only is None else (only,))
    return [PartnerRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), bool(r[6]), *r[7:])
            for r in rows]


_NOCASE = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def partner_row_order(row: PartnerRow) -> str:
    """The order of :func:`partner_rows` as a sort key: SQLite's NOCASE folds ASCII letters
    only (« É » stays after « z »), and names are unique in that collation."""
    return row.name.translate(_NOCASE)
