"""A campaign's questions: added, renamed, reordered, deleted until answers exist."""

from __future__ import annotations

import pytest

from pexdesk.core.domain.models import Campaign, Response
from pexdesk.core.errors import NotFoundError, ValidationError
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback

LOCKED = "La campagne a déjà des réponses : ses questions ne peuvent plus être modifiées."


@pytest.fixture
def campaign(con):
    return feedback.create_campaign(con, Campaign(name="Enquête 2025"), ["A", "B", "C"])


def labels(con, campaign) -> list[str]:
    return [item.label_text for item in feedback.items_of(con, campaign.id)]


def positions(con, campaign) -> list[int]:
    return [item.position for item in feedback.items_of(con, campaign.id)]


def answered(con, campaign) -> None:
    feedback.add_response(con, Response(campaign_id=campaign.id, category_code="CAF",
                                        department_code="35", overall_score=4))


def test_default_template_carries_the_anil_items(con):
    created = feedback.create_campaign(con, Campaign(name="ANIL"),
                                       [(item.code, item.label) for item in ANIL_ITEMS])
    items = feedback.items_of(con, created.id)
    assert [(i.code, i.label_text) for i in items] == [(i.code, i.label) for i in ANIL_ITEMS]
    assert [i.position for i in items] == list(range(1, len(ANIL_ITEMS) + 1))


def test_add_item_goes_at_the_end(con, campaign):
    added = feedback.add_item(con, campaign.id, "  Prévention des impayés ", code="M_IMP")
    assert (added.label_text, added.code, added.position) == ("Prévention des impayés", "M_IMP", 4)
    assert labels(con, campaign) == ["A", "B", "C", "Prévention des impayés"]
    assert positions(con, campaign) == [1, 2, 3, 4]


def test_add_item_with_a_duplicate_label_is_refused(con, campaign, row_counts):
    before = row_counts(con)
    with pytest.raises(ValidationError) as caught:
        feedback.add_item(con, campaign.id, "b")
    assert str(caught.value) == "La campagne contient déjà la question « b »."
    assert caught.value.field == "label_text"
    assert row_counts(con) == before


def test_add_item_with_an_empty_label_is_refused(con, campaign):
    with pytest.raises(ValidationError):
        feedback.add_item(con, campaign.id, "   ")
    assert labels(con, campaign) == ["A", "B", "C"]


def test_same_label_in_another_campaign_is_fine(con, campaign):
    other = feedback.create_campaign(con, Campaign(name="Autre"), ["X"])
    feedback.add_item(con, other.id, "A")
    assert labels(con, other) == ["X", "A"]


def test_rename_item(con, campaign):
    first = feedback.items_of(con, campaign.id)[0]
    renamed = feedback.rename_item(con, first.id, " Accueil ")
    assert renamed.label_text == "Accueil"
    stored = feedback.items_of(con, campaign.id)[0]
    assert (stored.id, stored.uuid, stored.label_text, stored.position) == (
        first.id, first.uuid, "Accueil", 1)


def test_rename_to_another_items_label_is_refused(con, campaign):
    first = feedback.items_of(con, campaign.id)[0]
    with pytest.raises(ValidationError) as caught:
        feedback.rename_item(con, first.id, "C")
    assert str(caught.value) == "La campagne contient déjà la question « C »."
    assert labels(con, campaign) == ["A", "B", "C"]


def test_rename_changing_only_the_case_is_allowed(con, campaign):
    first = feedback.items_of(con, campaign.id)[0]
    feedback.rename_item(con, first.id, "a")
    assert labels(con, campaign) == ["a", "B", "C"]


def test_move_up_and_down(con, campaign):
    a, b, c = feedback.items_of(con, campaign.id)
    feedback.move_item(con, c.id, "up")
    assert labels(con, campaign) == ["A", "C", "B"]
    feedback.move_item(con, a.id, "down")
    assert labels(con, campaign) == ["C", "A", "B"]
    assert positions(con, campaign) == [1, 2, 3]
    # At either end nothing moves.
    feedback.move_item(con, c.id, "up")
    feedback.move_item(con, b.id, "down")
    assert labels(con, campaign) == ["C", "A", "B"]


def test_move_to_a_position(con, campaign):
    a, b, c = feedback.items_of(con, campaign.id)
    ordered = feedback.move_item(con, a.id, 3)
    assert [i.label_text for i in ordered] == ["B", "C", "A"]
    assert labels(con, campaign) == ["B", "C", "A"]
    feedback.move_item(con, a.id, 1)
    assert labels(con, campaign) == ["A", "B", "C"]
    feedback.move_item(con, c.id, 99)  # clamped to the end
    feedback.move_item(con, b.id, 0)   # clamped to the start
    assert labels(con, campaign) == ["B", "A", "C"]
    assert positions(con, campaign) == [1, 2, 3]


def test_delete_item_keeps_positions_contiguous(con, campaign):
    a, b, c = feedback.items_of(con, campaign.id)
    feedback.delete_item(con, b.id)
    assert labels(con, campaign) == ["A", "C"]
    assert positions(con, campaign) == [1, 2]
    added = feedback.add_item(con, campaign.id, "D")
    assert added.position == 3
    with pytest.raises(NotFoundError):
        feedback.delete_item(con, b.id)


def test_every_change_is_refused_once_the_campaign_has_answers(con, campaign, row_counts):
    answered(con, campaign)
    a, b, c = feedback.items_of(con, campaign.id)
    before = row_counts(con)
    for change in (lambda: feedback.add_item(con, campaign.id, "D"),
                   lambda: feedback.rename_item(con, a.id, "Accueil"),
                   lambda: feedback.move_item(con, c.id, "up"),
                   lambda: feedback.move_item(con, c.id, 1),
                   lambda: feedback.delete_item(con, b.id)):
        with pytest.raises(ValidationError) as caught:
            change()
        assert str(caught.value) == LOCKED
    assert row_counts(con) == before
    assert labels(con, campaign) == ["A", "B", "C"]
    assert positions(con, campaign) == [1, 2, 3]
    assert feedback.has_responses(con, campaign.id)


def test_another_campaigns_answers_do_not_lock(con, campaign):
    other = feedback.create_campaign(con, Campaign(name="Autre"), ["X"])
    answered(con, other)
    assert not feedback.has_responses(con, campaign.id)
    feedback.add_item(con, campaign.id, "D")
    assert labels(con, campaign) == ["A", "B", "C", "D"]


def test_a_failed_change_leaves_no_half_done_renumbering(con, campaign):
    # Positions made non-contiguous behind the repository's back: a refused add must
    # not keep the renumbering it started.
    con.execute("UPDATE campaign_item SET position = position * 10")
    with pytest.raises(ValidationError):
        feedback.add_item(con, campaign.id, "a")
    assert positions(con, campaign) == [10, 20, 30]
