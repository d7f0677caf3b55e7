"""Concept candidates and their support: in how many interactions, by how many writers, a
phrase was found; candidates with enough support become proposals for the review queue."""

from __future__ import annotations

from graph.queries.registry import read_query, write_query

# A concept's support, after a match of its mentions `(i)-[m:MENTIONS]->(c)`: in how many
# interactions, by how many writers, and whether one of them defines it.
_SUPPORT = """
    OPTIONAL MATCH (p)-[w:PARTICIPATED_IN]->(i)
    WHERE w.role IN ['from', 'author']
    WITH c, count(DISTINCT i) AS interactions, count(DISTINCT p) AS writers,
         max(CASE WHEN m.defines = true THEN 1 ELSE 0 END) AS defined
"""

PROMOTE_SUPPORTED_CONCEPTS = write_query(
    "promote_supported_concepts",
    f"""
    MATCH (i:Interaction)-[m:MENTIONS]->(c:Concept)
    WHERE c.status = 'candidate'
    {_SUPPORT}
    WHERE (interactions >= $min_interactions AND writers >= $min_writers) OR defined = 1
    SET c.status = 'proposed', c.updated_at = $now
    RETURN count(c) AS promoted
    """,
)

CONCEPT_PROPOSALS = read_query(
    "concept_proposals_by_support",
    f"""
    MATCH (c:Concept)
    WHERE c.status = $status
    OPTIONAL MATCH (i:Interaction)-[m:MENTIONS]->(c)
    {_SUPPORT}
    RETURN c.id AS id, c.name AS name, c.synonyms AS synonyms, c.status AS status,
           interactions, writers, defined = 1 AS defined
    ORDER BY interactions DESC, writers DESC, id
    SKIP $skip
    LIMIT $limit
    """,
)

CONCEPTS_BY_STATUS = read_query(
    "concept_counts_by_status",
    """
    MATCH (c:Concept)
    RETURN coalesce(c.status, 'approved') AS status, count(c) AS concepts
    ORDER BY status
    """,
)
