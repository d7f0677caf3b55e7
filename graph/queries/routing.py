"""Routing requests: queues with their concepts and members, products, people's load."""

from __future__ import annotations

from graph.queries.registry import read_query

QUEUES = read_query(
    "routing_queues",
    """
    MATCH (q:Queue)
    RETURN q.id AS id, q.name AS name, q.description AS description,
           q.department AS department, q.members AS members,
           [(q)-[:ABOUT]->(c:Concept) | c.id] AS concept_ids,
           [(q)-[:ABOUT]->(p:Product) | p.id] AS product_ids
    """,
)

DEPARTMENT_MEMBERS = read_query(
    "routing_department_members",
    """
    UNWIND $departments AS department
    MATCH (e:Employee)
    WHERE e.department = department
    RETURN department, e.id AS employee_id
    """,
)

PRODUCT_NAMES = read_query(
    "routing_product_names",
    """
    MATCH (p:Product)
    RETURN p.id AS id, p.name AS name, p.aliases AS aliases
    """,
)

# Current load: open commitments, tickets handled with no reply or resolution yet, and
# tickets where the customer wrote last after the employee's reply.
EMPLOYEE_LOAD = read_query(
    "routing_employee_load",
    """
    UNWIND $ids AS employee_id
    MATCH (e:Employee {id: employee_id})
    RETURN e.id AS employee_id,
           COUNT {
             (e)-[f:COMMITTED_TO]->(c:Commitment)
             WHERE coalesce(c.status, $open) = $open AND f.valid_to IS NULL
               AND coalesce(f.status, 'proposed') <> 'rejected'
           } AS open_commitments,
           COUNT {
             (e)-[p:PARTICIPATED_IN]->(t:Interaction)
             WHERE t.kind = 'ticket' AND p.role IN ['handler', 'to']
               AND COUNT { (t)<-[:REPLY_TO]-(:Interaction) } = 0
               AND COUNT { (t)-[:RESOLVED_BY]->(:KBArticle) } = 0
           } AS unanswered_tickets,
           COUNT {
             (e)-[p:PARTICIPATED_IN]->(mine:Interaction)<-[:REPLY_TO]-(theirs:Interaction)
             WHERE mine.kind = 'ticket' AND p.role IN ['from', 'author']
               AND COUNT { (theirs)<-[:REPLY_TO]-(:Interaction) } = 0
               AND COUNT {
                 (theirs)<-[q:PARTICIPATED_IN]-(:Employee) WHERE q.role IN ['from', 'author']
               } = 0
           } AS awaiting_reply
    """,
)
