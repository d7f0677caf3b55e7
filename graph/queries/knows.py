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

# Replies between messages each of the two wrote (a ticket's messages have one writer
# each): the employee's message and the other's, each seen from the employee's side.
REPLIES_EXCHANGED = read_query(
    "replies_exchanged_by_employees",
    """
    UNWIND $ids AS employee_id
    MATCH (e:Employee {id: employee_id})-[pe:PARTICIPATED_IN]->(mine:Interaction)
          -[:REPLY_TO]-(theirs:Interaction)<-[po:PARTICIPATED_IN]-(other)
    WHERE (other:Contact OR other:Employee) AND other.id <> e.id
      AND pe.role IN ['from', 'author', 'handler'] AND po.role IN ['from', 'author', 'handler']
    RETURN e.id AS employee_id, other.id AS other_id,
           CASE WHEN other:Employee THEN 'Employee' ELSE 'Contact' END AS other_label,
           pe.role AS employee_role, po.role AS other_role,
           mine.id AS mine_id, mine.kind AS mine_kind, mine.occurred_at AS mine_at,
           mine.recipient_count AS mine_recipients, theirs.id AS theirs_id,
           theirs.kind AS theirs_kind, theirs.occurred_at AS theirs_at,
           theirs.recipient_count AS theirs_recipients
    """,
)

# Orders an employee handled for an account: they deal with its contacts by them.
ORDERS_HANDLED = read_query(
    "orders_handled_by_employees",
    """
    UNWIND $ids AS employee_id
    MATCH (e:Employee {id: employee_id})-[pe:PARTICIPATED_IN]->(i:Interaction)
          -[:ABOUT]->(:Account)<-[:WORKS_AT]-(other:Contact)
    WHERE i.kind = 'order' AND pe.role = 'handler'
    RETURN e.id AS employee_id, other.id AS other_id, 'Contact' AS other_label,
           pe.role AS employee_role, 'customer' AS other_role,
           i.id AS interaction_id, i.kind AS kind, i.occurred_at AS occurred_at,
           i.recipient_count AS recipient_count
    """,
)

# The employees whose relationships some interactions change: who took part in them, or
# in the messages they reply to or that reply to them.
EMPLOYEES_OF_INTERACTIONS = read_query(
    "employees_of_interactions",
    """
    UNWIND $ids AS interaction_id
    MATCH (:Interaction {id: interaction_id})<-[:PARTICIPATED_IN]-(e:Employee)
    RETURN DISTINCT e.id AS id
    UNION
    UNWIND $ids AS interaction_id
    MATCH (:Interaction {id: interaction_id})-[:REPLY_TO]-(:Interaction)
          <-[:PARTICIPATED_IN]-(e:Employee)
    RETURN DISTINCT e.id AS id
    """,
)

# The moment the employees' current KNOWS edges were computed as of.
KNOWS_AS_OF = read_query(
    "knows_as_of_of_employees",
    """
    UNWIND $ids AS employee_id
    MATCH (:Employee {id: employee_id})-[k:KNOWS]->()
    RETURN max(k.as_of) AS as_of
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
            k.interaction_ids = row.interaction_ids, k.as_of = row.as_of,
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
