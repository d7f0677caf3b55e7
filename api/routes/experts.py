"""Who knows most about a topic, with the evidence."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import AfterValidator, BeforeValidator

from api.deps import StoreDep, Viewer
from api.routes.params import Id, Limit
from api.schemas import ExpertsPublic
from graph.errors import NotFound
from graph.services.experts import experts_for

router = APIRouter(tags=["experts"])

_ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}.*)?")


def _iso_instant(value: Any) -> Any:
    """An instant only as ISO-8601 (not a number of seconds, which pydantic would take)."""
    if isinstance(value, str) and not _ISO_INSTANT.fullmatch(value):
        raise ValueError("an instant is written YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][zone]")
    return value


def _in_utc(value: datetime | None) -> datetime | None:
    """In UTC (no zone means UTC); an instant beyond the calendar's ends is that end."""
    if value is None:
        return None
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        edge = datetime.min if moment.year == datetime.min.year else datetime.max
        return edge.replace(tzinfo=UTC)


AsOf = Annotated[
    datetime | None,
    BeforeValidator(_iso_instant),
    AfterValidator(_in_utc),
    Query(
        description="Rank with only what happened before this instant (ISO-8601; "
        "no zone means UTC), e.g. who was our expert on this last spring."
    ),
]


@router.get("/experts", response_model=ExpertsPublic)
def find_experts(
    store: StoreDep,
    user: Viewer,
    q: Annotated[str, Query(min_length=1, max_length=500, description="A question or topic.")],
    limit: Limit = 10,
    as_of: AsOf = None,
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
