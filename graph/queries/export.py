"""Whole-graph reads for notebooks: every node of a label, every relationship of a type."""

from __future__ import annotations

from graph.model import LABELS, RELATIONSHIP_TYPES, check_label, check_relationship_type
from graph.queries.registry import read_query


def nodes_of_label_query_name(label: str) -> str:
    return f"export_{check_label(label).lower()}_nodes"


def relationships_of_type_query_name(rel_type: str) -> str:
    return f"export_{check_relationship_type(rel_type).lower()}_relationships"


for _label in LABELS:
    read_query(
        nodes_of_label_query_name(_label),
        f"MATCH (n:{_label}) RETURN properties(n) AS node ORDER BY n.id SKIP $skip LIMIT $limit",
    )

# Parallel relationships of a pair (a stated fact and a derived edge) are ordered by their
# own id and source, so that pages are the same on both engines and from one read to the next.
for _type in RELATIONSHIP_TYPES:
    read_query(
        relationships_of_type_query_name(_type),
        f"""
        MATCH (a)-[r:{_type}]->(b)
        RETURN a.id AS source, b.id AS target, properties(r) AS relationship
        ORDER BY source, target, coalesce(r.id, ''), coalesce(r.source, '')
        SKIP $skip LIMIT $limit
        """,
    )
