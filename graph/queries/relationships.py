"""Structural relationship writes: one statement per (type, start label, end label)."""

from __future__ import annotations

from graph.model import (
    RELATIONSHIP_KEYS,
    STRUCTURAL_RELATIONSHIPS,
    check_label,
    check_relationship_type,
)
from graph.queries.registry import write_query


def merge_relationships_query_name(rel_type: str, start: str, end: str) -> str:
    check_relationship_type(rel_type)
    return f"merge_{rel_type.lower()}__{check_label(start).lower()}__{check_label(end).lower()}"


def _merge_key(rel_type: str) -> str:
    """`{kind: row.props.kind}` for a relationship kept once per value of a property."""
    key = RELATIONSHIP_KEYS.get(rel_type)
    return f" {{{key}: row.props.{key}}}" if key else ""


for _type, (_starts, _ends) in STRUCTURAL_RELATIONSHIPS.items():
    for _start in _starts:
        for _end in _ends:
            write_query(
                merge_relationships_query_name(_type, _start, _end),
                f"""
                UNWIND $rows AS row
                MATCH (a:{_start} {{id: row.from}})
                MATCH (b:{_end} {{id: row.to}})
                MERGE (a)-[r:{_type}{_merge_key(_type)}]->(b)
                ON CREATE SET r.created_at = $now
                SET r += row.props, r.updated_at = $now
                RETURN row.from AS from, row.to AS to
                """,
            )

# A reply names its parent (`in_reply_to`); whichever of the two is written last links
# them: the reply through the merge above, the parent through this.
LINK_WAITING_REPLIES = write_query(
    "link_waiting_replies",
    """
    UNWIND $ids AS parent_id
    MATCH (reply:Interaction {in_reply_to: parent_id})
    MATCH (parent:Interaction {id: parent_id})
    MERGE (reply)-[r:REPLY_TO]->(parent)
    ON CREATE SET r.created_at = $now
    SET r.updated_at = $now
    RETURN reply.id AS from, parent.id AS to
    """,
)
