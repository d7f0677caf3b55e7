"""Curation history: fact reviews and concept edits, newest first, and their undo."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Curator, StoreDep, WriteLock
from api.routes.params import Cursor, Id, Limit
from api.schemas import AuditPublic
from graph.services.audit import AuditPage
from graph.services.undo import UndoResult, curation_actions, undo_action

router = APIRouter(prefix="/curation", tags=["curation"])


@router.get("/actions", response_model=AuditPublic)
def list_curation_actions(
    store: StoreDep, user: Curator, limit: Limit = 50, cursor: Cursor = None
) -> AuditPage:
    """Fact reviews and concept edits and merges, newest first; `undoable` says which can
    still be undone (curator)."""
    return curation_actions(store, limit=limit, cursor=cursor)


@router.post("/actions/{audit_id}/undo", response_model=UndoResult)
def undo(audit_id: Id, store: StoreDep, user: Curator, lock: WriteLock) -> UndoResult:
    """Undo a curation action from the audit trail; the undo is audited too (curator)."""
    with lock:
        result = undo_action(store, audit_id, user.label)
    return result
