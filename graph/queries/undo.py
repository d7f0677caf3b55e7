"""Undo of curation actions: what a merge touched, read before it, and put back after."""

from __future__ import annotations

from graph.model import check_label, check_relationship_type
from graph.queries.curation import INTO_CONCEPT
from graph.queries.registry import read_query, write_query

CONCEPT_INCOMING_WITH_PROPERTIES = read_query(
    "concept_incoming_with_properties",
    """
    MATCH (c:Concept {id: $id})<-[r]-(x)
    RETURN x.id AS from, head(labels(x)) AS label, type(r) AS type,
           properties(r) AS properties
    """,
)

CONCEPT_NODE = read_query(
    "concept_node_properties",
    """
    MATCH (c:Concept {id: $id})
    RETURN properties(c) AS properties,
           [(c)-[:BROADER]->(b:Concept) | b.id] AS broader
    """,
)

RESTORE_CONCEPT_NODE = write_query(
    "restore_concept_node",
    """
    MERGE (c:Concept {id: $id})
    SET c += $properties, c.updated_at = $now
    RETURN c.id AS id
    """,
)

SET_CONCEPT_SYNONYMS = write_query(
    "set_concept_synonyms",
    """
    MATCH (c:Concept {id: $id})
    SET c.synonyms = $synonyms, c.updated_at = $now
    RETURN c.id AS id
    """,
)

DELETE_BROADER_LINKS = write_query(
    "delete_broader_links_of_concept",
    """
    MATCH (c:Concept {id: $id})-[b:BROADER]->(p:Concept)
    WHERE p.id IN $parents
    DELETE b
    """,
)


def restore_to_concept_query_name(rel_type: str, start: str) -> str:
    check_relationship_type(rel_type)
    return f"restore_{rel_type.lower()}__{check_label(start).lower()}__to_concept"


def revert_at_concept_query_name(rel_type: str) -> str:
    return f"revert_{check_relationship_type(rel_type).lower()}__at_concept"


def drop_at_concept_query_name(rel_type: str) -> str:
    return f"drop_{check_relationship_type(rel_type).lower()}__at_concept"


for _type, _starts in INTO_CONCEPT.items():
    for _start in sorted(_starts):
        write_query(
            restore_to_concept_query_name(_type, _start),
            f"""
            UNWIND $rows AS row
            MATCH (x:{_start} {{id: row.from}})
            MATCH (c:Concept {{id: $id}})
            MERGE (x)-[r:{_type}]->(c)
            SET r += row.properties
            RETURN count(r) AS count
            """,
        )
    write_query(
        revert_at_concept_query_name(_type),
        f"""
        UNWIND $rows AS row
        MATCH (c:Concept {{id: $id}})<-[r:{_type}]-(x)
        WHERE x.id = row.from
        SET r += row.properties
        RETURN count(r) AS count
        """,
    )
    write_query(
        drop_at_concept_query_name(_type),
        f"""
        MATCH (c:Concept {{id: $id}})<-[r:{_type}]-(x)
        WHERE x.id IN $froms
        DELETE r
        """,
    )

CURATION_ACTIONS = read_query(
    "curation_actions",
    """
    MATCH (e:AuditEntry)
    WHERE any(prefix IN $prefixes WHERE e.action STARTS WITH prefix)
      AND ($after IS NULL OR e.id < $after)
    RETURN e.id AS id, e.action AS action, e.actor AS actor, e.target AS target, e.at AS at,
           e.reason AS reason, e.undo IS NOT NULL AS undoable, e.undone_at AS undone_at,
           e.undone_by AS undone_by
    ORDER BY id DESC
    LIMIT $limit
    """,
)
