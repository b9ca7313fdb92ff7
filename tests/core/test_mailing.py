"""The e-mail addresses of the partners a list shows, as one text to paste into a message."""

from __future__ import annotations

import random
import sqlite3

import pytest

from pexdesk.core.domain.models import Contact, Partner
from pexdesk.core.repositories import mapper, partners
from pexdesk.core.services.mailing import MailingList, mailing_list, recipient


def add(con, name: str, *people: tuple[str, str]) -> int:
    return partners.save(con, Partner(name=name, category_code="BAILSOC"),
                         [Contact(full_name=full_name, email=email)
                          for full_name, email in people]).id


def store_email(con, full_name: str, email: str) -> None:
    """An address the form refuses, as an older pexdesk or another tool may have stored it."""
    con.execute("UPDATE contact SET email = ? WHERE full_name = ?", (email, full_name))


def test_partner_then_contact_order_each_address_once_and_what_is_left_out(con):
    caf = add(con, "CAF du Gers", ("Marc Lefèvre", "marc@caf32.fr"),
              ("Dupont, Claire", "claire@caf32.fr"), ("Accueil", ""))
    habitat = add(con, "habitat Sud", ("Zoé Roux", "accueil@habitat-sud.fr"),
                  ("Anne Blanc", "contact@auch.fr"))
    mairie = add(con, "Mairie d'Auch", ("Jean Noir", "CONTACT@AUCH.FR"),
                 ("Service logement; urgences", "  logement@auch.fr "),
                 ("Paul Vert", "paul@auch.fr"))
    add(con, "Préfecture du Gers", ("Léa Gris", "lea@gers.gouv.fr"))  # not shown
    store_email(con, "Paul Vert", "paul@auch.fr;")

    assert mailing_list(con, [mairie, caf, habitat]) == MailingList(
        '"Dupont, Claire" <claire@caf32.fr>; Marc Lefèvre <marc@caf32.fr>; '
        'Anne Blanc <contact@auch.fr>; Zoé Roux <accueil@habitat-sud.fr>; '
        '"Service logement; urgences" <logement@auch.fr>',
        partners=3, contacts=8, addresses=5, without_email=1, invalid=1, duplicates=1)


def test_no_partner_no_address(con):
    assert mailing_list(con, []) == MailingList("", 0, 0, 0, 0, 0, 0)


def test_partners_without_addresses_are_counted(con):
    ids = [add(con, "CCAS d'Auch", ("Julie Martin", "")),
           add(con, "CCAS de Condom"),
           add(con, "UDAF", ("Rémi Bleu", "remi@udaf32.fr"))]
    store_email(con, "Rémi Bleu", "remi@udaf")
    assert mailing_list(con, ids) == MailingList("", partners=3, contacts=2, addresses=0,
                                                 without_email=1, invalid=1, duplicates=0)


def test_thousands_of_partners_in_one_order_whatever_the_chunks(con):
    """1,200 partners: more than SQLite allowed in one IN list before 3.32, the limit set
    here again; their ids run against their names, so that every chunk of ids mixes
    the order."""
    numbers = list(range(1200))
    random.Random(4).shuffle(numbers)
    stored = mapper.insert_many(con, [Partner(name=f"Bailleur {n:04d}", category_code="BAILSOC")
                                      for n in numbers])
    mapper.insert_many(con, [Contact(partner_id=p.id, full_name="Accueil",
                                     email=f"accueil@b{p.name[-4:]}.fr") for p in stored])
    con.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    left_out = {p.id for p in stored if p.name.endswith("7")}

    found = mailing_list(con, [p.id for p in stored if p.id not in left_out])

    expected = [f"Accueil <accueil@b{n:04d}.fr>" for n in range(1200) if n % 10 != 7]
    assert found.text.split("; ") == expected
    assert (found.partners, found.contacts, found.addresses) == (1080, 1080, 1080)


def test_a_base_opened_read_only_gives_its_addresses(demo_con):
    ids = [row.id for row in partners.partner_rows(demo_con)]
    found = mailing_list(demo_con, ids)
    distinct = demo_con.execute("SELECT count(DISTINCT lower(trim(email))) FROM contact "
                                "WHERE trim(email) <> ''").fetchone()[0]
    assert found.addresses == distinct > 0
    assert found.contacts == demo_con.execute("SELECT count(*) FROM contact").fetchone()[0]


@pytest.mark.parametrize("name, address, expected", [
    ("Marc Lefèvre", "marc@caf32.fr", "Marc Lefèvre <marc@caf32.fr>"),  # not =?utf-8?q?…?=
    ("Dupont, Claire", "c@caf32.fr", '"Dupont, Claire" <c@caf32.fr>'),
    ("Accueil; logement", "a@caf32.fr", '"Accueil; logement" <a@caf32.fr>'),
    ('Jean "Jo" Noir', "j@caf32.fr", '"Jean \\"Jo\\" Noir" <j@caf32.fr>'),
    ("  Anne \n Blanc ", "anne@auch.fr", "Anne Blanc <anne@auch.fr>"),
    ("", "accueil@auch.fr", "accueil@auch.fr"),
    ("Sean O'Neil", "o'neil+ccapex@adil32.org", "Sean O'Neil <o'neil+ccapex@adil32.org>"),
])
def test_recipient(name, address, expected):
    assert recipient(name, address) == expected
