"""Curation writes: fact review, concept edits and merges, knowledge-base usage."""

from __future__ import annotations

from graph.model import (
    DERIVED_RELATIONSHIPS,
    FACT_RELATIONSHIPS,
    STRUCTURAL_RELATIONSHIPS,
    check_label,
    check_relationship_type,
)
from graph.queries.registry import read_query, write_query

SET_FACT_STATUS = write_query(
    "set_fact_status",
    """
    MATCH ()-[f]->()
    WHERE f.id = $id AND type(f) IN $fact_types
    SET f.status = $status, f.updated_at = $now
    RETURN f.id AS id
    """,
)

UPDATE_CONCEPT = write_query(
    "update_concept",
    """
    MATCH (c:Concept {id: $id})
    SET c.name = $name, c.synonyms = $synonyms, c.status = $status, c.updated_at = $now
    RETURN c.id AS id
    """,
)

DELETE_BROADER = write_query(
    "delete_broader_of_concept",
    """
    MATCH (:Concept {id: $id})-[b:BROADER]->(:Concept)
    DELETE b
    """,
)

ADD_BROADER = write_query(
    "add_broader_to_concept",
    """
    UNWIND $broader AS parent_id
    MATCH (c:Concept {id: $id})
    MATCH (p:Concept {id: parent_id})
    MERGE (c)-[b:BROADER]->(p)
    ON CREATE SET b.created_at = $now
    SET b.updated_at = $now
    RETURN count(b) AS count
    """,
)

CONCEPTS_NARROWER_THAN = read_query(
    "concepts_narrower_than",
    """
    MATCH (c:Concept {id: $id})<-[:BROADER*1..]-(d:Concept)
    RETURN DISTINCT d.id AS id
    """,
)

CONCEPT_INCOMING = read_query(
    "concept_incoming_relationships",
    """
    MATCH (c:Concept {id: $id})<-[r]-(x)
    RETURN x.id AS from, head(labels(x)) AS label, type(r) AS type, r.source AS source
    """,
)

MOVE_BROADER_OUT = write_query(
    "move_broader_out_of_concept",
    """
    MATCH (src:Concept {id: $source})-[r:BROADER]->(p:Concept)
    MATCH (dst:Concept {id: $target})
    WHERE p.id <> $target
    MERGE (dst)-[n:BROADER]->(p)
    ON CREATE SET n.created_at = $now
    SET n.updated_at = $now
    DELETE r
    RETURN count(n) AS count
    """,
)

MERGE_CONCEPT_NAMES = write_query(
    "merge_concept_names",
    """
    MATCH (dst:Concept {id: $target})
    SET dst.synonyms = $synonyms, dst.updated_at = $now
    WITH dst
    MATCH (src:Concept {id: $source})
    DETACH DELETE src
    """,
)


def move_to_concept_query_name(rel_type: str, start: str) -> str:
    check_relationship_type(rel_type)
    return f"move_{rel_type.lower()}__{check_label(start).lower()}__to_concept"


def _starts_into_concept() -> dict[str, set[str]]:
    starts: dict[str, set[str]] = {}
    for table in (STRUCTURAL_RELATIONSHIPS, FACT_RELATIONSHIPS, DERIVED_RELATIONSHIPS):
        for rel_type, (start_labels, end_labels) in table.items():
            if "Concept" in end_labels:
                starts.setdefault(rel_type, set()).update(start_labels)
    return starts


INTO_CONCEPT: dict[str, set[str]] = _starts_into_concept()

# Moves one relationship from the source concept to the target; evidence is united when the
# target already has the same fact, and a moved fact gets the id of its new (subject, object).
for _type, _starts in INTO_CONCEPT.items():
    for _start in sorted(_starts):
        write_query(
            move_to_concept_query_name(_type, _start),
            f"""
            UNWIND $rows AS row
            MATCH (x:{_start} {{id: row.from}})-[r:{_type}]->(src:Concept {{id: $source}})
            WHERE coalesce(r.source, '') <> $derived
            MATCH (dst:Concept {{id: $target}})
            WHERE x.id <> $target
            MERGE (x)-[n:{_type}]->(dst)
            ON CREATE SET n += properties(r), n.id = row.fact_id, n.updated_at = $now
            ON MATCH SET n.evidence = CASE WHEN r.evidence IS NULL THEN n.evidence
                    ELSE coalesce(n.evidence, [])
                        + [e IN r.evidence WHERE NOT e IN coalesce(n.evidence, [])] END,
                n.interaction_ids = CASE WHEN r.interaction_ids IS NULL THEN n.interaction_ids
                    ELSE coalesce(n.interaction_ids, [])
                        + [i IN r.interaction_ids
                           WHERE NOT i IN coalesce(n.interaction_ids, [])] END,
                n.updated_at = $now
            SET n.evidence_count = CASE WHEN n.evidence IS NULL THEN n.evidence_count
                ELSE size(n.evidence) END
            DELETE r
            RETURN count(n) AS count
            """,
        )

ARTICLE_AND_INTERACTION = read_query(
    "kb_article_and_interaction",
    """
    OPTIONAL MATCH (k:KBArticle {id: $article_id})
    OPTIONAL MATCH (i:Interaction {id: $interaction_id})
    RETURN k.id AS article_id, i.id AS interaction_id
    """,
)

RECORD_ARTICLE_USAGE = write_query(
    "record_kb_article_usage",
    """
    MATCH (i:Interaction {id: $interaction_id})
    MATCH (k:KBArticle {id: $article_id})
    MERGE (i)-[r:RESOLVED_BY]->(k)
    ON CREATE SET r.created_at = $now
    SET r.helped = $helped, r.used_at = $now, r.updated_at = $now, r.source = $source
    RETURN r.helped AS helped, r.used_at AS used_at
    """,
)
