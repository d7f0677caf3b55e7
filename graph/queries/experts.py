"""Expertise: documents that match a question, who is behind them, derived EXPERT_IN."""

from __future__ import annotations

from graph.queries.registry import REGISTRY, read_query, write_query

CONCEPT_LEXICON = read_query(
    "concept_lexicon",
    """
    MATCH (c:Concept)
    WHERE coalesce(c.status, 'approved') <> 'rejected'
    OPTIONAL MATCH (c)-[:BROADER]->(b:Concept)
    RETURN c.id AS id, c.name AS name, c.synonyms AS synonyms, collect(b.id) AS broader
    """,
)

# A sample of interaction texts, to find the words too common to search for.
INTERACTION_TEXT_SAMPLE = read_query(
    "expertise_interaction_text_sample",
    """
    MATCH (i:Interaction)
    RETURN i.subject AS subject, i.text AS text
    LIMIT $k
    """,
)

# Interactions whose subject or text matches a question, older than $before (if given).
MATCHING_INTERACTIONS = read_query(
    "expertise_matching_interactions",
    """
    CALL db.index.fulltext.queryNodes('interaction_text', $q, {limit: $k})
    YIELD node, score
    WHERE node.kind IN $kinds AND ($before IS NULL OR node.occurred_at < $before)
    RETURN node.id AS id, node.kind AS kind, score
    """,
)
REGISTRY.override(
    MATCHING_INTERACTIONS,
    "grafeo",
    """
    CALL {
      CALL grafeo.search.text('Interaction', 'text', $q, $k) YIELD node_id, score
      RETURN node_id, score
      UNION ALL
      CALL grafeo.search.text('Interaction', 'subject', $q, $k) YIELD node_id, score
      RETURN node_id, score
    }
    MATCH (node) WHERE id(node) = node_id
      AND node.kind IN $kinds AND ($before IS NULL OR node.occurred_at < $before)
    RETURN node.id AS id, node.kind AS kind, score
    """,
)

# The employees behind documents: who wrote or handled them, and who answered them, with
# their own words (`own_text`) for the evidence.
DOCUMENT_PEOPLE = read_query(
    "expertise_document_people",
    """
    UNWIND $ids AS document_id
    MATCH (d:Interaction {id: document_id})<-[p:PARTICIPATED_IN]-(e:Employee)
    WHERE p.role IN ['author', 'handler', 'from']
    RETURN d.id AS document_id, e.id AS employee_id, e.name AS name,
           e.external_id AS external_id, d.id AS interaction_id, d.kind AS kind,
           d.accepted AS accepted, d.score AS votes, d.subject AS document_subject,
           left(coalesce(d.text, d.subject, ''), 4000) AS own_text
    UNION ALL
    UNWIND $ids AS document_id
    MATCH (d:Interaction {id: document_id})<-[:REPLY_TO]-(r:Interaction)
          <-[p:PARTICIPATED_IN]-(e:Employee)
    WHERE p.role IN ['author', 'handler', 'from']
      AND ($before IS NULL OR r.occurred_at < $before)
    RETURN d.id AS document_id, e.id AS employee_id, e.name AS name,
           e.external_id AS external_id, r.id AS interaction_id, r.kind AS kind,
           r.accepted AS accepted, r.score AS votes, d.subject AS document_subject,
           left(coalesce(r.text, ''), 4000) AS own_text
    """,
)

EXPERTISE_FOR_CONCEPTS = read_query(
    "expertise_for_concepts",
    """
    UNWIND $concept_ids AS concept_id
    MATCH (c:Concept {id: concept_id})<-[x:EXPERT_IN]-(e:Employee)
    WHERE coalesce(x.status, 'approved') <> 'rejected' AND x.valid_to IS NULL
    RETURN c.id AS concept_id, c.name AS concept_name, e.id AS employee_id,
           e.name AS name, e.external_id AS external_id,
           x.source = 'derived' AS derived, x.score AS score, x.components AS components,
           x.confidence AS confidence, x.status AS status, x.evidence AS evidence,
           x.interaction_ids AS interaction_ids, x.interaction_count AS interaction_count,
           x.valid_from AS valid_from
    """,
)

