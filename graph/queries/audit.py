"""The audit log: who did what to which target, and when (never the data itself)."""

from __future__ import annotations

from graph.queries.registry import read_query, write_query

ADD_AUDIT_ENTRY = write_query(
    "add_audit_entry",
    """
    MERGE (e:AuditEntry {id: $id})
    ON CREATE SET e.action = $action, e.actor = $actor, e.target = $target, e.at = $at,
        e.reason = $reason, e.undo = $undo,
        e.source = $source, e.created_at = $at, e.updated_at = $at
    RETURN e.id AS id
    """,
)

AUDIT_PAGE = read_query(
    "audit_page",
    """
    MATCH (e:AuditEntry)
    WHERE ($action IS NULL OR e.action = $action) AND ($after IS NULL OR e.id < $after)
      AND ($actor IS NULL OR e.actor = $actor)
    RETURN e.id AS id, e.action AS action, e.actor AS actor, e.target AS target, e.at AS at,
           e.reason AS reason, e.undo IS NOT NULL AS undoable, e.undone_at AS undone_at,
           e.undone_by AS undone_by
    ORDER BY id DESC
    LIMIT $limit
    """,
)

AUDIT_ENTRY_UNDO = read_query(
    "audit_entry_undo",
    """
    MATCH (e:AuditEntry {id: $id})
    RETURN e.id AS id, e.action AS action, e.target AS target, e.undo AS undo,
           e.undone_at AS undone_at
    """,
)

MARK_AUDIT_ENTRY_UNDONE = write_query(
    "mark_audit_entry_undone",
    """
    MATCH (e:AuditEntry {id: $id})
    WHERE e.undone_at IS NULL
    SET e.undone_at = $at, e.undone_by = $actor, e.updated_at = $at
    RETURN e.id AS id
    """,
)
