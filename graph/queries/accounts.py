"""Account reads."""

from __future__ import annotations

from graph.queries.registry import read_query

TOP_ACCOUNTS_BY_REVENUE = read_query(
    "top_accounts_by_revenue",
    """
    MATCH (a:Account)-[p:PURCHASED]->(:Product)
    WITH a, sum(p.revenue) AS revenue, sum(p.orders) AS orders, count(p) AS products
    RETURN a.id AS id, a.name AS name, revenue, orders, products
    ORDER BY revenue DESC
    LIMIT $limit
    """,
)
