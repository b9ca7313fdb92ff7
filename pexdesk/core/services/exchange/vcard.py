"""Partner contacts as vCards.

Contacts are professional data (shared/domain.md §9): organisation, name, function,
professional e-mail and phone; nothing else goes into a card. Cards are vCard 3.0
(RFC 2426), the version Outlook, Thunderbird, Gmail and phones all import, written with
``vobject``: it escapes ``,`` ``;`` ``\\`` and line breaks in text values and folds long
lines without cutting a UTF-8 character. Each card's ``UID`` is the contact's stable
UUID (``urn:uuid:…``), so an address book that imports the file again can match it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

import vobject

from pexdesk import __version__
from pexdesk.core.services.exchange.cells import clean
from pexdesk.core.services.exchange.tables import ContactRow

PRODID = f"-//ADIL//pexdesk {__version__}//FR"
def split_name(full_name: str) -> tuple[str, str]:
    """(family name, given name) for the card's ``N``, from a name typed in one field.

    « DUPONT Marie » (capitals first, as administrations write it): the capitalised words
    are the family name. Otherwise the first word is the given name and the rest the
    family name, particles included: « Jean-Pierre Le Goff » → (« Le Goff », « Jean-Pierre »).
    A single word is a family name. ``FN`` always keeps the name as typed."""
    words = full_name.split()
    if not words:
        return "", ""
    if len(words) == 1:
        return words[0], ""
    leading = 0
    while leading < len(words) and _capitals(words[leading]):
        leading += 1
    if 0 < leading < len(words):
        return " ".join(words[:leading]), " ".join(words[leading:])
    return " ".join(words[1:]), words[0]


def _capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def card(row: ContactRow) -> vobject.base.Component:
    contact = row.contact
    item = vobject.vCard()
    full_name = clean(contact.full_name).strip()
    family, given = split_name(full_name)
    item.add("n").value = vobject.vcard.Name(family=family, given=given)
    item.add("fn").value = full_name
    item.add("org").value = [clean(row.partner_name).strip()]
    if contact.role.strip():
        item.add("title").value = clean(contact.role).strip()
    if contact.email.strip():
        email = item.add("email")
        email.value = clean(contact.email).strip()
        email.type_paramlist = ["INTERNET", "WORK"]
    if contact.phone.strip():
        phone = item.add("tel")
        phone.value = clean(contact.phone).strip()
        phone.type_paramlist = ["WORK", "VOICE"]
    item.add("categories").value = [clean(row.category_label).strip() or "Partenaire"]
    item.add("uid").value = f"urn:uuid:{contact.uuid}"
    revision = _revision(contact.updated_at)
    if revision:
        item.add("rev").value = revision
    item.add("prodid").value = PRODID
    return item


def _revision(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def vcard_bytes(rows: Iterable[ContactRow]) -> bytes:
    """The cards of ``rows``, one after the other (a ``.vcf`` file), UTF-8, CRLF."""
    return "".join(card(row).serialize() for row in rows).encode("utf-8")
