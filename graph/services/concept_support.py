"""Concept proposals a curator can handle: a phrase found in text stays a candidate until
it has support (found in at least two interactions written by at least two people, or an
acronym the text defines); the review queue lists proposals by support, highest first."""

from __future__ import annotations

from pydantic import BaseModel

from graph.queries import concept_support as queries
from graph.services.timeline import decode_offset, encode_offset
from graph.stores.base import GraphStore
from graph.writes import utc_now

MIN_INTERACTIONS = 2
MIN_WRITERS = 2


class ConceptSupport(BaseModel):
    interactions: int
    writers: int
    defined: bool


class ConceptProposal(BaseModel):
    id: str
    name: str
    synonyms: list[str]
    status: str
    support: ConceptSupport


class ConceptProposalsPage(BaseModel):
    items: list[ConceptProposal]
    next_cursor: str | None


def promote_supported_concepts(store: GraphStore) -> int:
    """Make every candidate with enough support a proposal; the number promoted."""
    rows = store.write(
        queries.PROMOTE_SUPPORTED_CONCEPTS,
        {"min_interactions": MIN_INTERACTIONS, "min_writers": MIN_WRITERS, "now": utc_now()},
    )
    return int(rows[0]["promoted"]) if rows else 0


def concept_proposals(
    store: GraphStore, status: str = "proposed", limit: int = 50, cursor: str | None = None
) -> ConceptProposalsPage:
    """Concepts with `status`, most supported first (interactions, then writers)."""
    skip = decode_offset(cursor)
    rows = store.read(
        queries.CONCEPT_PROPOSALS, {"status": status, "skip": skip, "limit": limit + 1}
    )
    items = [
        ConceptProposal(
            id=row["id"],
            name=str(row["name"]),
            synonyms=[str(s) for s in row["synonyms"] or []],
            status=str(row["status"]),
            support=ConceptSupport(
                interactions=int(row["interactions"] or 0),
                writers=int(row["writers"] or 0),
                defined=bool(row["defined"]),
            ),
        )
        for row in rows[:limit]
    ]
    more = len(rows) > limit
    return ConceptProposalsPage(
        items=items, next_cursor=encode_offset(skip + limit) if more else None
    )


def concepts_by_status(store: GraphStore) -> dict[str, int]:
    return {str(r["status"]): int(r["concepts"]) for r in store.read(queries.CONCEPTS_BY_STATUS)}
