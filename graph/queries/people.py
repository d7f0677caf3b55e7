"""People reads: employees, contacts and reporting lines."""

from __future__ import annotations

from graph.queries.registry import read_query

REPORTING_LINES = read_query(
    "reporting_lines",
    """
    MATCH (e:Employee)-[:REPORTS_TO]->(m:Employee)
    RETURN e.id AS id, e.name AS name, e.title AS title, m.id AS manager_id,
           m.name AS manager_name
    ORDER BY manager_name, name
    """,
)
