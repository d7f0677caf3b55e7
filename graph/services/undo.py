"""Undo a curation action from the audit trail.

A curation action records, in its audit entry, what undoing it must restore:
- a fact review: the fact's previous status;
- a concept edit: the concept's previous name, synonyms, status and broader concepts;
- a concept merge: the merged concept as it was (properties, broader concepts), every
  relationship that pointed at it (with its properties), and how the kept concept's
  synonyms, broader concepts and relationships from the same people and messages were
  before. Undoing recreates the merged concept, puts its relationships back, and returns the
  kept concept to its state before the merge.

An action is undone once; the undo is itself audited (`<action>.undo`) and the original
entry records who undid it and when. An undo that the graph no longer allows (the merged
concept's id is in use again, the kept concept is gone) is refused with the reason.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from graph.errors import InvalidRecord, NotFound
from graph.model import FACT_TYPES
from graph.queries import audit as audit_queries
from graph.queries import curation as curation_queries
from graph.queries import undo as queries
from graph.services.audit import AuditPage, audit_record, audit_statement
from graph.services.lexicon import concept_lexicon
from graph.services.listing import ConceptSummary, decode_cursor, encode_cursor
from graph.stores.base import GraphStore
from graph.writes import utc_now

Statements = list[tuple[str, dict[str, Any]]]
CURATION_PREFIXES = ["fact.", "concept."]


class UndoRefused(InvalidRecord):
    """An action that cannot be undone (any more), with the reason."""


class UndoResult(BaseModel):
    audit_id: str
    action: str
    target: str
    undo_audit_id: str
    summary: str


def fact_status_undo(fact_id: str, previous_status: str | None) -> dict[str, Any]:
    return {"kind": "fact.status", "fact_id": fact_id, "previous_status": previous_status}


def concept_update_undo(before: ConceptSummary) -> dict[str, Any]:
    return {
        "kind": "concept.update",
        "concept_id": before.id,
        "name": before.name,
        "synonyms": before.synonyms,
        "status": before.status,
        "broader": before.broader,
    }


def concept_merge_undo(
    store: GraphStore, merged: ConceptSummary, kept: ConceptSummary
) -> dict[str, Any]:
    """Read, before a merge of `merged` into `kept`, what undoing it must put back."""
    source_rows = store.read(queries.CONCEPT_NODE, {"id": merged.id})
    target_rows = store.read(queries.CONCEPT_NODE, {"id": kept.id})
    kept_before = {
        (r["type"], r["from"]): r["properties"]
        for r in store.read(queries.CONCEPT_INCOMING_WITH_PROPERTIES, {"id": kept.id})
    }
    incoming = []
    for row in store.read(queries.CONCEPT_INCOMING_WITH_PROPERTIES, {"id": merged.id}):
        properties = _plain(row["properties"])
        moved = (
            row["type"] in curation_queries.INTO_CONCEPT
            and row["label"] in curation_queries.INTO_CONCEPT[row["type"]]
            and properties.get("source") != "derived"
            and row["from"] != kept.id
        )
        before = kept_before.get((row["type"], row["from"]))
        incoming.append(
            {
                "type": row["type"],
                "label": row["label"],
                "from": row["from"],
                "properties": properties,
                "moved": moved,
                "kept_before": _plain(before) if before is not None else None,
            }
        )
    return {
        "kind": "concept.merge",
        "source": merged.id,
        "target": kept.id,
        "source_properties": _plain(source_rows[0]["properties"]),
        "source_broader": sorted(source_rows[0]["broader"] or []),
        "target_synonyms": kept.synonyms,
        "target_broader": sorted(target_rows[0]["broader"] or []),
        "incoming": incoming,
    }


def undo_action(store: GraphStore, audit_id: str, actor: str) -> UndoResult:
    """Undo the curation action of audit entry `audit_id`, audited as done by `actor`."""
    rows = store.read(audit_queries.AUDIT_ENTRY_UNDO, {"id": audit_id})
    if not rows:
        raise NotFound(f"no audit entry with id {audit_id!r}")
    entry = rows[0]
    if entry["undone_at"] is not None:
        raise UndoRefused(f"{entry['action']} of {entry['target']} was already undone")
    if not entry["undo"]:
        raise UndoRefused(f"{entry['action']} cannot be undone from the audit trail")
    plan = json.loads(entry["undo"])
    now = utc_now()
    statements, summary = _undo_statements(store, plan, now)
    record = audit_statement(f"{entry['action']}.undo", actor, str(entry["target"]))
    statements.append(
        (audit_queries.MARK_AUDIT_ENTRY_UNDONE, {"id": audit_id, "at": now, "actor": actor})
    )
    statements.append((record[0], dict(record[1])))
    store.write_many(statements)
    if plan["kind"].startswith("concept."):
        concept_lexicon(store, max_age=0)
    return UndoResult(
        audit_id=audit_id,
        action=str(entry["action"]),
        target=str(entry["target"]),
        undo_audit_id=str(record[1]["id"]),
        summary=summary,
    )


def _undo_statements(store: GraphStore, plan: dict[str, Any], now: str) -> tuple[Statements, str]:
    kind = plan["kind"]
    if kind == "fact.status":
        status = plan["previous_status"] or "proposed"
        return [
            (
                curation_queries.SET_FACT_STATUS,
                {"id": plan["fact_id"], "fact_types": list(FACT_TYPES), "status": status,
                 "now": now},
            )
        ], f"the fact is {status} again"  # fmt: skip
    if kind == "concept.update":
        _require_concept(store, plan["concept_id"])
        return [
            (
                curation_queries.UPDATE_CONCEPT,
                {"id": plan["concept_id"], "name": plan["name"], "synonyms": plan["synonyms"],
                 "status": plan["status"], "now": now},
            ),
            (curation_queries.DELETE_BROADER, {"id": plan["concept_id"]}),
            (
                curation_queries.ADD_BROADER,
                {"id": plan["concept_id"], "broader": plan["broader"], "now": now},
            ),
        ], f"{plan['concept_id']} has its previous name, synonyms and broader concepts"  # fmt: skip
    if kind == "concept.merge":
        return _unmerge_statements(store, plan, now), (
            f"{plan['source']} is back, with its mentions and facts; "
            f"{plan['target']} is as it was before the merge"
        )
    raise UndoRefused(f"unknown undo kind {kind!r}")


def _unmerge_statements(store: GraphStore, plan: dict[str, Any], now: str) -> Statements:
    source, target = plan["source"], plan["target"]
    if store.read(queries.CONCEPT_NODE, {"id": source}):
        raise UndoRefused(f"{source} exists again: the merge cannot be undone")
    target_now = _require_concept(store, target)
    statements: Statements = [
        (queries.RESTORE_CONCEPT_NODE, {"id": source, "properties": plan["source_properties"],
                                        "now": now}),
        (curation_queries.ADD_BROADER, {"id": source, "broader": plan["source_broader"],
                                        "now": now}),
    ]  # fmt: skip
    back: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    revert: dict[str, list[dict[str, Any]]] = defaultdict(list)
    drop: dict[str, list[str]] = defaultdict(list)
    for rel in plan["incoming"]:
        back[(rel["type"], rel["label"])].append(
            {"from": rel["from"], "properties": rel["properties"]}
        )
        if not rel["moved"]:
            continue
        if rel["kept_before"] is None:
            drop[rel["type"]].append(rel["from"])
        else:
            revert[rel["type"]].append({"from": rel["from"], "properties": rel["kept_before"]})
    for (rel_type, label), rows in back.items():
        statements.append(
            (queries.restore_to_concept_query_name(rel_type, label), {"id": source, "rows": rows})
        )
    for rel_type, froms in drop.items():
        statements.append(
            (queries.drop_at_concept_query_name(rel_type), {"id": target, "froms": froms})
        )
    for rel_type, rows in revert.items():
        statements.append(
            (queries.revert_at_concept_query_name(rel_type), {"id": target, "rows": rows})
        )
    added_parents = sorted(set(target_now) - set(plan["target_broader"]))
    statements += [
        (queries.DELETE_BROADER_LINKS, {"id": target, "parents": added_parents}),
        (queries.SET_CONCEPT_SYNONYMS, {"id": target, "synonyms": plan["target_synonyms"],
                                        "now": now}),
    ]  # fmt: skip
    return statements


def _require_concept(store: GraphStore, concept_id: str) -> list[str]:
    """The concept's broader concepts; refused when the concept is gone."""
    rows = store.read(queries.CONCEPT_NODE, {"id": concept_id})
    if not rows:
        raise UndoRefused(f"{concept_id} no longer exists: the action cannot be undone")
    return [str(b) for b in rows[0]["broader"] or []]


def _plain(properties: Any) -> dict[str, Any]:
    """Stored properties as JSON values (dates and times as ISO text)."""
    plain: dict[str, Any] = json.loads(json.dumps(dict(properties or {}), default=str))
    return plain


def curation_actions(store: GraphStore, limit: int = 50, cursor: str | None = None) -> AuditPage:
    """Fact reviews and concept edits, newest first, each saying whether it can be undone."""
    rows = store.read(
        queries.CURATION_ACTIONS,
        {"prefixes": CURATION_PREFIXES, "after": decode_cursor(cursor), "limit": limit + 1},
    )
    items = [audit_record(row) for row in rows[:limit]]
    next_cursor = encode_cursor(items[-1].id) if len(rows) > limit else None
    return AuditPage(items=items, next_cursor=next_cursor)
