"""An account's timeline: every interaction about it or with its people, newest first.

Each statement starts from an indexed id; ordering, filters and paging happen on the small
list of the account's interactions.
"""

from __future__ import annotations

from graph.model import PEOPLE, check_label
from graph.queries.registry import REGISTRY, read_query

_ACCOUNT_INTERACTIONS = """
    CALL () {
      MATCH (:Account {id: $id})<-[:ABOUT]-(i:Interaction)
      RETURN i
      UNION
      MATCH (:Account {id: $id})<-[:WORKS_AT]-(:Contact)-[:PARTICIPATED_IN]->(i:Interaction)
      RETURN i
    }
    RETURN i.id AS id, i.kind AS kind, i.occurred_at AS occurred_at
"""
ACCOUNT_INTERACTIONS = read_query("account_interactions_index", _ACCOUNT_INTERACTIONS)
# Grafeo 0.6 knows the subquery without the (now required by Neo4j) variable scope.
REGISTRY.override(
    ACCOUNT_INTERACTIONS, "grafeo", _ACCOUNT_INTERACTIONS.replace("CALL () {", "CALL {")
)

INTERACTIONS_WITH_SNIPPETS = read_query(
    "interactions_with_snippets",
    """
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})
    RETURN i.id AS id, i.kind AS kind, i.subject AS subject, i.occurred_at AS occurred_at,
           left(coalesce(i.text, ''), 280) AS snippet
    """,
)


def participants_query_name(label: str) -> str:
    return f"interaction_participants__{check_label(label).lower()}"


def person_interactions_query_name(label: str) -> str:
    return f"interaction_ids_of__{check_label(label).lower()}"


for _label in PEOPLE:
    read_query(
        participants_query_name(_label),
        f"""
        UNWIND $ids AS interaction_id
        MATCH (i:Interaction {{id: interaction_id}})<-[r:PARTICIPATED_IN]-(p:{_label})
        RETURN i.id AS interaction_id, p.id AS id, p.name AS name, r.role AS role
        """,
    )
    read_query(
        person_interactions_query_name(_label),
        f"""
        MATCH (:{_label} {{id: $id}})-[:PARTICIPATED_IN]->(i:Interaction)
        RETURN i.id AS id
        """,
    )
