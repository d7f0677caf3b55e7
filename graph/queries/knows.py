"""Derived KNOWS: the interactions people share, and the edges computed from them."""

from __future__ import annotations

from graph.queries.registry import read_query, write_query

EMPLOYEE_IDS = read_query(
    "employee_ids",
    "MATCH (e:Employee) RETURN e.id AS id ORDER BY id",
)

# Every interaction an employee shares with another person, with both people's roles,
# where one of the two wrote it (two recipients of one message do not know each other by it)
# or both attended it.
SHARED_INTERACTIONS = read_query(
    "shared_interactions_of_employees",
    """
    UNWIND $ids AS employee_id
    MATCH (e:Employee {id: employee_id})-[pe:PARTICIPATED_IN]->(i:Interaction)
          <-[po:PARTICIPATED_IN]-(other)
    WHERE (other:Contact OR other:Employee) AND other.id <> e.id
      AND (pe.role IN ['from', 'author', 'handler'] OR po.role IN ['from', 'author', 'handler']
           OR i.kind IN ['meeting', 'call'])
    RETURN e.id AS employee_id, other.id AS other_id,
           CASE WHEN other:Employee THEN 'Employee' ELSE 'Contact' END AS other_label,
           pe.role AS employee_role, po.role AS other_role,
           i.id AS interaction_id, i.kind AS kind, i.occurred_at AS occurred_at,
           i.recipient_count AS recipient_count
    """,
)

DELETE_KNOWS = write_query(
    "delete_knows_of_employees",
    """
    UNWIND $ids AS employee_id
    MATCH (:Employee {id: employee_id})-[k:KNOWS]->()
    DELETE k
    """,
)


def merge_knows_query_name(end_label: str) -> str:
    return f"merge_knows__employee__{end_label.lower()}"


for _end in ("Contact", "Employee"):
    write_query(
        merge_knows_query_name(_end),
        f"""
        UNWIND $rows AS row
        MATCH (e:Employee {{id: row.from}})
        MATCH (p:{_end} {{id: row.to}})
        MERGE (e)-[k:KNOWS]->(p)
        SET k.strength = row.strength, k.components = row.components,
            k.interaction_count = row.interaction_count,
            k.last_interaction_at = row.last_interaction_at,
            k.last_interaction_id = row.last_interaction_id,
            k.interaction_ids = row.interaction_ids,
            k.computed_at = $now, k.source = 'derived'
        RETURN count(k) AS count
        """,
    )

INTERACTIONS_BY_IDS = read_query(
    "interactions_by_ids",
    """
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})
    RETURN i.id AS id, i.kind AS kind, i.subject AS subject, i.occurred_at AS occurred_at,
           left(coalesce(i.text, ''), 240) AS snippet
    """,
)
