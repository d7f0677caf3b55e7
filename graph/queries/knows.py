"""Derived KNOWS: the interactions people share, and the edges computed from them."""

from __future__ import annotations

from graph.model import check_label
from graph.queries.registry import read_query, write_query

EMPLOYEE_IDS = read_query(
    "employee_ids",
    "MATCH (e:Employee) RETURN e.id AS id ORDER BY id",
)

_WRITERS = "['from', 'author', 'handler']"
_SHARED_FIELDS = """
    RETURN e.id AS employee_id, other.id AS other_id,
           CASE WHEN other:Employee THEN 'Employee' ELSE 'Contact' END AS other_label,
           pe.role AS employee_role, po.role AS other_role,
           i.id AS interaction_id, i.kind AS kind, i.occurred_at AS occurred_at,
           i.recipient_count AS recipient_count
"""


def _by_who_wrote(anchor: str) -> str:
    """Interactions two people took part in where one of them wrote it, or both attended
    (a call, a meeting), in three branches so that each filters before it expands (two
    recipients of one message do not know each other by it)."""
    people = "(other:Contact OR other:Employee) AND other.id <> e.id"
    return f"""
    {anchor}
    WHERE pe.role IN {_WRITERS}
    MATCH (i)<-[po:PARTICIPATED_IN]-(other)
    WHERE {people}
    {_SHARED_FIELDS}
    UNION ALL
    {anchor}
    WHERE NOT pe.role IN {_WRITERS}
    MATCH (i)<-[po:PARTICIPATED_IN]-(other)
    WHERE po.role IN {_WRITERS} AND {people}
    {_SHARED_FIELDS}
    UNION ALL
    {anchor}
    WHERE NOT pe.role IN {_WRITERS} AND i.kind IN ['meeting', 'call']
    MATCH (i)<-[po:PARTICIPATED_IN]-(other)
    WHERE NOT po.role IN {_WRITERS} AND {people}
    {_SHARED_FIELDS}
    """


