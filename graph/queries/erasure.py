"""Erasure of a person: what they took part in, what names them, and the deletes."""

from __future__ import annotations

from graph.model import PEOPLE, check_label
from graph.queries.registry import read_query, write_query


def erasure_query_name(what: str, label: str) -> str:
    return f"erasure_{what}__{check_label(label).lower()}"


for _label in PEOPLE:
    read_query(
        erasure_query_name("interactions", _label),
        f"""
        MATCH (p:{_label} {{id: $id}})-[r:PARTICIPATED_IN|WROTE]->(i:Interaction)
        RETURN i.id AS id, type(r) AS link, r.role AS role
        """,
    )
    read_query(
        erasure_query_name("value_nodes", _label),
        f"""
        MATCH (p:{_label} {{id: $id}})-[]->(v)
        WHERE v:Commitment OR v:Preference OR v:Role
        RETURN DISTINCT v.id AS id, head(labels(v)) AS label
        """,
    )
    # Interactions that are about the person without their taking part: notes that name
    # them, and (for a contact) interactions about their account.
    read_query(
        erasure_query_name("interactions_about", _label),
        f"""
        MATCH (p:{_label} {{id: $id}})<-[:MENTIONS]-(i:Interaction)
        RETURN i.id AS id
        UNION
        MATCH (p:{_label} {{id: $id}})-[:WORKS_AT]->(:Account)<-[:ABOUT]-(i:Interaction)
        RETURN i.id AS id
        """,
    )
    read_query(
        erasure_query_name("employees_who_knew", _label),
        f"""
        MATCH (p:{_label} {{id: $id}})<-[:KNOWS]-(e:Employee)
        RETURN e.id AS id
        """,
    )
    write_query(
        erasure_query_name("delete_person", _label),
        f"""
        MATCH (p:{_label} {{id: $id}})
        DETACH DELETE p
        """,
    )

# Facts with evidence from the given interactions (the person took part in), or naming a term.
FACTS_TO_SCRUB = read_query(
    "erasure_facts_to_scrub",
    """
    MATCH ()-[f]->()
    WHERE f.id IS NOT NULL
      AND (any(i IN coalesce(f.interaction_ids, []) WHERE i IN $interaction_ids)
           OR any(e IN coalesce(f.evidence, []) + [coalesce(f.closed_by, '')]
                  WHERE any(t IN $terms WHERE toLower(e) CONTAINS t)))
    RETURN f.id AS id, f.evidence AS evidence, f.interaction_ids AS interaction_ids,
           f.closed_by AS closed_by
    """,
)

INTERACTIONS_NAMING = read_query(
    "erasure_interactions_naming",
    """
    MATCH (i:Interaction)
    WHERE i.id IN $interaction_ids
       OR any(t IN $terms WHERE toLower(coalesce(i.text, '')) CONTAINS t
              OR toLower(coalesce(i.subject, '')) CONTAINS t
              OR toLower(coalesce(i.body, '')) CONTAINS t)
    RETURN i.id AS id, i.subject AS subject, i.text AS text, i.body AS body
    """,
)

ARTICLES_NAMING = read_query(
    "erasure_articles_naming",
    """
    MATCH (k:KBArticle)
    WHERE any(t IN $terms WHERE toLower(coalesce(k.title, '')) CONTAINS t
              OR toLower(coalesce(k.body, '')) CONTAINS t)
    RETURN k.id AS id, k.title AS title, k.body AS body
    """,
)

VALUE_NODES_NAMING = read_query(
    "erasure_value_nodes_naming",
    """
    MATCH (v)
    WHERE (v:Commitment OR v:Preference OR v:Role)
      AND any(t IN $terms WHERE toLower(coalesce(v.name, '')) CONTAINS t)
    RETURN v.id AS id, v.name AS name
    """,
)

UPDATE_FACT_EVIDENCE = write_query(
    "erasure_update_fact_evidence",
    """
    UNWIND $rows AS row
    MATCH ()-[f]->()
    WHERE f.id = row.id
    SET f.evidence = row.evidence, f.interaction_ids = row.interaction_ids,
        f.evidence_count = size(row.evidence), f.closed_by = row.closed_by,
        f.updated_at = $now
    RETURN count(f) AS count
    """,
)

