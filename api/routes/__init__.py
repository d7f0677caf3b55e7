"""Every route, one router per resource, joined here."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.routes import (
    accounts,
    admin,
    campaigns,
    commitments,
    concepts,
    experts,
    export,
    extract,
    facts,
    health,
    ingest,
    kb,
    paths,
    people,
    prospects,
)
from api.schemas import ProblemPublic

_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemPublic"}}}
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ProblemPublic, "description": description, "content": _PROBLEM}
    for status, description in (
        (401, "No API key, or an unknown one."),
        (403, "The key's role may not do this."),
        (404, "No such id."),
        (422, "Bad input; `errors` names each field."),
    )
}

api_router = APIRouter()
for _module in (
    health,
    accounts,
    people,
    commitments,
    experts,
    paths,
    kb,
    facts,
    concepts,
    ingest,
    extract,
    admin,
):
    api_router.include_router(_module.router, responses=PROBLEM_RESPONSES)
for _module in (export, prospects, campaigns):
    api_router.include_router(_module.router, responses=PROBLEM_RESPONSES)

__all__ = ["api_router"]