SHARED_INTERACTIONS = read_query(
    "shared_interactions_of_employees",
    _by_who_wrote(
        """UNWIND $ids AS employee_id
    MATCH (e:Employee {id: employee_id})-[pe:PARTICIPATED_IN]->(i:Interaction)"""
    ),
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


# ----------------------------------------------------------------- pairs a batch touched


# What some interactions add to the pairs they link, by each way of knowing: the same rows
# as the employee-anchored reads above, anchored on the interactions instead.
PAIR_ROWS_SHARED = read_query(
    "knows_pair_rows_shared",
    _by_who_wrote(
        """UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})<-[pe:PARTICIPATED_IN]-(e:Employee)"""
    ),
)

PAIR_ROWS_REPLIES = read_query(
    "knows_pair_rows_replies",
    f"""
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {{id: interaction_id}})-[:REPLY_TO]-(j:Interaction)
    MATCH (i)<-[pi:PARTICIPATED_IN]-(x)
    MATCH (j)<-[pj:PARTICIPATED_IN]-(y)
    WHERE (x:Contact OR x:Employee) AND (y:Contact OR y:Employee) AND x.id <> y.id
      AND pi.role IN {_WRITERS} AND pj.role IN {_WRITERS}
    RETURN x.id AS x_id, CASE WHEN x:Employee THEN 'Employee' ELSE 'Contact' END AS x_label,
           pi.role AS x_role, i.id AS i_id, i.kind AS i_kind, i.occurred_at AS i_at,
           i.recipient_count AS i_recipients,
           y.id AS y_id, CASE WHEN y:Employee THEN 'Employee' ELSE 'Contact' END AS y_label,
           pj.role AS y_role, j.id AS j_id, j.kind AS j_kind, j.occurred_at AS j_at,
           j.recipient_count AS j_recipients
    """,
)

PAIR_ROWS_ORDERS = read_query(
    "knows_pair_rows_orders",
    """
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})<-[pe:PARTICIPATED_IN]-(e:Employee)
    MATCH (i)-[:ABOUT]->(:Account)<-[:WORKS_AT]-(other:Contact)
    WHERE i.kind = 'order' AND pe.role = 'handler'
    RETURN e.id AS employee_id, other.id AS other_id, 'Contact' AS other_label,
           pe.role AS employee_role, 'customer' AS other_role,
           i.id AS interaction_id, i.kind AS kind, i.occurred_at AS occurred_at,
           i.recipient_count AS recipient_count
    """,
)


def pair_query_name(what: str, other_label: str) -> str:
    return f"knows_pair_{what}__{check_label(other_label).lower()}"


def _pair_by_who_wrote(other_label: str) -> str:
    """What one pair shared: each branch starts from what its writer wrote."""
    fields = _SHARED_FIELDS.replace(
        "CASE WHEN other:Employee THEN 'Employee' ELSE 'Contact' END", f"'{other_label}'"
    )
    return f"""
    UNWIND $pairs AS pair
    MATCH (other:{other_label} {{id: pair.other}})-[po:PARTICIPATED_IN]->(i:Interaction)
    WHERE po.role IN {_WRITERS}
    MATCH (i)<-[pe:PARTICIPATED_IN]-(e:Employee)
    WHERE e.id = pair.employee AND NOT pe.role IN {_WRITERS}
    {fields}
    UNION ALL
    UNWIND $pairs AS pair
    MATCH (e:Employee {{id: pair.employee}})-[pe:PARTICIPATED_IN]->(i:Interaction)
    WHERE pe.role IN {_WRITERS}
    MATCH (i)<-[po:PARTICIPATED_IN]-(other:{other_label})
    WHERE other.id = pair.other AND other.id <> e.id
    {fields}
    UNION ALL
    UNWIND $pairs AS pair
    MATCH (other:{other_label} {{id: pair.other}})-[po:PARTICIPATED_IN]->(i:Interaction)
    WHERE NOT po.role IN {_WRITERS} AND i.kind IN ['meeting', 'call']
    MATCH (i)<-[pe:PARTICIPATED_IN]-(e:Employee)
    WHERE e.id = pair.employee AND NOT pe.role IN {_WRITERS} AND other.id <> e.id
    {fields}
    """


# What one pair shared or replied to each other, by each way of knowing.
for _other in ("Contact", "Employee"):
    read_query(pair_query_name("shared", _other), _pair_by_who_wrote(_other))
    read_query(
        pair_query_name("replies", _other),
        f"""
        UNWIND $pairs AS pair
        MATCH (other:{_other} {{id: pair.other}})-[po:PARTICIPATED_IN]->(theirs:Interaction)
              -[:REPLY_TO]-(mine:Interaction)
              <-[pe:PARTICIPATED_IN]-(e:Employee {{id: pair.employee}})
        WHERE other.id <> e.id AND pe.role IN {_WRITERS} AND po.role IN {_WRITERS}
        RETURN e.id AS employee_id, other.id AS other_id, '{_other}' AS other_label,
               pe.role AS employee_role, po.role AS other_role,
               mine.id AS mine_id, mine.kind AS mine_kind, mine.occurred_at AS mine_at,
               mine.recipient_count AS mine_recipients, theirs.id AS theirs_id,
               theirs.kind AS theirs_kind, theirs.occurred_at AS theirs_at,
               theirs.recipient_count AS theirs_recipients
        """,
    )

PAIR_ORDERS = read_query(
    "knows_pair_orders",
    """
    UNWIND $pairs AS pair
    MATCH (other:Contact {id: pair.other})-[:WORKS_AT]->(:Account)<-[:ABOUT]-(i:Interaction)
          <-[pe:PARTICIPATED_IN]-(e:Employee {id: pair.employee})
    WHERE i.kind = 'order' AND pe.role = 'handler'
    RETURN e.id AS employee_id, other.id AS other_id, 'Contact' AS other_label,
           pe.role AS employee_role, 'customer' AS other_role,
           i.id AS interaction_id, i.kind AS kind, i.occurred_at AS occurred_at,
           i.recipient_count AS recipient_count
    """,
)

DELETE_KNOWS_PAIRS = write_query(
    "delete_knows_pairs",
    """
    UNWIND $pairs AS pair
    MATCH (:Employee {id: pair.employee})-[k:KNOWS]->(other)
    WHERE other.id = pair.other
    DELETE k
    """,
)
