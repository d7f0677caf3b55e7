"""Node writes and look-ups, one statement per label from the model's allow-list."""

from __future__ import annotations

from graph.model import LABELS, check_label
from graph.queries.registry import read_query, write_query


def upsert_nodes_query_name(label: str) -> str:
    return f"upsert_{check_label(label).lower()}_nodes"


def insert_missing_nodes_query_name(label: str) -> str:
    return f"insert_missing_{check_label(label).lower()}_nodes"


def existing_ids_query_name(label: str) -> str:
    return f"existing_{check_label(label).lower()}_ids"


def get_node_query_name(label: str) -> str:
    return f"get_{check_label(label).lower()}"


for _label in LABELS:
    write_query(
        upsert_nodes_query_name(_label),
        f"""
        UNWIND $rows AS row
        MERGE (n:{_label} {{id: row.id}})
        ON CREATE SET n.created_at = $now
        SET n += row.props, n.updated_at = $now
        RETURN count(n) AS count
        """,
    )
    write_query(
        insert_missing_nodes_query_name(_label),
        f"""
        UNWIND $rows AS row
        MERGE (n:{_label} {{id: row.id}})
        ON CREATE SET n += row.props, n.created_at = $now, n.updated_at = $now
        RETURN count(n) AS count
        """,
    )
    read_query(
        existing_ids_query_name(_label),
        f"MATCH (n:{_label}) WHERE n.id IN $ids RETURN n.id AS id",
    )
    read_query(
        get_node_query_name(_label),
        f"MATCH (n:{_label} {{id: $id}}) RETURN properties(n) AS node",
    )
