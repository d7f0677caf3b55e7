"""Warm introductions: the people around a person, anchored on their ids."""

from __future__ import annotations

from graph.queries.registry import read_query

_LINKS = """
    WHERE (q:Employee OR q:Contact) AND q.id <> p.id
      AND coalesce(r.status, 'approved') <> 'rejected' AND r.valid_to IS NULL
    RETURN p.id AS person_id, q.id AS other_id,
           CASE WHEN q:Employee THEN 'Employee' ELSE 'Contact' END AS other_label,
           q.name AS other_name, type(r) AS link, startNode(r) = p AS outgoing,
           r.strength AS strength, r.confidence AS confidence, r.components AS components,
           r.interaction_ids AS interaction_ids, r.evidence AS evidence
"""

EMPLOYEE_LINKS = read_query(
    "intro_employee_links",
    """
    UNWIND $ids AS person_id
    MATCH (p:Employee {id: person_id})-[r:KNOWS|REPORTS_TO|INTRODUCED]-(q)
    """
    + _LINKS,
)

CONTACT_LINKS = read_query(
    "intro_contact_links",
    """
    UNWIND $ids AS person_id
    MATCH (p:Contact {id: person_id})-[r:KNOWS|REPORTS_TO|INTRODUCED]-(q)
    """
    + _LINKS,
)

# Contacts who took part in the same (small) interactions.
CONTACT_SHARED_THREADS = read_query(
    "intro_contact_shared_threads",
    """
    UNWIND $ids AS person_id
    MATCH (p:Contact {id: person_id})-[:PARTICIPATED_IN]->(i:Interaction)
          <-[:PARTICIPATED_IN]-(q:Contact)
    WHERE q.id <> p.id AND coalesce(i.recipient_count, 1) <= $max_recipients
    WITH p, q, count(DISTINCT i) AS shared, collect(DISTINCT i.id) AS interaction_ids
    RETURN p.id AS person_id, q.id AS other_id, q.name AS other_name, shared,
           interaction_ids[0..5] AS interaction_ids
    """,
)
