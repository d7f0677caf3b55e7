"""Routing a new request: its topics, the best queue, people with their load, articles."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from api.deps import StoreDep, Viewer
from graph.services.routing import Routing, route_request

router = APIRouter(tags=["routing"])


class RouteRequest(BaseModel):
    """A new email or ticket: its subject and text."""

    model_config = ConfigDict(extra="forbid")

    subject: str | None = Field(default=None, max_length=1000)
    text: str = Field(default="", max_length=100_000)
    people: int = Field(default=5, ge=1, le=50, description="How many people.")
    articles: int = Field(default=3, ge=1, le=20, description="How many articles.")


class RoutingPublic(Routing):
    """Where a request goes: topics, best queue (with all queues scored), top people with
    evidence and load, and the articles that may answer it, or "no good article"."""


@router.post("/route", response_model=RoutingPublic)
def route(request: RouteRequest, store: StoreDep, user: Viewer) -> Routing:
    """Route a new email or ticket to a queue and people; find articles that answer it."""
    text = "\n".join(part for part in (request.subject, request.text) if part and part.strip())
    if not text.strip():
        raise HTTPException(422, "the request has neither a subject nor a text to route")
    return route_request(store, text, people=request.people, articles=request.articles)
