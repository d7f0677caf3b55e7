"""Counts of what the graph holds."""

from __future__ import annotations

from typing import TypedDict

from graph.queries import stats as queries
from graph.stores.base import GraphStore


class GraphCounts(TypedDict):
    nodes: dict[str, int]
    relationships: dict[str, int]


def graph_counts(store: GraphStore) -> GraphCounts:
    nodes = {row["label"]: int(row["count"]) for row in store.read(queries.COUNT_NODES)}
    rels = {row["type"]: int(row["count"]) for row in store.read(queries.COUNT_RELATIONSHIPS)}
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}