# As of a moment: the answers and tickets on concepts, older than $before, and who did them
# (the same evidence `derive_expertise` counts, for audits and evaluation over time).
CONCEPT_WORK_BEFORE = read_query(
    "expertise_concept_work_before",
    """
    UNWIND $concept_ids AS concept_id
    MATCH (c:Concept {id: concept_id})<-[:MENTIONS]-(i:Interaction)
          <-[p:PARTICIPATED_IN]-(e:Employee)
    WHERE i.kind IN ['answer', 'ticket'] AND p.role IN ['author', 'handler', 'from']
      AND i.occurred_at < $before
    RETURN c.id AS concept_id, c.name AS concept_name, e.id AS employee_id, e.name AS name,
           e.external_id AS external_id, i.id AS interaction_id
    UNION
    UNWIND $concept_ids AS concept_id
    MATCH (c:Concept {id: concept_id})<-[:MENTIONS]-(:Interaction)<-[:REPLY_TO]-(i:Interaction)
          <-[p:PARTICIPATED_IN]-(e:Employee)
    WHERE i.kind IN ['answer', 'ticket'] AND p.role IN ['author', 'handler', 'from']
      AND i.occurred_at < $before
    RETURN c.id AS concept_id, c.name AS concept_name, e.id AS employee_id, e.name AS name,
           e.external_id AS external_id, i.id AS interaction_id
    """,
)

# Knowledge base articles people wrote: on the concepts of a question, or matching its text.
AUTHORED_ARTICLES_FOR_CONCEPTS = read_query(
    "expertise_authored_articles_for_concepts",
    """
    UNWIND $concept_ids AS concept_id
    MATCH (c:Concept {id: concept_id})<-[:ABOUT|MENTIONS]-(k:KBArticle)<-[:WROTE]-(e:Employee)
    WHERE $before IS NULL OR k.created_at < $before
    RETURN DISTINCT c.id AS concept_id, k.id AS article_id, e.id AS employee_id,
           e.name AS name, e.external_id AS external_id
    """,
)

ARTICLE_AUTHORS = read_query(
    "expertise_article_authors",
    """
    UNWIND $ids AS article_id
    MATCH (k:KBArticle {id: article_id})<-[:WROTE]-(e:Employee)
    WHERE $before IS NULL OR k.created_at < $before
    RETURN k.id AS article_id, k.title AS title, left(coalesce(k.body, ''), 4000) AS body,
           e.id AS employee_id, e.name AS name, e.external_id AS external_id
    """,
)

# The text of interactions, for evidence snippets of the person's own words.
INTERACTION_TEXTS = read_query(
    "expertise_interaction_texts",
    """
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})
    RETURN i.id AS id, i.subject AS subject, left(coalesce(i.text, ''), 4000) AS text
    """,
)

# The prior: precomputed by derive_expertise on each employee.
EMPLOYEE_ACTIVITY = read_query(
    "expertise_employee_activity",
    """
    UNWIND $ids AS employee_id
    MATCH (e:Employee {id: employee_id})
    RETURN e.id AS employee_id, e.name AS name, e.external_id AS external_id,
           e.expertise_activity AS activity, e.expertise_answers AS answers,
           e.expertise_accepted AS accepted, e.expertise_activity_count AS activity_count
    """,
)

