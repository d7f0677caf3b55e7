"""An account's timeline: every interaction about the account or with its contacts,
newest first, filtered by kind and by person, in pages."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from graph.errors import InvalidRecord
from graph.queries import timeline as queries
from graph.services.accounts import account_360_header
from graph.services.listing import decode_cursor, encode_cursor
from graph.stores.base import GraphStore


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
    rows = store.read(
        queries.ACCOUNT_TIMELINE,
        {"id": account_id, "kind": kind or None, "person": person or None, "skip": skip,
         "limit": limit + 1},
    )  # fmt: skip
    items = [
        TimelineEntry(
            id=row["id"],
            kind=row["kind"],
            subject=_text(row["subject"]),
            occurred_at=_text(row["occurred_at"]),
            snippet=str(row["snippet"] or ""),
            people=[
                TimelinePerson(id=str(p[0]), name=_text(p[1]), label=str(p[2]), role=_text(p[3]))
                for p in row["people"] or []
            ],
        )
        for row in rows[:limit]
    ]
    more = len(rows) > limit
    return TimelinePage(items=items, next_cursor=encode_cursor(str(skip + limit)) if more else None)


def decode_offset(cursor: str | None) -> int:
    """The position a page starts at, from a cursor of an offset-paged list."""
    raw = decode_cursor(cursor)
    if raw is None:
        return 0
    if not raw.isdigit():
        raise InvalidRecord("cursor: not a cursor this API handed out")
    return int(raw)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
