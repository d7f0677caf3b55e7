"""The fact review queue: proposed facts with their evidence, approved or rejected."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query

from api.deps import Curator, StoreDep, Viewer, WriteLock
from api.routes.params import Cursor, Id, Limit
from api.schemas import FactPublic, FactRejection, FactsPublic
from graph.model import FACT_TYPES, ReviewStatus
from graph.services.curation import review_fact
from graph.services.listing import FactDetail, FactsPage, fact_by_id, facts_page

router = APIRouter(prefix="/facts", tags=["facts"])

Relation = Literal[FACT_TYPES]  # type: ignore[valid-type]


@router.get("", response_model=FactsPublic)
def list_facts(
    store: StoreDep,
    user: Viewer,
    status: ReviewStatus = ReviewStatus.PROPOSED,
    relation: Annotated[Relation | None, Query(description="A fact type.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> FactsPage:
    """Facts with `status` (default: proposed, the review queue), by id."""
    return facts_page(store, status=status.value, relation=relation, limit=limit, cursor=cursor)


@router.get("/{fact_id}", response_model=FactPublic)
def get_fact(fact_id: Id, store: StoreDep, user: Viewer) -> FactDetail:
    return fact_by_id(store, fact_id)


@router.post("/{fact_id}/approve", response_model=FactPublic)
def approve(fact_id: Id, store: StoreDep, user: Curator, lock: WriteLock) -> FactDetail:
    """Approve a fact (curator)."""
    with lock:
        return review_fact(store, fact_id, ReviewStatus.APPROVED, actor=user.label)


@router.post("/{fact_id}/reject", response_model=FactPublic)
def reject(
    fact_id: Id,
    store: StoreDep,
    user: Curator,
    lock: WriteLock,
    review: Annotated[FactRejection | None, Body()] = None,
) -> FactDetail:
    """Reject a fact (curator): it stays, marked rejected, and answers leave it out; the
    optional `reason` goes to the audit log."""
    reason = review.reason if review else None
    with lock:
        return review_fact(store, fact_id, ReviewStatus.REJECTED, actor=user.label, reason=reason)


@router.post("/{fact_id}/reopen", response_model=FactPublic)
def reopen(fact_id: Id, store: StoreDep, user: Curator, lock: WriteLock) -> FactDetail:
    """Send a reviewed fact back to the queue as proposed (curator)."""
    with lock:
        return review_fact(store, fact_id, ReviewStatus.PROPOSED, actor=user.label)
