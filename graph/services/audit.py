"""The audit log: who did what to which target, and when.

An entry holds the actor's label (never an API key), the action, and the target: an id for
curation (`fact:...`, `concept:...`, `commitment:...`), for a merge the two ids (and an
undo record to unmerge), or for an erasure the keyed hash (`hmac-sha256:`, under the
store's salt) of the erased person's id, so the log can confirm an erasure given the id
without keeping the id itself.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from pydantic import BaseModel

from graph.errors import InvalidRecord
from graph.queries import audit as queries
from graph.services.listing import decode_cursor, encode_cursor
from graph.stores.base import GraphStore
from graph.writes import Statement


class AuditRecord(BaseModel):
    id: str
    action: str
    actor: str
    target: str
    at: str


class AuditPage(BaseModel):
    items: list[AuditRecord]
    next_cursor: str | None


def audit_statement(
    action: str, actor: str, target: str, at: datetime | None = None, undo: str | None = None
) -> Statement:
    """The write that records one audit entry; run it in the same transaction as the change.

    Entry ids sort by time: `audit:<UTC time to the microsecond>:<hash>`.
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
        "source": "api",
        "undo": undo,
    }
    return queries.ADD_AUDIT_ENTRY, params


def record_action(store: GraphStore, action: str, actor: str, target: str) -> None:
    name, params = audit_statement(action, actor, target)
    store.write(name, params)


def audit_page(
    store: GraphStore, action: str | None = None, limit: int = 50, cursor: str | None = None
) -> AuditPage:
    """Audit entries, newest first."""
    rows = store.read(
        queries.AUDIT_PAGE, {"action": action, "after": decode_cursor(cursor), "limit": limit + 1}
    )
    items = [AuditRecord(**{k: str(v) for k, v in row.items()}) for row in rows[:limit]]
    next_cursor = encode_cursor(items[-1].id) if len(rows) > limit else None
    return AuditPage(items=items, next_cursor=next_cursor)
