"""Batch writes of nodes and structural relationships through the named queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph.errors import UnknownIdentifier
from graph.model import STRUCTURAL_RELATIONSHIPS, Node
from graph.queries.nodes import (
    existing_ids_query_name,
    insert_missing_nodes_query_name,
    upsert_nodes_query_name,
)
from graph.queries.relationships import merge_relationships_query_name
from graph.stores.base import GraphStore

BATCH_SIZE = 1000
Statement = tuple[str, dict[str, Any]]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Relationship:
    """A structural relationship to merge, by the ids of its ends."""

    type: str
    start: str
    end: str
    properties: Mapping[str, Any] = field(default_factory=dict)
    start_label: str | None = None
    end_label: str | None = None


@dataclass(frozen=True)
class Rejected:
    relationship: Relationship
    reason: str


def node_statements(
    nodes: Iterable[Node], now: str, *, keep_existing: bool = False
) -> list[Statement]:
    """Batched upserts of `nodes`; with `keep_existing`, nodes already there are left as is."""
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in nodes:
        by_label[node.label].append({"id": node.id, "props": node.properties()})
    name_for = insert_missing_nodes_query_name if keep_existing else upsert_nodes_query_name
    return [
        (name_for(label), {"rows": list(batch), "now": now})
        for label, rows in by_label.items()
        for batch in _batches(rows)
    ]


def relationship_statements(relationships: Iterable[Relationship], now: str) -> list[Statement]:
    """Batched merges of relationships whose end labels are known."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rel in relationships:
        if rel.start_label is None or rel.end_label is None:
            raise ValueError(f"{rel.type} {rel.start}->{rel.end}: end labels are not known")
        _check_structural(rel.type)
        name = merge_relationships_query_name(rel.type, rel.start_label, rel.end_label)
        groups[name].append({"from": rel.start, "to": rel.end, "props": dict(rel.properties)})
    return [
        (name, {"rows": list(batch), "now": now})
        for name, rows in groups.items()
        for batch in _batches(rows)
    ]


class GraphWriter:
    """Writes nodes and relationships in batches of idempotent `MERGE`s keyed by id."""

    def __init__(self, store: GraphStore, clock: Callable[[], str] = utc_now) -> None:
        self.store = store
        self.clock = clock

    def upsert_nodes(self, nodes: Iterable[Node]) -> None:
        for name, params in node_statements(nodes, self.clock()):
            self.store.write(name, params)

    def labels_of(self, ids: Iterable[str], candidates: Sequence[str]) -> dict[str, str]:
        """Which of `candidates` each id exists under (the first, if several)."""
        wanted = sorted(set(ids))
        found: dict[str, str] = {}
        for label in candidates:
            missing = [i for i in wanted if i not in found]
            if not missing:
                break
            for batch in _batches(missing):
                for row in self.store.read(existing_ids_query_name(label), {"ids": list(batch)}):
                    found.setdefault(row["id"], label)
        return found

    def merge_relationships(self, relationships: Sequence[Relationship]) -> list[Rejected]:
        """Merge every relationship whose ends exist; return the others with the reason."""
        rejected: list[Rejected] = []
        resolved: list[Relationship] = []
        by_type: dict[str, list[Relationship]] = defaultdict(list)
        for rel in relationships:
            by_type[_check_structural(rel.type)].append(rel)
        for rel_type, rels in by_type.items():
            starts, ends = STRUCTURAL_RELATIONSHIPS[rel_type]
            start_labels = self.labels_of((r.start for r in rels if not r.start_label), starts)
            end_labels = self.labels_of((r.end for r in rels if not r.end_label), ends)
            for rel in rels:
                start = rel.start_label or start_labels.get(rel.start)
                end = rel.end_label or end_labels.get(rel.end)
                if start is None or end is None:
                    side, node_id, allowed = (
                        ("start", rel.start, starts) if start is None else ("end", rel.end, ends)
                    )
                    reason = (
                        f"{rel_type} {side} {node_id!r} is not in the graph "
                        f"as any of {', '.join(allowed)}"
                    )
                    rejected.append(Rejected(rel, reason))
                    continue
                resolved.append(
                    Relationship(rel.type, rel.start, rel.end, rel.properties, start, end)
                )
        for name, params in relationship_statements(resolved, self.clock()):
            self.store.write(name, params)
        return rejected


def _check_structural(rel_type: str) -> str:
    if rel_type not in STRUCTURAL_RELATIONSHIPS:
        raise UnknownIdentifier(
            f"{rel_type!r} is not a structural relationship type; "
            f"known: {', '.join(STRUCTURAL_RELATIONSHIPS)}"
        )
    return rel_type


def _batches[T](items: Sequence[T], size: int = BATCH_SIZE) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
