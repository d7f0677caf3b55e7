"""The audit log: who did what to which target, and when (never the data itself)."""

from __future__ import annotations

from graph.queries.registry import read_query, write_query

ADD_AUDIT_ENTRY = write_query(
    "add_audit_entry",
    """
    MERGE (e:AuditEntry {id: $id})
    ON CREATE SET e.action = $action, e.actor = $actor, e.target = $target, e.at = $at,
        e.source = $source, e.undo = $undo, e.created_at = $at, e.updated_at = $at
    RETURN e.id AS id
    """,
)

AUDIT_PAGE = read_query(
    "audit_page",
    """
    MATCH (e:AuditEntry)
    WHERE ($action IS NULL OR e.action = $action) AND ($after IS NULL OR e.id < $after)
    RETURN e.id AS id, e.action AS action, e.actor AS actor, e.target AS target, e.at AS at
    ORDER BY id DESC
    LIMIT $limit
    """,
)

AUDIT_ENTRY = read_query(
    "audit_entry",
    """
    MATCH (e:AuditEntry {id: $id})
    RETURN e.id AS id, e.action AS action, e.actor AS actor, e.target AS target, e.at AS at,
           e.undo AS undo
    """,
)

MARK_UNDONE = write_query(
    "audit_mark_undone",
    """
    MATCH (e:AuditEntry {id: $id})
    SET e.undo = null, e.updated_at = $now
    RETURN e.id AS id
    """,
)
