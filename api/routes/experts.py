"""Who knows most about a topic, with the evidence."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep, Viewer
from api.routes.params import Id, Limit
from api.schemas import ExpertsPublic
from graph.errors import NotFound
from graph.services.experts import experts_for

router = APIRouter(tags=["experts"])


@router.get("/experts", response_model=ExpertsPublic)
def find_experts(
    store: StoreDep,
    user: Viewer,
    q: Annotated[str, Query(min_length=1, max_length=500, description="A question or topic.")],
    limit: Limit = 10,
    as_of: Annotated[
        datetime | None,
        Query(
            description="Rank with only what happened before this instant (ISO-8601; "
            "no zone means UTC), e.g. who was our expert on this last spring."
        ),
    ] = None,
) -> ExpertsPublic:
    """Employees with topical evidence on `q`, best first; every score explains itself."""
    return ExpertsPublic(query=q, items=experts_for(store, q, limit=limit, as_of=as_of))


@router.get("/concepts/{concept_id}/experts", response_model=ExpertsPublic)
def concept_experts(
    concept_id: Id, store: StoreDep, user: Viewer, limit: Limit = 10
) -> ExpertsPublic:
    """Employees ranked by their evidence on one concept (and its taxonomy neighbours)."""
    if not concept_id.startswith("concept:"):
        raise NotFound(f"no concept with id {concept_id!r}")
    return ExpertsPublic(query=concept_id, items=experts_for(store, concept_id, limit=limit))
