"""Tags typed twice with different case are one tag (regression: SQLite's IntegrityError leaked)."""

from __future__ import annotations

from pexdesk.core.domain.models import Partner
from pexdesk.core.repositories import partners


def test_tags_differing_only_in_case_are_one_tag(con):
    partner = partners.save(con, Partner(name="CAF de la Gironde", category_code="CAF"))

    partners.set_tags(con, partner.id, ["Bailleurs", " bailleurs", "BAILLEURS", "CCAPEX"])

    assert partners.tags_of(con, partner.id) == ["Bailleurs", "CCAPEX"]
