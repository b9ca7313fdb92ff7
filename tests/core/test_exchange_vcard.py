"""Contacts as vCards, parsed back with ``vobject``; the mailing list string."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject

from pexdesk.core.domain.models import Contact, Partner
from pexdesk.core.repositories import partners
from pexdesk.core.services import exchange
from pexdesk.core.services.exchange.vcard import split_name


def cards(path: Path):
    return list(vobject.readComponents(path.read_text(encoding="utf-8")))


def test_every_contact_as_a_card(demo_con, tmp_path):
    out = tmp_path / "contacts.vcf"
    result = exchange.export(demo_con, "contacts", out, record=False)
    found = cards(out)
    stored = {uuid: (name, role, email, phone, partner) for uuid, name, role, email, phone, partner
              in demo_con.execute("SELECT c.uuid, c.full_name, c.role, c.email, c.phone, p.name "
                                  "FROM contact c JOIN partner p ON p.id = c.partner_id")}
    assert result.count == len(found) == len(stored) > 100 and result.format == "vCard"
    assert b"\r\n" in out.read_bytes()
    for card in found:
        assert card.version.value == "3.0"
        name, role, email, phone, partner = stored[card.uid.value.removeprefix("urn:uuid:")]
        assert card.fn.value == name
        assert f"{card.n.value.given} {card.n.value.family}" == name
        assert card.org.value == [partner]
        assert card.title.value == role
        assert card.email.value == email and "WORK" in card.email.params["TYPE"]
        if phone:
            assert card.tel.value == phone and "WORK" in card.tel.params["TYPE"]
        else:
            assert "tel" not in card.contents


def test_one_partner_cards_are_stable(demo_con, tmp_path):
    options = exchange.Options(partner="Mairie de Montbrézac")
    exchange.export(demo_con, "contacts", tmp_path / "a.vcf", options, record=False)
    exchange.export(demo_con, "contacts", tmp_path / "b.vcf", options, record=False)
    assert (tmp_path / "a.vcf").read_bytes() == (tmp_path / "b.vcf").read_bytes()
    found = cards(tmp_path / "a.vcf")
    assert found and {c.org.value[0] for c in found} == {"Mairie de Montbrézac"}
    assert {c.categories.value[0] for c in found} == {"Commune / maire"}


def test_special_characters_are_escaped(con, tmp_path):
    partners.save(con, Partner(name="Dupont, Durand; Associés \\ Cie", category_code="AUTRE"),
                  [Contact(full_name="DE LA TOUR Marie-Hélène", role="Cheffe de service, FSL;\nsuite",
                           email="mh.delatour@exemple.fr", phone="02 99 00 00 00"),
                   Contact(full_name="Jean-Pierre Le Goff", role="", email="")])
    out = tmp_path / "c.vcf"
    exchange.export(con, "contacts", out, record=False)
    text = out.read_bytes().decode("utf-8")
    assert "ORG:Dupont\\, Durand\\; Associés \\\\ Cie\r\n" in text
    assert "TITLE:Cheffe de service\\, FSL\\;\\nsuite\r\n" in text
    first, second = cards(out)
    assert first.fn.value == "DE LA TOUR Marie-Hélène"
    assert (first.n.value.family, first.n.value.given) == ("DE LA TOUR", "Marie-Hélène")
    assert first.title.value == "Cheffe de service, FSL;\nsuite"
    assert first.org.value == ["Dupont, Durand; Associés \\ Cie"]
    assert (second.n.value.family, second.n.value.given) == ("Le Goff", "Jean-Pierre")
    assert "email" not in second.contents and "title" not in second.contents


@pytest.mark.parametrize("name, expected", [
    ("Marie Dupont", ("Dupont", "Marie")),
    ("DUPONT Marie", ("DUPONT", "Marie")),
    ("Jean-Pierre Le Goff", ("Le Goff", "Jean-Pierre")),
    ("Dupont", ("Dupont", "")),
    ("  ", ("", "")),
    ("Marie DUPONT", ("DUPONT", "Marie")),
])
def test_split_name(name, expected):
    assert split_name(name) == expected
