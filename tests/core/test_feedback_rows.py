"""The response list's rows: one query, answers put back in questionnaire order."""

from __future__ import annotations

from datetime import date

from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.domain.models import Campaign, Response
from pexdesk.core.repositories import feedback


def test_rows_carry_answers_in_item_order_with_nc_and_missing(con):
    first = feedback.create_campaign(con, Campaign(name="2024"), ["A", "B", "C"])
    other = feedback.create_campaign(con, Campaign(name="2025"), ["Seule question"])
    a, b, c = (item.id for item in feedback.items_of(con, first.id))
    [only] = (item.id for item in feedback.items_of(con, other.id))
    kept = feedback.add_response(con, Response(
        campaign_id=first.id, responded_on=date(2024, 5, 2), category_code="CAF",
        department_code="35", overall_score=4, comment="Utile.",
        answers={c: 2, a: NOT_CONCERNED}))
    feedback.add_response(con, Response(campaign_id=first.id, category_code="CCAS",
                                        department_code="35"))
    feedback.add_response(con, Response(campaign_id=other.id, category_code="CAF",
                                        department_code="35", answers={only: 5}))

    rows = feedback.response_rows(con, first.id)
    assert [row.id for row in rows] == [kept.id, kept.id + 1]
    row = rows[0]
    assert row.scores == (NOT_CONCERNED, None, 2)
    assert (row.responded_on, row.category_code, row.category_label, row.department_code,
            row.overall_score, row.comment, row.origin) == (
        date(2024, 5, 2), "CAF", "CAF", "35", 4, "Utile.", "SAISIE")
    assert rows[1].scores == (None, None, None) and rows[1].responded_on is None
    assert [r.scores for r in feedback.response_rows(con, other.id)] == [(5,)]


def test_rows_come_newest_first_the_first_before_the_others_are_read(con):
    """A long campaign's list shows its first rows while SQLite reads on: the first row
    must not wait for all of them to be read and sorted."""
    from pexdesk.core.db.connection import transaction

    campaign = feedback.create_campaign(con, Campaign(name="2024"), ["A", "B"])
    other = feedback.create_campaign(con, Campaign(name="2025"), ["Seule question"])
    a, _ = (item.id for item in feedback.items_of(con, campaign.id))
    with transaction(con):
        for n in range(300):
            feedback.add_response(con, Response(
                campaign_id=campaign.id if n % 3 else other.id, category_code="CAF",
                department_code="35", comment=f"Réponse {n}",
                answers={a: n % 5 + 1} if n % 3 else {}))
    steps = []
    con.set_progress_handler(lambda: steps.append(1), 20)

    rows = feedback.iter_response_rows(con, campaign.id, newest_first=True)
    first = next(rows)
    to_first = len(steps)
    listed = [first, *rows]
    con.set_progress_handler(None, 0)

    assert [row.id for row in listed] == sorted(
        (r.id for r in feedback.responses_of(con, campaign.id)), reverse=True)
    assert [row.comment for row in listed[:2]] == ["Réponse 299", "Réponse 298"]
    assert listed[0].scores == (299 % 5 + 1, None)
    assert to_first * 20 < len(steps)


def test_saving_a_stored_response_replaces_its_answers(con):
    campaign = feedback.create_campaign(con, Campaign(name="2024"), ["A", "B"])
    a, b = (item.id for item in feedback.items_of(con, campaign.id))
    response = feedback.add_response(con, Response(
        campaign_id=campaign.id, category_code="CAF", department_code="35",
        answers={a: 3, b: NOT_CONCERNED}))
    response.answers = {b: 5}
    response.overall_score = 2
    feedback.save_response(con, response)
    stored = feedback.get_response(con, response.id)
    assert (stored.answers, stored.overall_score, stored.uuid) == ({b: 5}, 2, response.uuid)
