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

# Employees who wrote or handled answers or tickets: work that is evidence of expertise,
# and moves the experts' prior.
ACTIVITY_INTERACTIONS = read_query(
    "activity_workers_among",
    """
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})<-[p:PARTICIPATED_IN]-(e:Employee)
    WHERE i.kind IN ['answer', 'ticket'] AND p.role IN ['author', 'handler', 'from']
    RETURN DISTINCT e.id AS id
    """,
)
