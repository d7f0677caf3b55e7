"""The relationships around given nodes, for the graph view: one statement per label, so
each lookup starts from the label's indexed id."""

from __future__ import annotations

from graph.model import LABELS, check_label
from graph.queries.registry import read_query


def neighbourhood_query_name(label: str) -> str:
    return f"neighbourhood_of_{check_label(label).lower()}"


def node_name_query_name(label: str) -> str:
    return f"node_name_of_{check_label(label).lower()}"


for _label in LABELS:
    read_query(
        neighbourhood_query_name(_label),
        f"""
        UNWIND $ids AS node_id
        MATCH (n:{_label} {{id: node_id}})-[r]-(m)
        WHERE ($types IS NULL OR type(r) IN $types) AND NOT m:AuditEntry
          AND coalesce(r.status, '') <> 'rejected' AND r.valid_to IS NULL
        RETURN n.id AS node_id, type(r) AS type, startNode(r) = n AS outgoing,
               r.id AS fact_id, r.strength AS strength, r.score AS score,
               r.confidence AS confidence, r.status AS status,
               m.id AS other_id, head(labels(m)) AS other_label,
               coalesce(m.name, m.title, m.subject, m.id) AS other_name
        LIMIT $limit
        """,
    )
    read_query(
        node_name_query_name(_label),
        f"""
        MATCH (n:{_label} {{id: $id}})
        RETURN n.id AS id, coalesce(n.name, n.title, n.subject, n.id) AS name
        """,
    )
