"""An account's timeline: every interaction about the account or with its contacts,
newest first, filtered by kind and by person, in pages."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from graph.errors import InvalidRecord
from graph.model import PEOPLE
from graph.queries import timeline as queries
from graph.services.accounts import account_360_header
from graph.stores.base import GraphStore

ROLE_ORDER = ["from", "author", "to", "attendee", "cc", "handler"]
# A cursor of an offset-paged list (this timeline, the review queue): the next offset.
OFFSET_CURSOR_PATTERN = r"^[0-9]{0,9}$"


class TimelinePerson(BaseModel):
    id: str
    name: str | None
    label: str
    role: str | None


class TimelineEntry(BaseModel):
    id: str
    kind: str | None
    subject: str | None
    occurred_at: str | None
    snippet: str
    people: list[TimelinePerson]


class TimelinePage(BaseModel):
    items: list[TimelineEntry]
    next_cursor: str | None


def account_timeline(
    store: GraphStore,
    account_id: str,
    kind: str | None = None,
    person: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> TimelinePage:
    """A page of the account's interactions, newest first; the cursor continues it."""
    account_360_header(store, account_id)
    skip = decode_offset(cursor)
    index = store.read(queries.ACCOUNT_INTERACTIONS, {"id": account_id})
    if kind:
        index = [row for row in index if row["kind"] == kind]
    if person:
        theirs = {
            row["id"]
            for label in PEOPLE
            for row in store.read(queries.person_interactions_query_name(label), {"id": person})
        }
        index = [row for row in index if row["id"] in theirs]
    index.sort(key=lambda row: (str(row["occurred_at"] or ""), str(row["id"])), reverse=True)
    page_ids = [str(row["id"]) for row in index[skip : skip + limit]]
    people = participants(store, page_ids)
    rows = {
        row["id"]: row for row in store.read(queries.INTERACTIONS_WITH_SNIPPETS, {"ids": page_ids})
    }
    items = [
        TimelineEntry(
            id=interaction_id,
            kind=rows[interaction_id]["kind"],
            subject=_text(rows[interaction_id]["subject"]),
            occurred_at=_text(rows[interaction_id]["occurred_at"]),
            snippet=str(rows[interaction_id]["snippet"] or ""),
            people=people.get(interaction_id, []),
        )
        for interaction_id in page_ids
        if interaction_id in rows
    ]
    more = len(index) > skip + limit
    return TimelinePage(items=items, next_cursor=encode_offset(skip + limit) if more else None)


def participants(store: GraphStore, interaction_ids: list[str]) -> dict[str, list[TimelinePerson]]:
    """Who took part in each interaction, authors first."""
    found: dict[str, list[TimelinePerson]] = defaultdict(list)
    if not interaction_ids:
        return found
    for label in PEOPLE:
        for row in store.read(queries.participants_query_name(label), {"ids": interaction_ids}):
            found[row["interaction_id"]].append(
                TimelinePerson(
                    id=row["id"], name=_text(row["name"]), label=label, role=_text(row["role"])
                )
            )
    for people in found.values():
        people.sort(
            key=lambda p: (ROLE_ORDER.index(p.role) if p.role in ROLE_ORDER else 9, p.name or p.id)
        )
    return found


def decode_offset(cursor: str | None) -> int:
    """The position a page starts at, from a cursor of an offset-paged list: the offset
    itself, in decimal (`OFFSET_CURSOR_PATTERN`)."""
    if not cursor:
        return 0
    if not re.fullmatch(OFFSET_CURSOR_PATTERN, cursor):
        raise InvalidRecord("cursor: not a cursor this API handed out")
    return int(cursor)


def encode_offset(offset: int) -> str:
    return str(offset)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
