"""Warm introductions: paths through people to a contact."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep, Viewer
from api.schemas import IntroPathsPublic
from graph.services.intro import warm_intro

router = APIRouter(prefix="/paths", tags=["paths"])


@router.get("/intro", response_model=IntroPathsPublic)
def intro_paths(
    store: StoreDep,
    user: Viewer,
    to: Annotated[str, Query(min_length=1, max_length=500, description="The contact's id.")],
    from_: Annotated[
        str | None,
        Query(alias="from", max_length=500, description="An employee's id; default: anyone."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=10)] = 3,
) -> IntroPathsPublic:
    """The best few paths from an employee to contact `to`, each link with the interactions
    behind it; with no path, `reason` says why."""
    answer = warm_intro(store, to, from_ or None, limit=limit)
    return IntroPathsPublic.model_validate(
        {
            "to": to,
            "from": from_,
            "items": answer.items,
            "reason_code": answer.reason_code,
            "reason": answer.reason,
        }
    )
