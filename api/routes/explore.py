"""Reads the web app needs and any client may use: search everything, an interaction, a
fact's evidence in its message, a node's neighbourhood, an account's timeline, and the
review queue with a curator's filters."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import StoreDep, Viewer
from api.routes.params import Id, Limit, OffsetCursor, comma_separated, one_of
from graph.errors import InvalidRecord
from graph.model import FACT_TYPES, LABELS, RELATIONSHIP_TYPES, InteractionKind, ReviewStatus
from graph.services.concept_support import ConceptProposalsPage, concept_proposals
from graph.services.interactions import (
    FactEvidence,
    InteractionDetail,
    fact_evidence,
    interaction_detail,
)
from graph.services.neighbourhood import Neighbourhood, neighbourhood
from graph.services.review import ReviewPage, ReviewSort, review_queue
from graph.services.search import SEARCH_LABELS, SearchHit, search_everything
from graph.services.timeline import TimelinePage, account_timeline

router = APIRouter(tags=["explore"])

Relation = Literal[FACT_TYPES]  # type: ignore[valid-type]


class SearchPublic(BaseModel):
    """Things found by name, alias, address or domain, best first; `match` says how."""

    query: str
    items: list[SearchHit]


@router.get("/search", response_model=SearchPublic)
def search(
    store: StoreDep,
    user: Viewer,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to look for.")],
    types: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Comma-separated labels, e.g. `Account,Contact`.",
            json_schema_extra={"pattern": comma_separated(SEARCH_LABELS)},
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchPublic:
    """Accounts, contacts, employees, products and concepts, typos forgiven."""
    labels = SEARCH_LABELS
    if types:
        labels = tuple(types.split(","))
        unknown = [t for t in labels if t not in SEARCH_LABELS]
        if unknown:
            raise InvalidRecord(
                f"types: {', '.join(unknown)} cannot be searched; use {', '.join(SEARCH_LABELS)}"
            )
    return SearchPublic(query=q, items=search_everything(store, q, labels, limit))


@router.get("/interactions/{interaction_id}", response_model=InteractionDetail)
def get_interaction(interaction_id: Id, store: StoreDep, user: Viewer) -> InteractionDetail:
    """A message, call or note: its text and who took part."""
    return interaction_detail(store, interaction_id)


@router.get("/facts/{fact_id}/evidence", response_model=FactEvidence)
def get_fact_evidence(fact_id: Id, store: StoreDep, user: Viewer) -> FactEvidence:
    """A fact with each piece of evidence in its message: the sentence's offsets in the
    text, the message, who wrote it and when."""
    return fact_evidence(store, fact_id)


@router.get("/graph/neighbourhood", response_model=Neighbourhood)
def get_neighbourhood(
    store: StoreDep,
    user: Viewer,
    id: Annotated[str, Query(min_length=1, max_length=500, description="A node's id.")],
    label: Annotated[
        str | None,
        Query(
            max_length=50,
            description="Its label, if known.",
            json_schema_extra={"pattern": one_of(LABELS)},
        ),
    ] = None,
    hops: Annotated[int, Query(ge=1, le=2)] = 1,
    types: Annotated[
        str | None,
        Query(
            max_length=500,
            description="Comma-separated relationship types.",
            json_schema_extra={"pattern": comma_separated(RELATIONSHIP_TYPES)},
        ),
    ] = None,
    max_nodes: Annotated[int, Query(ge=2, le=500)] = 200,
) -> Neighbourhood:
    """Nodes and relationships within one or two hops of a node."""
    wanted = types.split(",") if types else None
    return neighbourhood(store, id, label, hops, wanted, max_nodes)


@router.get("/accounts/{account_id}/timeline", response_model=TimelinePage)
def get_account_timeline(
    account_id: Id,
    store: StoreDep,
    user: Viewer,
    kind: InteractionKind | None = None,
    person: Annotated[str | None, Query(max_length=500, description="A person's id.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: OffsetCursor = None,
) -> TimelinePage:
    """Every interaction about the account or with its contacts, newest first."""
    return account_timeline(
        store, account_id, kind.value if kind else None, person, limit=limit, cursor=cursor
    )


@router.get("/review/concepts", response_model=ConceptProposalsPage)
def get_concept_proposals(
    store: StoreDep,
    user: Viewer,
    limit: Limit = 50,
    cursor: OffsetCursor = None,
) -> ConceptProposalsPage:
    """Proposed concepts, most supported first: in how many interactions, by how many
    writers, and whether the text defines it (an acronym spelled out). A phrase becomes a
    proposal only with support: two interactions by two writers, or a definition."""
    return concept_proposals(store, limit=limit, cursor=cursor)


@router.get("/review/facts", response_model=ReviewPage)
def get_review_queue(
    store: StoreDep,
    user: Viewer,
    status: ReviewStatus | None = ReviewStatus.PROPOSED,
    relation: Annotated[Relation | None, Query(description="A fact type.")] = None,
    account: Annotated[str | None, Query(max_length=500, description="An account's id.")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    max_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    sort: ReviewSort = "confidence",
    limit: Limit = 50,
    cursor: OffsetCursor = None,
) -> ReviewPage:
    """Facts to review, filtered, sorted by confidence or by support, with evidence."""
    return review_queue(
        store,
        status=status.value if status else None,
        relation=relation,
        account=account or None,
        min_confidence=min_confidence,
        max_confidence=max_confidence,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
