"""The e-mail addresses of partners' contacts as one text to paste into a message's « À »,
« Cc » or « Cci »: « Nom <adresse> » joined by « ; », which Outlook and Thunderbird both
split back into recipients showing their names. Nothing is written: it works on a base
opened read only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from email.headerregistry import Address

from pexdesk.core.domain import rules
from pexdesk.core.repositories import partners

SEPARATOR = "; "
"""Outlook's separator between recipients; Thunderbird and Gmail accept it too."""

RECIPIENT_LIMIT = 500
"""Recipients one message may carry on Exchange Online (Microsoft 365) by default, and about
where other services stop too: a longer list is refused at sending, after the message was
written."""


@dataclass(frozen=True)
class MailingList:
    """The text to paste and how it was drawn from the contacts, for the message that
    tells the user what was left out: ``addresses`` is ``contacts`` less the three
    others."""

    text: str
    partners: int
    contacts: int
    addresses: int
    without_email: int
    invalid: int
    """Addresses the contact form would refuse (:func:`rules.is_email`), stored before the
    rule or by another tool: pasted, they would break the recipients after them."""
    duplicates: int
    """Addresses already in the text (whatever their case) for an earlier contact."""

    @property
    def too_many_for_one_message(self) -> bool:
        return self.addresses > RECIPIENT_LIMIT


def mailing_list(con: sqlite3.Connection, partner_ids: Collection[int]) -> MailingList:
    """The addresses of the contacts of the partners ``partner_ids``, each once, in the
    order of :func:`partners.contact_addresses` (partner, then contact)."""
    contacts = partners.contact_addresses(con, partner_ids)
    kept: dict[str, str] = {}
    without_email = invalid = duplicates = 0
    for contact in contacts:
        address = contact.email.strip()
        if not address:
            without_email += 1
        elif not rules.is_email(address):
            invalid += 1
        elif address.casefold() in kept:
            duplicates += 1
        else:
            kept[address.casefold()] = recipient(contact.full_name, address)
    return MailingList(SEPARATOR.join(kept.values()), len(set(partner_ids)), len(contacts),
                       len(kept), without_email, invalid, duplicates)


def recipient(name: str, address: str) -> str:
    """« Marie Dupont <marie.dupont@caf32.fr> », the name quoted when it holds a comma, a
    semicolon or another character that would cut it (« "Dupont, Marie" <…> »); the
    address alone for a contact without a name. Not ``email.utils.formataddr``: it encodes
    a name with accents for a message's header (« =?utf-8?q?Lef=C3=A8vre?= »), which a
    pasted list shows as it is. ``address`` passed :func:`rules.is_email`: no character in it
    needs quoting, so it is given in its parts, never parsed again."""
    username, _, domain = address.rpartition("@")
    return str(Address(display_name=" ".join(name.split()), username=username,
                       domain=domain))
