"""Liveness (no key needed) and what the graph holds."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import StoreDep, Viewer
from api.schemas import HealthPublic, StatsPublic
from graph.stats import graph_counts

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthPublic)
def health(store: StoreDep, request: Request) -> HealthPublic:
    """The server is up and owns its store; `warm` once its caches are read."""
    warmed = getattr(request.app.state, "warmed", None)
    return HealthPublic(status="ok", engine=store.engine, warm=warmed is None or warmed.is_set())


@router.get("/stats", response_model=StatsPublic)
def stats(store: StoreDep, user: Viewer) -> StatsPublic:
    """Nodes per label and relationships per type."""
    counts = graph_counts(store)
    return StatsPublic(nodes=counts["nodes"], relationships=counts["relationships"])
