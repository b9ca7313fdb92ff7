"""The rows of the lists, read whole or one at a time: a list updating the row of a record
it saved puts it where reading the list again would, by the order key beside each query."""

from __future__ import annotations

from datetime import date

from pexdesk.core.domain.models import Action, Partner
from pexdesk.core.repositories import feedback, meetings, partners, roadmap
from tests.core.exchange_helpers import DEMO_TODAY


def test_each_list_reads_its_rows_in_the_order_of_its_key_and_one_alone(demo_con):
    campaign = feedback.campaigns(demo_con)[0].id
    lists = [
        (lambda only=None: partners.partner_rows(demo_con, only), partners.partner_row_order),
        (lambda only=None: meetings.meeting_rows(demo_con, only), meetings.meeting_row_order),
        (lambda only=None: roadmap.action_rows(demo_con, DEMO_TODAY, only),
         roadmap.action_row_order),
        (lambda only=None: list(feedback.iter_response_rows(demo_con, campaign, True, only)),
         lambda row: -row.id),
    ]
    for rows_of, order in lists:
        rows = rows_of()
        assert len(rows) > 5
        assert rows == sorted(rows, key=order)
        assert len({order(row) for row in rows}) == len(rows)  # no ties: one place each
        for row in (rows[0], rows[len(rows) // 2], rows[-1]):
            assert rows_of(row.id) == [row]
        assert rows_of(max(row.id for row in rows) + 1) == []


def test_partners_are_ordered_as_sqlite_folds_their_names(con):
    """NOCASE folds A–Z only, then compares code points: « Émile » sorts after every
    « z », « Zoé » before « zèbre »."""
    for name in ("zèbre", "Émile", "alpha", "Zoé", "ALPINE", "zoo"):
        partners.save(con, Partner(name=name, category_code="CAF"))
    rows = partners.partner_rows(con)
    assert [row.name for row in rows] == ["alpha", "ALPINE", "zoo", "Zoé", "zèbre", "Émile"]
    assert rows == sorted(rows, key=partners.partner_row_order)


def test_actions_come_by_axis_then_due_date_the_undated_last(con):
    first, second = roadmap.axes(con)[:2]
    for axis, title, due in ((second, "B", date(2025, 1, 1)), (first, "sans date", None),
                             (first, "tard", date(2026, 3, 1)), (first, "tôt", date(2025, 2, 1)),
                             (first, "aussi tôt", date(2025, 2, 1))):
        roadmap.save_action(con, Action(axis_id=axis.id, title=title, due_on=due))
    rows = roadmap.action_rows(con, date(2025, 6, 16))
    assert [row.title for row in rows] == ["tôt", "aussi tôt", "tard", "sans date", "B"]
    assert rows == sorted(rows, key=roadmap.action_row_order)
