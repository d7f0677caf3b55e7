"""The audit log: who did what to which target, and when.

An entry holds the actor's label (never an API key), the action, and the target: an id for
curation (`fact:...`, `concept:...`), or for an erasure the `sha256:` hash of the erased
person's id, so the log can confirm an erasure given the id without keeping the id itself.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from graph.errors import InvalidRecord
from graph.queries import audit as queries
from graph.services.listing import decode_cursor, encode_cursor
from graph.stores.base import GraphStore, Row
from graph.writes import Statement


class AuditRecord(BaseModel):
    id: str
    action: str
    actor: str
    target: str
    at: str
    reason: str | None = None
    undoable: bool = False
    undone_at: str | None = None
    undone_by: str | None = None


class AuditPage(BaseModel):
    items: list[AuditRecord]
    next_cursor: str | None


def hashed_target(value: str) -> str:
    """The target recorded for an erasure: a hash of the id, not the id."""
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()


def audit_statement(
    action: str,
    actor: str,
    target: str,
    at: datetime | None = None,
    *,
    reason: str | None = None,
    undo: dict[str, Any] | None = None,
) -> Statement:
    """The write that records one audit entry; run it in the same transaction as the change.

    Entry ids sort by time: `audit:<UTC time to the microsecond>:<hash>`. `undo` holds
    what undoing the action restores (see `graph.services.undo`); `reason` is the actor's.
    """
    if not actor.strip():
        raise InvalidRecord("an audit entry needs an actor")
    when = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")
    digest = hashlib.sha256(f"{action}\x1f{actor}\x1f{target}\x1f{when}".encode()).hexdigest()
    entry_id = f"audit:{when}:{digest[:12]}"
    params = {
        "id": entry_id,
        "action": action,
        "actor": actor,
        "target": target,
        "at": when,
        "reason": reason,
        "undo": json.dumps(undo, sort_keys=True) if undo is not None else None,
        "source": "api",
    }
    return queries.ADD_AUDIT_ENTRY, params


def record_action(store: GraphStore, action: str, actor: str, target: str) -> None:
    name, params = audit_statement(action, actor, target)
    store.write(name, params)


def audit_record(row: Row) -> AuditRecord:
    """An entry as read by the audit queries; undoable while not undone yet."""

    def text(key: str) -> str | None:
        return None if row[key] is None else str(row[key])

    return AuditRecord(
        id=str(row["id"]),
        action=str(row["action"]),
        actor=str(row["actor"]),
        target=str(row["target"]),
        at=str(row["at"]),
        reason=text("reason"),
        undoable=bool(row["undoable"]) and row["undone_at"] is None,
        undone_at=text("undone_at"),
        undone_by=text("undone_by"),
    )


def audit_page(
    store: GraphStore,
    action: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
    actor: str | None = None,
) -> AuditPage:
    """Audit entries, newest first; `action` and `actor` filter."""
    rows = store.read(
        queries.AUDIT_PAGE,
        {"action": action, "actor": actor, "after": decode_cursor(cursor), "limit": limit + 1},
    )
    items = [audit_record(row) for row in rows[:limit]]
    next_cursor = encode_cursor(items[-1].id) if len(rows) > limit else None
    return AuditPage(items=items, next_cursor=next_cursor)
