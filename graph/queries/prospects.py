"""Reads for prospecting: who bought what, and the names to show."""

from __future__ import annotations

from graph.queries.registry import read_query

PURCHASES = read_query(
    "prospecting_purchases",
    """
    MATCH (a:Account)-[:PURCHASED]->(p:Product)
    RETURN a.id AS account, p.id AS product
    """,
)
ACCOUNT_NAMES = read_query(
    "prospecting_accounts",
    "MATCH (a:Account) RETURN a.id AS id, a.name AS name, a.status AS status",
)
PRODUCT_NAMES = read_query(
    "prospecting_products",
    "MATCH (p:Product) RETURN p.id AS id, p.name AS name",
)
