"""One interaction as people read it: its text and what it is about, anchored on its id
(who took part: `timeline.participants_query_name`)."""

from __future__ import annotations

from graph.queries.registry import read_query

INTERACTION_WITH_PEOPLE = read_query(
    "interaction_with_people",
    """
    MATCH (i:Interaction {id: $id})
    RETURN i.id AS id, i.kind AS kind, i.subject AS subject, i.occurred_at AS occurred_at,
           i.text AS text, i.thread AS thread, i.source AS source,
           [(i)-[:ABOUT]->(a:Account) | [a.id, a.name]] AS accounts
    """,
)
