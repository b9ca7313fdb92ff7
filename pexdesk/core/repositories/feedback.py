"""Feedback campaigns, their questionnaire items, and anonymous responses with answers."""

from __future__ import annotations

import sqlite3

from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.models import NOT_CONCERNED, Campaign, CampaignItem, Response
from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.repositories import mapper


def campaigns(con: sqlite3.Connection) -> list[Campaign]:
    return mapper.select(con, Campaign, order="period_start DESC, id DESC")


def find_campaign(con: sqlite3.Connection, name: str) -> Campaign | None:
    found = mapper.select(con, Campaign, "name = ? COLLATE NOCASE", (name.strip(),))
    return found[0] if found else None


def create_campaign(con: sqlite3.Connection, campaign: Campaign,
                    item_labels: list[str | tuple[str, str]]) -> Campaign:
    """A campaign and its items, in questionnaire order; an item is a label or (code, label)."""
    with transaction(con):
        mapper.insert(con, campaign)
        for position, item in enumerate(item_labels, start=1):
            code, label = item if isinstance(item, tuple) else ("", item)
            mapper.insert(con, CampaignItem(campaign_id=campaign.id, code=code, label_text=label,
                                            position=position))
    return campaign


def items_of(con: sqlite3.Connection, campaign_id: int) -> list[CampaignItem]:
    return mapper.select(con, CampaignItem, "campaign_id = ?", (campaign_id,),
                         order="position, id")


def add_response(con: sqlite3.Connection, response: Response) -> Response:
    """Store a response and its per-item answers as one action."""
    response.check()
    item_ids = {item.id for item in items_of(con, response.campaign_id)}
    foreign = [item for item in response.answers if item not in item_ids]
    if foreign:
        raise ValidationError(FieldError("answers", "« Réponses » : une question ne fait pas "
                                                    "partie de cette campagne."))
    with transaction(con):
        mapper.insert(con, response)
        con.executemany(
            "INSERT INTO answer(response_id, item_id, score, not_concerned) VALUES (?, ?, ?, ?)",
            [(response.id, item, None if score == NOT_CONCERNED else score,
              int(score == NOT_CONCERNED)) for item, score in response.answers.items()])
    return response


def responses_of(con: sqlite3.Connection, campaign_id: int) -> list[Response]:
    responses = mapper.select(con, Response, "campaign_id = ?", (campaign_id,), order="id")
    by_id = {r.id: r for r in responses}
    for row in con.execute(
            "SELECT a.response_id, a.item_id, a.score, a.not_concerned FROM answer a "
            "JOIN response r ON r.id = a.response_id WHERE r.campaign_id = ?", (campaign_id,)):
        by_id[row[0]].answers[row[1]] = NOT_CONCERNED if row[3] else row[2]
    return responses


def delete_response(con: sqlite3.Connection, response_id: int) -> None:
    mapper.delete(con, Response, response_id)
