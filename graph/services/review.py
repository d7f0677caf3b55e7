"""The fact review queue as curators work it: filtered by account, relation, confidence
and status; sorted by confidence (most sure first) or by support (most evidence first)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from graph.model import FACT_TYPES
from graph.queries import review as queries
from graph.services.listing import FactDetail, fact_detail
from graph.services.timeline import decode_offset, encode_offset
from graph.stores.base import GraphStore

ReviewSort = Literal["confidence", "support"]


class ReviewItem(FactDetail):
    support: int


class ReviewPage(BaseModel):
    items: list[ReviewItem]
    next_cursor: str | None


def review_queue(
    store: GraphStore,
    status: str | None = "proposed",
    relation: str | None = None,
    account: str | None = None,
    min_confidence: float | None = None,
    max_confidence: float | None = None,
    sort: ReviewSort = "confidence",
    limit: int = 50,
    cursor: str | None = None,
) -> ReviewPage:
    skip = decode_offset(cursor)
    params: dict[str, object] = {
        "fact_types": list(FACT_TYPES),
        "status": status,
        "relation": relation,
        "min_confidence": min_confidence,
        "max_confidence": max_confidence,
        "by_support": sort == "support",
        "skip": skip,
        "limit": limit + 1,
    }
    if account:
        rows = store.read(queries.REVIEW_QUEUE_OF_ACCOUNT, {**params, "account": account})
    else:
        rows = store.read(queries.REVIEW_QUEUE, params)
    items = [
        ReviewItem(**fact_detail(row).model_dump(), support=int(row["support"] or 0))
        for row in rows[:limit]
    ]
    more = len(rows) > limit
    return ReviewPage(items=items, next_cursor=encode_offset(skip + limit) if more else None)
