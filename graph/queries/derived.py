"""What an incremental refresh of derived data needs to know about a batch."""

from __future__ import annotations

from graph.queries.registry import read_query

EMPLOYEES_AMONG = read_query(
    "employees_among",
    """
    UNWIND $ids AS person_id
    MATCH (e:Employee {id: person_id})
    RETURN e.id AS id
    """,
)

# Answers and tickets an employee wrote or handled: work that moves the experts' prior.
ACTIVITY_INTERACTIONS = read_query(
    "activity_interactions_among",
    """
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})<-[p:PARTICIPATED_IN]-(:Employee)
    WHERE i.kind IN ['answer', 'ticket'] AND p.role IN ['author', 'handler', 'from']
    RETURN i.id AS id
    LIMIT 1
    """,
)
