"""Administration: the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Admin, StoreDep
from api.routes.params import Cursor, Limit
from api.schemas import AuditPublic
from graph.services.audit import AuditPage, audit_page

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
