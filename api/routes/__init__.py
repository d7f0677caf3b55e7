"""Every route, one router per resource, joined here."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from api.deps import query_parameters_once
from api.routes import (
    accounts,
    admin,
    campaigns,
    concepts,
    experts,
    explore,
    export,
    facts,
    health,
    ingest,
    kb,
    paths,
    people,
    prospects,
    undo,
)
from api.schemas import ProblemPublic

_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemPublic"}}}
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ProblemPublic, "description": description, "content": _PROBLEM}
    for status, description in (
        (400, "The body cannot be parsed (not JSON, or a broken multipart form)."),
        (401, "No API key, or an unknown one."),
        (403, "The key's role may not do this."),
        (404, "No such id."),
        (413, "The request body is larger than the server's limit."),
        (422, "Bad input; `errors` names each field."),
        (503, "The graph store is unavailable; try again after `Retry-After` seconds."),
    )
}

api_router = APIRouter(dependencies=[Depends(query_parameters_once)])
_RESOURCES = (health, accounts, people, experts, paths, kb, facts, concepts, ingest, admin)
for _module in (*_RESOURCES, explore, undo, export, prospects, campaigns):
    api_router.include_router(_module.router, responses=PROBLEM_RESPONSES)

__all__ = ["api_router"]