DELETE_FACTS = write_query(
    "erasure_delete_facts",
    """
    UNWIND $ids AS fact_id
    MATCH ()-[f]->()
    WHERE f.id = fact_id
    DELETE f
    """,
)

REDACT_INTERACTIONS = write_query(
    "erasure_redact_interactions",
    """
    UNWIND $rows AS row
    MATCH (i:Interaction {id: row.id})
    SET i.subject = row.subject, i.text = row.text, i.body = row.body, i.updated_at = $now
    RETURN count(i) AS count
    """,
)

REDACT_ARTICLES = write_query(
    "erasure_redact_articles",
    """
    UNWIND $rows AS row
    MATCH (k:KBArticle {id: row.id})
    SET k.title = row.title, k.body = row.body, k.updated_at = $now
    RETURN count(k) AS count
    """,
)

REDACT_VALUE_NODES = write_query(
    "erasure_redact_value_nodes",
    """
    UNWIND $rows AS row
    MATCH (v {id: row.id})
    WHERE v:Commitment OR v:Preference OR v:Role
    SET v.name = row.name, v.updated_at = $now
    RETURN count(v) AS count
    """,
)

DELETE_INTERACTIONS = write_query(
    "erasure_delete_interactions",
    """
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})
    DETACH DELETE i
    """,
)

# Queues list their members by id: the erased person's ids leave every list.
REMOVE_QUEUE_MEMBERS = write_query(
    "erasure_remove_queue_members",
    """
    MATCH (q:Queue)
    WHERE any(m IN coalesce(q.members, []) WHERE m IN $ids)
    SET q.members = [m IN q.members WHERE NOT m IN $ids], q.updated_at = $now
    RETURN count(q) AS count
    """,
)

# Value nodes nobody points to any more; a commitment nobody made any more (it may still
# be PROMISED_TO an account).
DELETE_ORPHAN_VALUE_NODES = write_query(
    "erasure_delete_orphan_value_nodes",
    """
    UNWIND $ids AS value_id
    MATCH (v {id: value_id})
    WHERE ((v:Preference OR v:Role) AND NOT (v)--())
       OR (v:Commitment AND NOT ()-[:COMMITTED_TO]->(v))
    DETACH DELETE v
    """,
)

CONCEPTS_NAMING = read_query(
    "erasure_concepts_naming",
    """
    MATCH (c:Concept)
    WHERE any(t IN $terms WHERE toLower(coalesce(c.name, '')) CONTAINS t
              OR any(s IN coalesce(c.synonyms, []) WHERE toLower(s) CONTAINS t))
    RETURN c.id AS id, c.name AS name, coalesce(c.synonyms, []) AS synonyms,
           coalesce(c.status, 'approved') AS status
    """,
)

REDACT_CONCEPTS = write_query(
    "erasure_redact_concepts",
    """
    UNWIND $rows AS row
    MATCH (c:Concept {id: row.id})
    SET c.name = row.name, c.synonyms = row.synonyms, c.updated_at = $now
    RETURN count(c) AS count
    """,
)

DELETE_CONCEPTS = write_query(
    "erasure_delete_concepts",
    """
    UNWIND $ids AS concept_id
    MATCH (c:Concept {id: concept_id})
    DETACH DELETE c
    """,
)

# Earlier audit entries that name the person (a merge's target and undo record).
AUDIT_NAMING = read_query(
    "erasure_audit_naming",
    """
    MATCH (e:AuditEntry)
    WHERE any(t IN $terms WHERE toLower(coalesce(e.target, '')) CONTAINS t
              OR toLower(coalesce(e.undo, '')) CONTAINS t)
    RETURN e.id AS id, e.target AS target
    """,
)

SCRUB_AUDIT = write_query(
    "erasure_scrub_audit",
    """
    UNWIND $rows AS row
    MATCH (e:AuditEntry {id: row.id})
    SET e.target = row.target, e.undo = null
    RETURN count(e) AS count
    """,
)
