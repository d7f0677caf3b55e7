"""The neighbourhood of a node for the graph view: nodes and relationships within one or
two hops, optionally of some relationship types only.

The graph stays readable and fast: each hop reads at most `MAX_EDGES_PER_HOP`
relationships and the view holds at most `max_nodes` nodes (the start first, then the
nearest); `truncated` says when something was left out.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel

from graph.errors import InvalidRecord, NotFound
from graph.model import LABELS, RELATIONSHIP_TYPES
from graph.queries import neighbourhood as queries
from graph.stores.base import GraphStore

MAX_EDGES_PER_HOP = 1500
DEFAULT_MAX_NODES = 200
# The labels tried, in order, when a node is named by id only.
LOOKUP_ORDER = ("Account", "Contact", "Employee", "Concept", "Product", "Competitor",
                "Interaction", "KBArticle", "Commitment", "Preference", "Role")  # fmt: skip


class GraphNode(BaseModel):
    id: str
    label: str
    name: str
    hops: int


class GraphEdge(BaseModel):
    id: str
    source: str
    target: str
    type: str
    fact_id: str | None
    weight: float | None
    status: str | None


class Neighbourhood(BaseModel):
    center: GraphNode
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool


def node_label(store: GraphStore, node_id: str, label: str | None = None) -> tuple[str, str]:
    """(label, name) of a node; with no label given, the labels are tried in turn."""
    if label is not None and label not in LABELS:
        raise InvalidRecord(f"label: unknown label {label!r}")
    for candidate in (label,) if label else LOOKUP_ORDER:
        rows = store.read(queries.node_name_query_name(candidate), {"id": node_id})
        if rows:
            return candidate, str(rows[0]["name"] or node_id)
    raise NotFound(f"no node with id {node_id!r}")


def neighbourhood(
    store: GraphStore,
    node_id: str,
    label: str | None = None,
    hops: int = 1,
    types: list[str] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Neighbourhood:
    """Nodes and relationships within `hops` (1 or 2) of a node."""
    if hops not in (1, 2):
        raise InvalidRecord("hops: must be 1 or 2")
    unknown = [t for t in types or [] if t not in RELATIONSHIP_TYPES]
    if unknown:
        raise InvalidRecord(f"types: unknown relationship type {', '.join(unknown)}")
    start_label, start_name = node_label(store, node_id, label)
    center = GraphNode(id=node_id, label=start_label, name=start_name, hops=0)
    nodes: dict[str, GraphNode] = {node_id: center}
    edges: dict[str, GraphEdge] = {}
    frontier = {node_id: start_label}
    truncated = False
    for hop in range(1, hops + 1):
        by_label: dict[str, list[str]] = defaultdict(list)
        for frontier_id, frontier_label in frontier.items():
            by_label[frontier_label].append(frontier_id)
        next_frontier: dict[str, str] = {}
        for frontier_label, ids in sorted(by_label.items()):
            rows = store.read(
                queries.neighbourhood_query_name(frontier_label),
                {"ids": ids, "types": types or None, "limit": MAX_EDGES_PER_HOP + 1},
            )
            truncated = truncated or len(rows) > MAX_EDGES_PER_HOP
            for row in rows[:MAX_EDGES_PER_HOP]:
                other = str(row["other_id"])
                if other not in nodes:
                    if len(nodes) >= max_nodes:
                        truncated = True
                        continue
                    nodes[other] = GraphNode(
                        id=other, label=str(row["other_label"]),
                        name=str(row["other_name"] or other), hops=hop,
                    )  # fmt: skip
                    next_frontier[other] = str(row["other_label"])
                source, target = (
                    (row["node_id"], other) if row["outgoing"] else (other, row["node_id"])
                )
                edge_id = row["fact_id"] or f"{source}|{row['type']}|{target}"
                weight = next(
                    (float(row[k]) for k in ("strength", "score", "confidence")
                     if row[k] is not None), None,
                )  # fmt: skip
                edges[edge_id] = GraphEdge(
                    id=edge_id, source=str(source), target=str(target), type=str(row["type"]),
                    fact_id=row["fact_id"], weight=weight, status=row["status"],
                )  # fmt: skip
        frontier = next_frontier
    return Neighbourhood(
        center=center, nodes=list(nodes.values()), edges=list(edges.values()), truncated=truncated
    )
