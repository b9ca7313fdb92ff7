"""Feedback campaigns, their questionnaire items, and anonymous responses with answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Literal, NamedTuple

from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.domain.models import Campaign, CampaignItem, Response, Score
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


ITEMS_LOCKED = ("La campagne a déjà des réponses : ses questions ne peuvent plus être "
                "modifiées.")


def has_responses(con: sqlite3.Connection, campaign_id: int) -> bool:
    """True once the campaign holds a response: its questions are then fixed."""
    return con.execute("SELECT 1 FROM response WHERE campaign_id = ? LIMIT 1",
                       (campaign_id,)).fetchone() is not None


def _check_editable(con: sqlite3.Connection, campaign_id: int) -> None:
    mapper.get(con, Campaign, campaign_id)  # NotFoundError if it is gone
    if has_responses(con, campaign_id):
        raise ValidationError(FieldError("", ITEMS_LOCKED))


def _renumber(con: sqlite3.Connection, ordered: list[CampaignItem]) -> None:
    """Positions 1, 2, 3… in the given order; only rows whose position changes are written."""
    stamp = mapper.now_utc()
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.updated_at = stamp
            con.execute("UPDATE campaign_item SET position = ?, updated_at = ? WHERE id = ?",
                        (position, stamp, item.id))


def add_item(con: sqlite3.Connection, campaign_id: int, label: str,
             code: str = "") -> CampaignItem:
    """A new question at the end of the questionnaire (refused once answers exist)."""
    with transaction(con):
        _check_editable(con, campaign_id)
        items = items_of(con, campaign_id)
        _renumber(con, items)
        return mapper.insert(con, CampaignItem(campaign_id=campaign_id, code=code.strip(),
                                               label_text=label.strip(),
                                               position=len(items) + 1))


def rename_item(con: sqlite3.Connection, item_id: int, label: str) -> CampaignItem:
    """Give a question a new wording (refused once answers exist, or if another has it)."""
    with transaction(con):
        item = mapper.get(con, CampaignItem, item_id)
        _check_editable(con, item.campaign_id)
        item.label_text = label.strip()
        return mapper.update(con, item)


def move_item(con: sqlite3.Connection, item_id: int,
              to: int | Literal["up", "down"]) -> list[CampaignItem]:
    """Move a question one place ``"up"`` or ``"down"``, or to the 1-based position ``to``
    (clamped to the questionnaire); returns the items in their new order."""
    with transaction(con):
        item = mapper.get(con, CampaignItem, item_id)
        _check_editable(con, item.campaign_id)
        items = items_of(con, item.campaign_id)
        index = next(i for i, other in enumerate(items) if other.id == item_id)
        if to == "up":
            target = index - 1
        elif to == "down":
            target = index + 1
        elif isinstance(to, int) and not isinstance(to, bool):
            target = to - 1
        else:
            raise ValueError(f"move_item(): unknown destination {to!r}")
        target = max(0, min(target, len(items) - 1))
        items.insert(target, items.pop(index))
        _renumber(con, items)
    return items


def delete_item(con: sqlite3.Connection, item_id: int) -> None:
    """Remove a question; the ones after it move up (refused once answers exist)."""
    with transaction(con):
        item = mapper.get(con, CampaignItem, item_id)
        _check_editable(con, item.campaign_id)
        mapper.delete(con, CampaignItem, item_id)
        _renumber(con, items_of(con, item.campaign_id))


def add_response(con: sqlite3.Connection, response: Response) -> Response:
    """Store a response and its per-item answers as one action."""
    _check_response(con, response)
    with transaction(con):
        mapper.insert(con, response)
        _insert_answers(con, response)
    return response


def save_response(con: sqlite3.Connection, response: Response) -> Response:
    """Store a new response, or overwrite a stored one and replace all its answers.

    A corrected paper questionnaire is re-keyed as a whole, so its answers are
    replaced rather than merged: an item cleared in the form is « sans réponse »."""
    if response.id is None:
        return add_response(con, response)
    _check_response(con, response)
    with transaction(con):
        mapper.update(con, response)
        con.execute("DELETE FROM answer WHERE response_id = ?", (response.id,))
        _insert_answers(con, response)
    return response


def _check_response(con: sqlite3.Connection, response: Response) -> None:
    response.check()
    item_ids = {item.id for item in items_of(con, response.campaign_id)}
    foreign = [item for item in response.answers if item not in item_ids]
    if foreign:
        raise ValidationError(FieldError("answers", "« Réponses » : une question ne fait pas "
                                                    "partie de cette campagne."))


def _insert_answers(con: sqlite3.Connection, response: Response) -> None:
    con.executemany(
        "INSERT INTO answer(response_id, item_id, score, not_concerned) VALUES (?, ?, ?, ?)",
        [(response.id, item, None if score == NOT_CONCERNED else score,
          int(score == NOT_CONCERNED)) for item, score in response.answers.items()])


def get_response(con: sqlite3.Connection, response_id: int) -> Response:
    """One response with its answers (NotFoundError if it is gone)."""
    response = mapper.get(con, Response, response_id)
    for item_id, score, not_concerned in con.execute(
            "SELECT item_id, score, not_concerned FROM answer WHERE response_id = ?",
            (response_id,)):
        response.answers[item_id] = NOT_CONCERNED if not_concerned else score
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


class ResponseRow(NamedTuple):
    """A response as the list shows it.

    A campaign may hold 100,000 responses (a regional file): rows are read in one
    query, answers aggregated per response, never one query per row; and a row is a
    tuple, built in a third of the time of a frozen dataclass."""

    id: int
    responded_on: date | None
    category_code: str
    category_label: str
    department_code: str
    overall_score: int | None
    scores: tuple[Score | None, ...]
    """One per campaign item, in questionnaire order: 1–5, NOT_CONCERNED, or None (no answer)."""
    comment: str
    origin: str
    origin_file: str
    origin_row: int | None


def response_rows(con: sqlite3.Connection, campaign_id: int) -> list[ResponseRow]:
    """Every response of a campaign with its answers, in entry order."""
    return list(iter_response_rows(con, campaign_id))


_SCORE_CODE = 8
"""An answer travels as ``item_id * 8 + score`` (0 for « non concerné »): one number, which
SQLite turns into text far faster than it joins ``item_id || ':' || score``."""


def iter_response_rows(con: sqlite3.Connection, campaign_id: int, newest_first: bool = False,
                       only: int | None = None) -> Iterator[ResponseRow]:
    """The responses of a campaign with their answers, in entry order or newest first, as
    SQLite reads them: the first come before the last are read (the index on the campaign
    keeps them in entry order, nothing is sorted first), so that a list shows them at once.
    With ``only``, that response's row alone (none if it is gone or of another campaign),
    for a list updating one row after a save."""
    items = items_of(con, campaign_id)
    blank: list[Score | None] = [None] * len(items)
    answers_of = {str(item.id * _SCORE_CODE + score): (slot, score or NOT_CONCERNED)
                  for slot, item in enumerate(items) for score in range(6)}
    labels = dict(con.execute("SELECT code, label FROM partner_category"))
    days: dict[str, date] = {}
    cursor = con.cursor()
    cursor.row_factory = None  # plain tuples, unpacked below
    # group_concat cannot order its input before SQLite 3.44: each answer carries its
    # item id and is put in its slot here.
    cursor.execute(f"""
        SELECT r.id, r.responded_on, r.category_code, r.department_code, r.overall_score,
               r.comment, r.origin, r.origin_file, r.origin_row,
               (SELECT group_concat(a.item_id * {_SCORE_CODE} + coalesce(a.score, 0))
                FROM answer a WHERE a.response_id = r.id)
        FROM response r WHERE r.campaign_id = ? {"AND r.id = ?" if only is not None else ""}
        ORDER BY r.id {"DESC" if newest_first else "ASC"}""",
                   (campaign_id,) if only is None else (campaign_id, only))
    for (rid, responded_on, category_code, department_code, overall, comment, origin,
         origin_file, origin_row, answers) in cursor:
        scores = blank.copy()
        if answers:
            for answer in answers.split(","):
                slot_score = answers_of.get(answer)
                if slot_score is not None:
                    scores[slot_score[0]] = slot_score[1]
        day = days.get(responded_on)
        if day is None and responded_on:
            day = days[responded_on] = date.fromisoformat(responded_on)
        yield ResponseRow(rid, day, category_code, labels[category_code], department_code,
                          overall, tuple(scores), comment, origin, origin_file, origin_row)
