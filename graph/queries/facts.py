"""Extracted facts: merge with evidence, close on contradiction.

One statement per (fact type, subject label, object label) from the model's allow-list.
A fact is one edge per (subject, type, object); new evidence from another interaction
strengthens it, evidence already recorded changes nothing. A fact stated on a pair that
already has the structural edge of its type (an imported REPORTS_TO) becomes a fact on that
edge: the fact's own properties are set where the edge lacks them, and the evidence recorded.
"""

from __future__ import annotations

from graph.model import FACT_RELATIONSHIPS, check_label, check_relationship_type
from graph.queries.registry import read_query, write_query


def merge_facts_query_name(fact_type: str, subject: str, obj: str) -> str:
    check_relationship_type(fact_type)
    return f"merge_fact_{fact_type.lower()}__{check_label(subject).lower()}__{obj.lower()}"


def close_facts_query_name(fact_type: str, subject: str, obj: str) -> str:
    check_relationship_type(fact_type)
    return f"close_fact_{fact_type.lower()}__{check_label(subject).lower()}__{obj.lower()}"


for _type, (_subjects, _objects) in FACT_RELATIONSHIPS.items():
    for _subject in _subjects:
        for _object in _objects:
            write_query(
                merge_facts_query_name(_type, _subject, _object),
                f"""
                UNWIND $rows AS row
                MATCH (s:{_subject} {{id: row.subject}})
                MATCH (o:{_object} {{id: row.object}})
                MERGE (s)-[f:{_type}]->(o)
                ON CREATE SET f.created_at = $now, f.due = row.due
                SET f.id = coalesce(f.id, row.fact_id), f.status = coalesce(f.status, row.status),
                    f.recorded_at = coalesce(f.recorded_at, $now),
                    f.valid_from = coalesce(f.valid_from, row.valid_from),
                    f.evidence = coalesce(f.evidence, []),
                    f.interaction_ids = coalesce(f.interaction_ids, []),
                    f.evidence_count = coalesce(f.evidence_count, 0),
                    f.confidence = coalesce(f.confidence, row.confidence),
                    f.extractor = coalesce(f.extractor, row.extractor),
                    f.extractor_version = coalesce(f.extractor_version, row.extractor_version)
                WITH f, row
                WHERE NOT row.interaction_id IN f.interaction_ids
                SET f.evidence = f.evidence + [row.evidence],
                    f.interaction_ids = f.interaction_ids + [row.interaction_id],
                    f.evidence_count = f.evidence_count + 1,
                    f.confidence = CASE WHEN row.confidence > f.confidence
                        THEN row.confidence ELSE f.confidence END,
                    f.valid_from = CASE WHEN row.valid_from < f.valid_from
                        THEN row.valid_from ELSE f.valid_from END,
                    f.valid_to = CASE WHEN f.valid_to IS NOT NULL AND row.valid_from > f.valid_to
                        THEN null ELSE f.valid_to END,
                    f.extractor_version = row.extractor_version,
                    f.updated_at = $now
                RETURN count(f) AS count
                """,
            )
            write_query(
                close_facts_query_name(_type, _subject, _object),
                f"""
                UNWIND $rows AS row
                MATCH (s:{_subject} {{id: row.subject}})
                    -[f:{_type}]->(o:{_object} {{id: row.object}})
                WHERE f.valid_to IS NULL AND f.valid_from <= row.said_at
                SET f.valid_to = row.said_at, f.closed_by = row.evidence, f.updated_at = $now
                RETURN count(f) AS count
                """,
            )


def facts_of_subject_query_name(subject: str) -> str:
    return f"facts_of_{check_label(subject).lower()}"


for _subject in {s for subjects, _ in FACT_RELATIONSHIPS.values() for s in subjects}:
    read_query(
        facts_of_subject_query_name(_subject),
        f"""
        MATCH (s:{_subject} {{id: $id}})-[f]->(o)
        WHERE f.interaction_ids IS NOT NULL
        RETURN type(f) AS relation, o.id AS object_id, o.name AS object_name,
               labels(o)[0] AS object_label, properties(f) AS fact
        ORDER BY relation, object_id
        """,
    )
