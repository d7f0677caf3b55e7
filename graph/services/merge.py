"""Merging two records of one person (or one account), and undoing it.

`merge_records(store, label, keep, merge, actor)` moves every relationship, fact and
piece of evidence of `merge` onto `keep` and deletes `merge`. Where both had the same
relationship, they combine: a fact keeps both evidence lists (each interaction once), the
higher confidence, the earlier `valid_from`, and stays open if either was open and
approved if either was; purchases add up; a participation keeps the sender's role.
Relationships between the two disappear (nobody knows themselves); derived KNOWS and
EXPERT_IN are recomputed, not moved. The survivor keeps the other's name among its
aliases, its id among `merged_ids` and its address among `other_emails` (an account: its
domain among `other_domains`), so later ingests of the merged record land on the survivor.

The audit entry (`person.merge`, `account.merge`) holds an undo record: both records and
their relationships as they were. `unmerge_records` restores them from it: what was the
merged record's goes back to it, what was the survivor's stays, and evidence added to a
relationship since the merge stays where it landed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from graph.errors import InvalidRecord, NotFound
from graph.facts import fact_id
from graph.model import DERIVED_RELATIONSHIPS, FACT_TYPES
from graph.queries import identity as queries
from graph.queries.audit import AUDIT_ENTRY_UNDO, MARK_AUDIT_ENTRY_UNDONE
from graph.services.audit import audit_statement
from graph.services.expertise_derive import derive_expertise
from graph.services.knows import derive_knows, employees_of_interactions
from graph.stores.base import GraphStore, Row
from graph.writes import Statement, utc_now

SENDER_ROLES = ("from", "author", "handler")
EMAIL_FIELDS = {"Contact": "email", "Employee": "email", "Account": "domain"}
OTHER_FIELDS = {"Contact": "other_emails", "Employee": "other_emails", "Account": "other_domains"}
ACTIONS = {"Contact": "person", "Employee": "person", "Account": "account"}
WRITE_BATCH = 500

Key = tuple[str, bool, str]


class InvalidMerge(InvalidRecord):
    """A merge or unmerge that cannot be done; `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Rel:
    """One relationship of a record, seen from it."""

    type: str
    outgoing: bool
    other_id: str
    other_label: str
    props: dict[str, Any]

    @property
    def key(self) -> Key:
        return (self.type, self.outgoing, self.other_id)

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "outgoing": self.outgoing,
            "other_id": self.other_id,
            "other_label": self.other_label,
            "props": self.props,
        }

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Rel:
        return cls(
            type=str(row["type"]),
            outgoing=bool(row["outgoing"]),
            other_id=str(row["other_id"]),
            other_label=str(row["other_label"]),
            props=_plain(dict(row["props"] or {})),
        )


class MergeReport(BaseModel):
    """What a merge did; `audit_id` is what an unmerge can name."""

    label: str
    kept: str
    merged: str
    relationships_moved: int
    relationships_combined: int
    relationships_dropped: int
    audit_id: str


class UnmergeReport(BaseModel):
    label: str
    kept: str
    restored: str
    relationships_restored: int
    audit_id: str


def merge_records(store: GraphStore, label: str, keep: str, merge: str, actor: str) -> MergeReport:
    """Merge record `merge` into record `keep` (both of `label`)."""
    survivor = _node(store, label, keep, "keep")
    if keep == merge:  # after the lookup: an unknown id is a 404 whatever else is wrong
        raise InvalidMerge("merge", "a record cannot be merged into itself")
    merged = _node(store, label, merge, "merge")
    keep_rels = _relationships(store, label, keep)
    merge_rels = _relationships(store, label, merge)
    plan = plan_merge(label, survivor, keep_rels, merged, merge_rels)
    affected = _affected_employees(store, label, [keep, merge], keep_rels + merge_rels)
    undo = {
        "kind": f"{ACTIONS[label]}.merge",
        "label": label,
        "keep": keep,
        "merged": merge,
        "keep_before": survivor,
        "merged_record": merged,
        "merged_relationships": [r.as_json() for r in merge_rels if not _derived(r)],
        "keep_relationships_before": [
            r.as_json() for r in keep_rels if r.key in {m.key for m in merge_rels}
        ],
    }
    audit = audit_statement(f"{ACTIONS[label]}.merge", actor, f"{merge} -> {keep}", undo=undo)
    statements: list[Statement] = [
        (queries.replace_node_query_name(label), {"id": keep, "props": plan.survivor}),
        *_put_statements(label, keep, plan.relationships),
        (queries.delete_node_query_name(label), {"id": merge}),
        audit,
    ]
    store.write_many(statements)
    _refresh(store, affected, label)
    return MergeReport(
        label=label,
        kept=keep,
        merged=merge,
        relationships_moved=plan.moved,
        relationships_combined=plan.combined,
        relationships_dropped=plan.dropped,
        audit_id=str(audit[1]["id"]),
    )


def unmerge_records(
    store: GraphStore, kind: str, merged: str | None, actor: str, audit_id: str | None = None
) -> UnmergeReport:
    """Restore record `merged` (and its survivor as it was) from its merge's audit entry;
    `kind` is person or account."""
    entry = _merge_entry(store, kind, merged, audit_id)
    merged = str(entry["target"]).split(" -> ", 1)[0]
    undo = json.loads(str(entry["undo"]))
    label = str(undo["label"])
    keep = str(undo["keep"])
    survivor_now = _node(store, label, keep, "keep")
    if store.read(queries.node_of_query_name(label), {"id": merged}):
        raise InvalidMerge("id", f"{merged!r} exists again; it cannot be restored over itself")
    merged_rels = [Rel.of(r) for r in undo["merged_relationships"]]
    keep_before = {Rel.of(r).key: Rel.of(r) for r in undo["keep_relationships_before"]}
    current = {r.key: r for r in _relationships(store, label, keep)}
    survivor_props = _restored_survivor(
        undo["keep_before"], survivor_now, undo["merged_record"], label
    )
    drops: list[dict[str, Any]] = []
    survivor_puts: list[Rel] = []
    restored: list[Rel] = []
    for rel in merged_rels:
        now = current.get(rel.key)
        if rel.key in keep_before:
            before = keep_before[rel.key]
            if now is not None:
                survivor_puts.append(_without_theirs(before, now, rel))
            restored.append(rel)
        else:
            if now is not None:
                drops.append(
                    {"record": keep, "type": rel.type, "other": rel.other_id, "out": rel.outgoing}
                )
            restored.append(_with_since(rel, now))
    restored_for_merged = [_refacted(r, merged) for r in restored]
    affected = _affected_employees(store, label, [keep], list(current.values()) + merged_rels)
    statements: list[Statement] = [
        (queries.replace_node_query_name(label), {"id": keep, "props": survivor_props}),
        *_drop_statements(label, drops),
        *_put_statements(label, keep, survivor_puts),
        (queries.replace_node_query_name(label), {"id": merged, "props": undo["merged_record"]}),
        *_put_statements(label, merged, restored_for_merged),
        (MARK_AUDIT_ENTRY_UNDONE, {"id": entry["id"], "at": utc_now(), "actor": actor}),
        audit_statement(f"{ACTIONS[label]}.merge.undo", actor, f"{merged} -> {keep}"),
    ]
    store.write_many(statements)
    _refresh(store, affected | ({merged} if label == "Employee" else set()), label)
    return UnmergeReport(
        label=label,
        kept=keep,
        restored=merged,
        relationships_restored=len(restored_for_merged),
        audit_id=str(statements[-1][1]["id"]),
    )


@dataclass
class MergePlan:
    survivor: dict[str, Any]
    relationships: list[Rel]
    moved: int
    combined: int
    dropped: int


def plan_merge(
    label: str,
    survivor: dict[str, Any],
    keep_rels: list[Rel],
    merged: dict[str, Any],
    merge_rels: list[Rel],
) -> MergePlan:
    """The survivor's properties and the relationships to write onto it (pure)."""
    keep_id, merge_id = str(survivor["id"]), str(merged["id"])
    props = dict(survivor)
    for name, value in merged.items():
        missing = name not in props or props[name] in (None, "", [])
        if missing and name not in ("id", "created_at", "updated_at", "merged_ids", "aliases"):
            props[name] = value
    props["aliases"] = _unique_names(
        [*(survivor.get("aliases") or []), merged.get("name"), *(merged.get("aliases") or [])],
        exclude=str(survivor.get("name") or ""),
    )
    props["merged_ids"] = _unique(
        [*(survivor.get("merged_ids") or []), merge_id, *(merged.get("merged_ids") or [])]
    )
    primary, others = EMAIL_FIELDS[label], OTHER_FIELDS[label]
    props[others] = [
        v
        for v in _unique(
            [*(survivor.get(others) or []), merged.get(primary), *(merged.get(others) or [])]
        )
        if v and v != props.get(primary)
    ]
    mine = {r.key: r for r in keep_rels}
    writes: list[Rel] = []
    moved = combined = dropped = 0
    for rel in merge_rels:
        if _derived(rel) or rel.other_id in (keep_id, merge_id):
            dropped += 1
            continue
        if rel.key in mine:
            writes.append(_combined(mine[rel.key], rel))
            combined += 1
        else:
            writes.append(_refacted(rel, keep_id))
            moved += 1
    return MergePlan(props, writes, moved, combined, dropped)


def _combined(mine: Rel, theirs: Rel) -> Rel:
    """One relationship from the survivor's and the merged record's of the same kind."""
    a, b = mine.props, theirs.props
    props = {**b, **a}
    if mine.type in FACT_TYPES and "evidence" in a:
        evidence = _unique([*(a.get("evidence") or []), *(b.get("evidence") or [])])
        props["evidence"] = evidence
        props["interaction_ids"] = _unique(
            [*(a.get("interaction_ids") or []), *(b.get("interaction_ids") or [])]
        )
        props["evidence_count"] = len(evidence)
        props["confidence"] = max(float(a.get("confidence") or 0), float(b.get("confidence") or 0))
        starts = [v for v in (a.get("valid_from"), b.get("valid_from")) if v]
        props["valid_from"] = min(starts) if starts else None
        if a.get("valid_to") is None or b.get("valid_to") is None:
            props["valid_to"] = None
        if "approved" in (a.get("status"), b.get("status")):
            props["status"] = "approved"
    elif mine.type == "PURCHASED":
        for name in ("orders", "quantity", "revenue"):
            props[name] = (a.get(name) or 0) + (b.get(name) or 0)
        firsts = [v for v in (a.get("first_date"), b.get("first_date")) if v]
        lasts = [v for v in (a.get("last_date"), b.get("last_date")) if v]
        props["first_date"] = min(firsts) if firsts else None
        props["last_date"] = max(lasts) if lasts else None
    elif (
        mine.type == "PARTICIPATED_IN"
        and b.get("role") in SENDER_ROLES
        and a.get("role") not in SENDER_ROLES
    ):
        props["role"] = b.get("role")
    return Rel(mine.type, mine.outgoing, mine.other_id, mine.other_label, _no_nulls(props))


def _refacted(rel: Rel, record_id: str) -> Rel:
    """The relationship as the record `record_id`'s: a fact gets that record's fact id."""
    if rel.type not in FACT_TYPES or "id" not in rel.props:
        return rel
    subject, obj = (record_id, rel.other_id) if rel.outgoing else (rel.other_id, record_id)
    return Rel(
        rel.type,
        rel.outgoing,
        rel.other_id,
        rel.other_label,
        {**rel.props, "id": fact_id(subject, rel.type, obj)},
    )


def _without_theirs(before: Rel, now: Rel, theirs: Rel) -> Rel:
    """The survivor's relationship as it was, plus evidence added since the merge."""
    props = dict(before.props)
    if before.type in FACT_TYPES and "evidence" in now.props:
        known = {*(before.props.get("evidence") or []), *(theirs.props.get("evidence") or [])}
        since = [e for e in now.props.get("evidence") or [] if e not in known]
        known_ids = {
            *(before.props.get("interaction_ids") or []),
            *(theirs.props.get("interaction_ids") or []),
        }
        since_ids = [i for i in now.props.get("interaction_ids") or [] if i not in known_ids]
        props["evidence"] = [*(props.get("evidence") or []), *since]
        props["interaction_ids"] = [*(props.get("interaction_ids") or []), *since_ids]
        props["evidence_count"] = len(props["evidence"])
    return Rel(before.type, before.outgoing, before.other_id, before.other_label, props)


def _with_since(theirs: Rel, now: Rel | None) -> Rel:
    """The merged record's relationship, with what was added to it since the merge."""
    if now is None:
        return theirs
    return Rel(theirs.type, theirs.outgoing, theirs.other_id, theirs.other_label, now.props)


def _restored_survivor(
    before: dict[str, Any], now: dict[str, Any], merged: dict[str, Any], label: str
) -> dict[str, Any]:
    """The survivor as it was, with ids and addresses other merges gave it since."""
    props = dict(before)
    props["updated_at"] = now.get("updated_at", before.get("updated_at"))
    primary, others = EMAIL_FIELDS[label], OTHER_FIELDS[label]
    theirs = {
        merged.get("id"),
        merged.get(primary),
        *(merged.get("merged_ids") or []),
        *(merged.get(others) or []),
    }
    for name in ("merged_ids", others):
        later = [v for v in now.get(name) or [] if v not in (before.get(name) or [])]
        values = [*(before.get(name) or []), *(v for v in later if v not in theirs)]
        if values:
            props[name] = values
        else:
            props.pop(name, None)
    return _no_nulls(props)


def _put_statements(label: str, record: str, rels: Iterable[Rel]) -> list[Statement]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rel in rels:
        if rel.outgoing:
            name = queries.put_relationships_query_name(rel.type, label, rel.other_label)
            row = {"from": record, "to": rel.other_id, "props": rel.props}
        else:
            name = queries.put_relationships_query_name(rel.type, rel.other_label, label)
            row = {"from": rel.other_id, "to": record, "props": rel.props}
        groups[name].append(row)
    return [
        (name, {"rows": rows[i : i + WRITE_BATCH]})
        for name, rows in groups.items()
        for i in range(0, len(rows), WRITE_BATCH)
    ]


def _drop_statements(label: str, drops: list[dict[str, Any]]) -> list[Statement]:
    statements: list[Statement] = []
    for outgoing in (True, False):
        rows = [
            {"record": d["record"], "type": d["type"], "other": d["other"]}
            for d in drops
            if d["out"] is outgoing
        ]
        if rows:
            statements.append(
                (queries.delete_relationships_query_name(label, outgoing), {"rows": rows})
            )
    return statements


def survivor_ids(store: GraphStore, ids: Iterable[str]) -> dict[str, str]:
    """For ids that were merged away: the id of the record they live on in now."""
    wanted = sorted(set(ids))
    found: dict[str, str] = {}
    if not wanted:
        return found
    for label in ("Contact", "Employee", "Account"):
        rows = store.read(queries.survivors_query_name(label), {"ids": wanted, "emails": []})
        for row in rows:
            for merged in row["merged_ids"]:
                if merged in wanted:
                    found.setdefault(merged, str(row["id"]))
    return found


def _merge_entry(store: GraphStore, kind: str, merged: str | None, audit_id: str | None) -> Row:
    action = f"{kind}.merge"
    if audit_id:
        rows = store.read(AUDIT_ENTRY_UNDO, {"id": audit_id})
        if not rows:
            raise NotFound(f"no audit entry with id {audit_id!r}")
        entry = rows[0]
        if entry["action"] != action:
            raise InvalidMerge("audit_id", f"{audit_id!r} is not a {kind} merge")
        if merged and not str(entry["target"]).startswith(f"{merged} -> "):
            raise InvalidMerge("id", f"audit entry {audit_id!r} did not merge {merged!r}")
    elif merged:
        rows = store.read(queries.LATEST_MERGE, {"actions": [action], "prefix": f"{merged} -> "})
        if not rows:
            raise NotFound(f"no merge of {merged!r} to undo")
        entry = rows[0]
    else:
        raise InvalidMerge("id", "name the merged id, or the merge's audit_id")
    if entry["undone_at"] is not None:
        raise InvalidMerge("id", "that merge was undone already")
    if not entry["undo"]:
        raise InvalidMerge("id", "that merge's undo record was erased with a person")
    return entry


def person_label(store: GraphStore, keep: str, merge: str) -> str:
    """The label two person ids share (a contact merges into a contact, an employee into an
    employee)."""
    found: dict[str, set[str]] = {keep: set(), merge: set()}
    for label in ("Employee", "Contact"):
        for record_id in found:
            if store.read(queries.node_of_query_name(label), {"id": record_id}):
                found[record_id].add(label)
    for field, record_id in (("keep", keep), ("merge", merge)):
        if not found[record_id]:
            raise NotFound(f"{field}: no contact or employee with id {record_id!r}")
    shared = sorted(found[keep] & found[merge])
    if not shared:
        raise InvalidMerge(
            "merge",
            f"{merge!r} is a {'/'.join(sorted(found[merge])).lower()} and {keep!r} a "
            f"{'/'.join(sorted(found[keep])).lower()}: only records of one kind merge",
        )
    return shared[0]


def _node(store: GraphStore, label: str, record_id: str, field: str) -> dict[str, Any]:
    rows = store.read(queries.node_of_query_name(label), {"id": record_id})
    if not rows:
        raise NotFound(f"{field}: no {label.lower()} with id {record_id!r}")
    props: dict[str, Any] = _plain(dict(rows[0]["props"]))
    return props


def _relationships(store: GraphStore, label: str, record_id: str) -> list[Rel]:
    rows = store.read(queries.relationships_of_query_name(label), {"id": record_id})
    return [Rel.of(row) for row in rows]


def _affected_employees(store: GraphStore, label: str, ids: list[str], rels: list[Rel]) -> set[str]:
    """Employees whose KNOWS or EXPERT_IN the merge changes."""
    affected = set(ids) if label == "Employee" else set()
    affected |= {r.other_id for r in rels if r.type == "KNOWS" and r.other_label == "Employee"}
    interactions = sorted(
        {r.other_id for r in rels if r.other_label == "Interaction" and not _derived(r)}
    )
    if label == "Account":
        contacts = [r.other_id for r in rels if r.type == "WORKS_AT"]
        for contact in contacts:
            interactions += [
                r.other_id
                for r in _relationships(store, "Contact", contact)
                if r.other_label == "Interaction"
            ]
    affected |= employees_of_interactions(store, sorted(set(interactions)))
    return affected


def _refresh(store: GraphStore, employees: set[str], label: str) -> None:
    """Recompute what the merge changed: KNOWS of the employees involved, and their
    EXPERT_IN (everyone's prior too when two employees' work became one's)."""
    present = sorted(employees)
    if present:
        derive_knows(store, employee_ids=present)
        derive_expertise(store, employee_ids=present, refresh_priors=label == "Employee")


def _derived(rel: Rel) -> bool:
    return rel.type in DERIVED_RELATIONSHIPS and (
        rel.type == "KNOWS" or rel.props.get("source") == "derived"
    )


def _unique(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(v for v in values if v not in (None, "")))


def _unique_names(names: Iterable[Any], exclude: str) -> list[str]:
    seen = {" ".join(exclude.lower().split())}
    kept: list[str] = []
    for name in names:
        if not name:
            continue
        normal = " ".join(str(name).lower().split())
        if normal not in seen:
            seen.add(normal)
            kept.append(str(name))
    return kept


def _no_nulls(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


def _plain(value: Any) -> Any:
    """Stored values as JSON-able values (dates as ISO text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
