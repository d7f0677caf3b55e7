"""The graph as pandas tables and networkx graphs, for data scientists in notebooks.

>>> from graph.stores import open_store  # doctest: +SKIP
>>> accounts = nodes_frame(store, "Account")  # doctest: +SKIP
>>> knows = knows_graph(store)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
import pandas as pd

from graph.queries.export import nodes_of_label_query_name, relationships_of_type_query_name
from graph.stores.base import GraphStore, Row

__all__ = ["knows_graph", "nodes_frame", "relationships_frame"]

PAGE = 5000


def nodes_frame(store: GraphStore, label: str) -> pd.DataFrame:
    """Every node of `label`, one row each, one column per property."""
    rows = [row["node"] for row in _pages(store, nodes_of_label_query_name(label))]
    return pd.DataFrame(rows)


def relationships_frame(store: GraphStore, rel_type: str) -> pd.DataFrame:
    """Every relationship of `rel_type`: `source`, `target` and its properties."""
    rows = [
        {"source": row["source"], "target": row["target"], **(row["relationship"] or {})}
        for row in _pages(store, relationships_of_type_query_name(rel_type))
    ]
    return pd.DataFrame(rows, columns=None if rows else ["source", "target"])


def knows_graph(store: GraphStore) -> nx.DiGraph:
    """Who knows whom, weighted by relationship strength (run `tacit derive` first)."""
    graph: nx.DiGraph = nx.DiGraph()
    for row in _pages(store, relationships_of_type_query_name("KNOWS")):
        properties: dict[str, Any] = row["relationship"] or {}
        graph.add_edge(row["source"], row["target"], weight=properties.get("strength", 0.0))
    return graph


def _pages(store: GraphStore, name: str) -> Iterator[Row]:
    skip = 0
    while True:
        rows = store.read(name, {"skip": skip, "limit": PAGE})
        yield from rows
        if len(rows) < PAGE:
            return
        skip += PAGE
