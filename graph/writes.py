"""Batch writes of nodes and structural relationships through the named queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph.errors import UnknownIdentifier
from graph.model import STRUCTURAL_RELATIONSHIPS, Node
from graph.queries.nodes import existing_ids_query_name, upsert_nodes_query_name
from graph.queries.relationships import merge_relationships_query_name
from graph.stores.base import GraphStore

BATCH_SIZE = 1000


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


class GraphWriter:
    """Writes nodes and relationships in batches of idempotent `MERGE`s keyed by id."""

    def __init__(self, store: GraphStore, clock: Callable[[], str] = utc_now) -> None:
        self.store = store
        self.clock = clock

    def upsert_nodes(self, nodes: Iterable[Node]) -> int:
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for node in nodes:
            by_label[node.label].append({"id": node.id, "props": node.properties()})
        now = self.clock()
        written = 0
        for label, rows in by_label.items():
            for batch in _batches(rows):
                self.store.write(upsert_nodes_query_name(label), {"rows": batch, "now": now})
                written += len(batch)
        return written

    def labels_of(self, ids: Iterable[str], candidates: Sequence[str]) -> dict[str, str]:
        """Which of `candidates` each id exists under (the first, if several)."""
        wanted = sorted(set(ids))
        found: dict[str, str] = {}
        for label in candidates:
            missing = [i for i in wanted if i not in found]
            if not missing:
                break
            for batch in _batches(missing):
                for row in self.store.read(existing_ids_query_name(label), {"ids": batch}):
                    found.setdefault(row["id"], label)
        return found

    def merge_relationships(self, relationships: Sequence[Relationship]) -> list[Rejected]:
        """Merge every relationship whose ends exist; return the others with the reason."""
        rejected: list[Rejected] = []
        groups: dict[tuple[str, str, str], list[Relationship]] = defaultdict(list)
        for rel_type, rels in _group_by_type(relationships).items():
            starts, ends = STRUCTURAL_RELATIONSHIPS[rel_type]
            start_labels = self.labels_of((r.start for r in rels if r.start_label is None), starts)
            end_labels = self.labels_of((r.end for r in rels if r.end_label is None), ends)
            for rel in rels:
                start = rel.start_label or start_labels.get(rel.start)
                end = rel.end_label or end_labels.get(rel.end)
                if start is None or end is None:
                    side = "start" if start is None else "end"
                    node_id = rel.start if start is None else rel.end
                    allowed = starts if start is None else ends
                    rejected.append(
                        Rejected(
                            rel,
                            f"{rel_type} {side} {node_id!r} is not in the graph "
                            f"as any of {', '.join(allowed)}",
                        )
                    )
                    continue
                groups[(rel_type, start, end)].append(rel)
        now = self.clock()
        for (rel_type, start, end), rels in groups.items():
            name = merge_relationships_query_name(rel_type, start, end)
            rows = [{"from": r.start, "to": r.end, "props": dict(r.properties)} for r in rels]
            for batch in _batches(rows):
                self.store.write(name, {"rows": batch, "now": now})
        return rejected


def _group_by_type(relationships: Sequence[Relationship]) -> dict[str, list[Relationship]]:
    groups: dict[str, list[Relationship]] = defaultdict(list)
    for rel in relationships:
        if rel.type not in STRUCTURAL_RELATIONSHIPS:
            raise UnknownIdentifier(
                f"{rel.type!r} is not a structural relationship type; "
                f"known: {', '.join(STRUCTURAL_RELATIONSHIPS)}"
            )
        groups[rel.type].append(rel)
    return groups


def _batches[T](items: Sequence[T], size: int = BATCH_SIZE) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
