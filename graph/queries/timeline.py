"""An account's timeline: every interaction about it or with its people, newest first."""

from __future__ import annotations

from graph.queries.registry import REGISTRY, read_query

_TIMELINE = """
    CALL () {
      MATCH (:Account {id: $id})<-[:ABOUT]-(i:Interaction)
      RETURN i
      UNION
      MATCH (:Account {id: $id})<-[:WORKS_AT]-(:Contact)-[:PARTICIPATED_IN]->(i:Interaction)
      RETURN i
    }
    WITH i, [(p)-[r:PARTICIPATED_IN]->(i) WHERE p:Contact OR p:Employee
             | [p.id, p.name, CASE WHEN p:Employee THEN 'Employee' ELSE 'Contact' END, r.role]]
            AS people
    WHERE ($kind IS NULL OR i.kind = $kind)
      AND ($person IS NULL OR any(p IN people WHERE p[0] = $person))
    RETURN i.id AS id, i.kind AS kind, i.subject AS subject, i.occurred_at AS occurred_at,
           left(coalesce(i.text, ''), 280) AS snippet, people
    ORDER BY occurred_at DESC, id DESC
    SKIP $skip
    LIMIT $limit
"""
ACCOUNT_TIMELINE = read_query("account_timeline", _TIMELINE)
# Grafeo 0.6 knows the subquery without the (now required by Neo4j) variable scope.
REGISTRY.override(ACCOUNT_TIMELINE, "grafeo", _TIMELINE.replace("CALL () {", "CALL {"))
