"""Counts of nodes per label and relationships per type."""

from __future__ import annotations

from graph.queries.registry import read_query

COUNT_NODES = read_query(
    "count_nodes_by_label",
    "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count",
)
COUNT_RELATIONSHIPS = read_query(
    "count_relationships_by_type",
    "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count",
)