# The prior as of a moment (evaluation over time): every employee's answers and tickets
# older than $before, to weigh as derive_expertise does.
ACTIVITY_BEFORE = read_query(
    "expertise_activity_before",
    """
    MATCH (e:Employee)-[p:PARTICIPATED_IN]->(i:Interaction)
    WHERE i.kind IN ['answer', 'ticket'] AND p.role IN ['author', 'handler', 'from']
      AND i.occurred_at < $before
    RETURN e.id AS employee_id, e.name AS name, e.external_id AS external_id,
           i.kind AS kind, i.accepted AS accepted, i.occurred_at AS occurred_at
    """,
)

SET_EMPLOYEE_ACTIVITY = write_query(
    "set_employee_expertise_activity",
    """
    UNWIND $rows AS row
    MATCH (e:Employee {id: row.id})
    SET e.expertise_activity = row.activity, e.expertise_answers = row.answers,
        e.expertise_accepted = row.accepted, e.expertise_activity_count = row.activity_count
    RETURN count(e) AS count
    """,
)

# Evidence of expertise, per batch of employees (for derive).
EXPERTISE_INTERACTIONS = read_query(
    "expertise_evidence_interactions",
    """
    UNWIND $ids AS employee_id
    MATCH (e:Employee {id: employee_id})-[p:PARTICIPATED_IN]->(i:Interaction)
    WHERE i.kind IN ['answer', 'ticket'] AND p.role IN ['author', 'handler', 'from']
      AND ($as_of IS NULL OR i.occurred_at < $as_of)
    RETURN e.id AS employee_id, i.id AS interaction_id, i.kind AS kind,
           i.accepted AS accepted, i.score AS votes, i.occurred_at AS occurred_at,
           COUNT { (i)-[:RESOLVED_BY]->(:KBArticle) } > 0 AS resolved
    """,
)

INTERACTION_CONCEPTS = read_query(
    "expertise_interaction_concepts",
    """
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})-[:MENTIONS]->(c:Concept)
    RETURN i.id AS interaction_id, c.id AS concept_id
    UNION
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})-[:REPLY_TO]->(:Interaction)
          -[:MENTIONS]->(c:Concept)
    RETURN i.id AS interaction_id, c.id AS concept_id
    """,
)

EXPERTISE_ARTICLES = read_query(
    "expertise_evidence_articles",
    """
    UNWIND $ids AS employee_id
    MATCH (e:Employee {id: employee_id})-[:WROTE]->(k:KBArticle)-[:ABOUT|MENTIONS]->(c:Concept)
    RETURN e.id AS employee_id, c.id AS concept_id, k.id AS article_id,
           k.updated_at AS updated_at
    """,
)

STATED_EXPERTISE = read_query(
    "expertise_stated_facts",
    """
    UNWIND $ids AS employee_id
    MATCH (e:Employee {id: employee_id})-[f:EXPERT_IN]->(c:Concept)
    WHERE coalesce(f.source, '') <> 'derived' AND coalesce(f.status, 'proposed') <> 'rejected'
      AND f.valid_to IS NULL
    RETURN e.id AS employee_id, c.id AS concept_id, f.confidence AS confidence,
           f.status AS status, f.interaction_ids AS interaction_ids
    """,
)

DELETE_DERIVED_EXPERTISE = write_query(
    "delete_derived_expertise",
    """
    UNWIND $ids AS employee_id
    MATCH (:Employee {id: employee_id})-[x:EXPERT_IN]->(:Concept)
    WHERE x.source = 'derived'
    DELETE x
    """,
)

MERGE_DERIVED_EXPERTISE = write_query(
    "merge_derived_expertise",
    """
    UNWIND $rows AS row
    MATCH (e:Employee {id: row.from})
    MATCH (c:Concept {id: row.to})
    CREATE (e)-[x:EXPERT_IN]->(c)
    SET x.score = row.score, x.components = row.components,
        x.interaction_count = row.interaction_count, x.evidence_count = row.evidence_count,
        x.interaction_ids = row.interaction_ids,
        x.last_interaction_at = row.last_interaction_at,
        x.computed_at = $now, x.source = 'derived'
    RETURN count(x) AS count
    """,
)
