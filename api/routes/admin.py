"""Administration: the audit log, and recomputing derived data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Admin, Curator, StoreDep, WriteLock
from api.routes.params import Cursor, Limit
from api.schemas import AuditPublic, DerivePublic
from graph.services.audit import AuditPage, audit_page
from graph.services.derived import derive_all

router = APIRouter(tags=["admin"])


@router.get("/audit", response_model=AuditPublic)
def audit_log(
    store: StoreDep,
    user: Admin,
    action: Annotated[str | None, Query(max_length=100, description="e.g. person.erase")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="Who did it.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AuditPage:
    """Who did what to which target, and when; newest first (admin)."""
    return audit_page(store, action=action, limit=limit, cursor=cursor, actor=actor or None)


@router.post("/admin/derive", response_model=DerivePublic)
def derive(store: StoreDep, user: Curator, lock: WriteLock) -> DerivePublic:
    """Recompute every KNOWS and EXPERT_IN edge (curator). Ingest keeps them fresh for what
    it touches; this is the full recompute, e.g. after a merge or a records import."""
    with lock:
        report = derive_all(store)
    return DerivePublic.model_validate(report)
