"""Routing a new request: its topics, the best queue, people with their load, articles."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from api.deps import StoreDep, Viewer
from api.request_limits import MAX_SUBJECT, MAX_TEXT
from graph.services.routing import Routing, route_request

router = APIRouter(tags=["routing"])


# At least one of the two holds a character that is not whitespace: the route checks it and
# the OpenAPI document says so. The class is spelled out because Python's \s and
# JavaScript's (the OpenAPI pattern's dialect) differ on a few characters; it holds both.
NOT_BLANK = (
    r"[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
)
_NOT_BLANK = re.compile(NOT_BLANK)
_SUBJECT_OR_TEXT: dict[str, Any] = {
    "anyOf": [
        {"required": [field], "properties": {field: {"type": "string", "pattern": NOT_BLANK}}}
        for field in ("subject", "text")
    ]
}


class RouteRequest(BaseModel):
    """A new email or ticket: its subject and text, at least one of them not blank."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_SUBJECT_OR_TEXT)

    subject: str | None = Field(default=None, max_length=MAX_SUBJECT)
    text: str = Field(default="", max_length=MAX_TEXT)
    people: int = Field(default=5, ge=1, le=50, description="How many people.")
    articles: int = Field(default=3, ge=1, le=20, description="How many articles.")


class RoutingPublic(Routing):
    """Where a request goes: topics, best queue (with all queues scored), top people with
    evidence and load, and the articles that may answer it, or "no good article"."""


@router.post("/route", response_model=RoutingPublic)
def route(request: RouteRequest, store: StoreDep, user: Viewer) -> Routing:
    """Route a new email or ticket to a queue and people; find articles that answer it."""
    parts = (request.subject, request.text)
    text = "\n".join(part for part in parts if part and _NOT_BLANK.search(part))
    if not text:
        raise HTTPException(422, "the request has neither a subject nor a text to route")
    return route_request(store, text, people=request.people, articles=request.articles)
