"""Tombstones of erased people and the store's salt."""

from __future__ import annotations

from graph.queries.registry import read_query, write_query

SECRET = read_query(
    "store_secret",
    "MATCH (s:StoreSecret {id: $id}) RETURN s.value AS value",
)

ADD_SECRET = write_query(
    "add_store_secret",
    """
    MERGE (s:StoreSecret {id: $id})
    ON CREATE SET s.value = $value, s.source = $source
    RETURN s.value AS value
    """,
)

ADD_TOMBSTONES = write_query(
    "add_tombstones",
    """
    UNWIND $ids AS tombstone_id
    MERGE (t:Tombstone {id: tombstone_id})
    ON CREATE SET t.at = $at, t.source = $source
    RETURN count(t) AS count
    """,
)

EXISTING_TOMBSTONES = read_query(
    "existing_tombstones",
    """
    UNWIND $ids AS tombstone_id
    MATCH (t:Tombstone {id: tombstone_id})
    RETURN t.id AS id
    """,
)
