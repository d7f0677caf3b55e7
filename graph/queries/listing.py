"""Lists with cursor pagination and person details: accounts, the fact review queue, people.

Pages are ordered by `id`; `$after` is the last id of the previous page (or null).
"""

from __future__ import annotations

from graph.model import PEOPLE, check_label
from graph.queries.registry import read_query

ACCOUNTS_PAGE = read_query(
    "accounts_page",
    """
    MATCH (a:Account)
    WHERE ($q IS NULL OR toLower(a.name) CONTAINS $q
           OR any(alias IN coalesce(a.aliases, []) WHERE toLower(alias) CONTAINS $q))
      AND ($status IS NULL OR a.status = $status)
      AND ($after IS NULL OR a.id > $after)
    RETURN a.id AS id, a.name AS name, a.status AS status, a.domain AS domain,
           a.industry AS industry, a.city AS city, a.country AS country
    ORDER BY id
    LIMIT $limit
    """,
)

_FACT_FIELDS = """
    type(f) AS relation, f.id AS id, f.status AS status, f.confidence AS confidence,
    f.evidence AS evidence, f.interaction_ids AS interaction_ids,
    f.valid_from AS valid_from, f.valid_to AS valid_to, f.recorded_at AS recorded_at,
    f.extractor AS extractor, f.extractor_version AS extractor_version
"""

FACTS_PAGE = read_query(
    "facts_review_page",
    """
    MATCH (s)-[f]->(o)
    WHERE type(f) IN $fact_types AND f.id IS NOT NULL
      AND ($status IS NULL OR f.status = $status)
      AND ($relation IS NULL OR type(f) = $relation)
      AND ($after IS NULL OR f.id > $after)
    RETURN s.id AS subject_id, s.name AS subject_name, head(labels(s)) AS subject_label,
           o.id AS object_id, o.name AS object_name, head(labels(o)) AS object_label,
    """
    + _FACT_FIELDS
    + """
    ORDER BY id
    LIMIT $limit
    """,
)

FACT_BY_ID = read_query(
    "fact_by_id",
    """
    MATCH (s)-[f]->(o)
    WHERE f.id = $id AND type(f) IN $fact_types
    RETURN s.id AS subject_id, s.name AS subject_name, head(labels(s)) AS subject_label,
           o.id AS object_id, o.name AS object_name, head(labels(o)) AS object_label,
    """
    + _FACT_FIELDS,
)


def person_query_name(what: str, label: str) -> str:
    return f"person_{what}__{check_label(label).lower()}"


for _label in PEOPLE:
    read_query(
        person_query_name("facts", _label),
        f"""
        MATCH (p:{_label} {{id: $id}})-[f]-(other)
        WHERE type(f) IN $fact_types AND f.id IS NOT NULL
          AND coalesce(f.status, '') <> $rejected AND f.valid_to IS NULL
        WITH startNode(f) AS s, f, endNode(f) AS o
        RETURN s.id AS subject_id, s.name AS subject_name, head(labels(s)) AS subject_label,
               o.id AS object_id, o.name AS object_name, head(labels(o)) AS object_label,
        """
        + _FACT_FIELDS
        + """
        ORDER BY relation, object_name
        """,
    )
    read_query(
        person_query_name("interactions", _label),
        f"""
        MATCH (p:{_label} {{id: $id}})-[r:PARTICIPATED_IN]->(i:Interaction)
        RETURN i.id AS id, i.kind AS kind, i.subject AS subject, i.occurred_at AS occurred_at,
               left(coalesce(i.text, ''), 240) AS snippet, r.role AS role
        ORDER BY occurred_at DESC
        LIMIT $limit
        """,
    )

CONTACT = read_query(
    "contact_with_account",
    """
    MATCH (c:Contact {id: $id})
    OPTIONAL MATCH (c)-[:WORKS_AT]->(a:Account)
    RETURN properties(c) AS contact, a.id AS account_id, a.name AS account_name
    """,
)

CONTACT_KNOWN_BY = read_query(
    "contact_known_by",
    """
    MATCH (c:Contact {id: $id})<-[k:KNOWS]-(e:Employee)
    RETURN e.id AS id, e.name AS name, 'Employee' AS label, k.strength AS strength,
           k.components AS components, k.interaction_count AS interaction_count,
           k.last_interaction_at AS last_interaction_at, k.interaction_ids AS interaction_ids
    ORDER BY strength DESC
    LIMIT $limit
    """,
)

EMPLOYEE = read_query(
    "employee_with_manager",
    """
    MATCH (e:Employee {id: $id})
    OPTIONAL MATCH (e)-[:REPORTS_TO]->(m:Employee)
    RETURN properties(e) AS employee, m.id AS manager_id, m.name AS manager_name
    """,
)

EMPLOYEE_REPORTS = read_query(
    "employee_direct_reports",
    """
    MATCH (e:Employee {id: $id})<-[:REPORTS_TO]-(r:Employee)
    RETURN r.id AS id, r.name AS name, r.title AS title
    ORDER BY name
    """,
)

EMPLOYEE_KNOWS = read_query(
    "employee_knows",
    """
    MATCH (e:Employee {id: $id})-[k:KNOWS]->(p)
    RETURN p.id AS id, p.name AS name, head(labels(p)) AS label, k.strength AS strength,
           k.components AS components, k.interaction_count AS interaction_count,
           k.last_interaction_at AS last_interaction_at, k.interaction_ids AS interaction_ids
    ORDER BY strength DESC
    LIMIT $limit
    """,
)

EMPLOYEE_EXPERTISE = read_query(
    "employee_expertise",
    """
    MATCH (e:Employee {id: $id})-[x:EXPERT_IN]->(t)
    WHERE coalesce(x.status, '') <> $rejected AND x.valid_to IS NULL
    RETURN t.id AS topic_id, t.name AS topic_name, head(labels(t)) AS topic_label,
           x.source AS source, x.score AS score, x.components AS components,
           x.id AS fact_id, x.status AS status, x.confidence AS confidence,
           x.evidence AS evidence, x.interaction_ids AS interaction_ids
    ORDER BY score DESC, topic_name
    """,
)

CONCEPTS_PAGE = read_query(
    "concepts_page",
    """
    MATCH (c:Concept)
    WHERE ($q IS NULL OR toLower(c.name) CONTAINS $q
           OR any(s IN coalesce(c.synonyms, []) WHERE toLower(s) CONTAINS $q))
      AND ($status IS NULL OR coalesce(c.status, 'approved') = $status)
      AND ($after IS NULL OR c.id > $after)
    OPTIONAL MATCH (c)-[:BROADER]->(b:Concept)
    WITH c, collect(b.id) AS broader
    RETURN c.id AS id, c.name AS name, c.synonyms AS synonyms,
           coalesce(c.status, 'approved') AS status, broader
    ORDER BY id
    LIMIT $limit
    """,
)

CONCEPT = read_query(
    "concept_with_broader",
    """
    MATCH (c:Concept {id: $id})
    OPTIONAL MATCH (c)-[:BROADER]->(b:Concept)
    WITH c, collect(b.id) AS broader
    RETURN c.id AS id, c.name AS name, c.synonyms AS synonyms,
           coalesce(c.status, 'approved') AS status, broader
    """,
)
