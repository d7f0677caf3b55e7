"""What the search box looks through: the names, aliases, addresses and domains of the
things people look for, one statement per label."""

from __future__ import annotations

from graph.queries.registry import read_query

SEARCHABLE_ACCOUNTS = read_query(
    "searchable_accounts",
    """
    MATCH (a:Account)
    RETURN a.id AS id, a.name AS name, coalesce(a.aliases, []) AS aliases,
           [t IN [a.domain] WHERE t IS NOT NULL] AS extra,
           [t IN [a.status, a.city, a.country] WHERE t IS NOT NULL] AS detail
    """,
)

SEARCHABLE_CONTACTS = read_query(
    "searchable_contacts",
    """
    MATCH (c:Contact)
    RETURN c.id AS id, c.name AS name, coalesce(c.aliases, []) AS aliases,
           [t IN [c.email] WHERE t IS NOT NULL] AS extra,
           [t IN [head([(c)-[:WORKS_AT]->(a:Account) | a.name]), c.title] WHERE t IS NOT NULL]
               AS detail
    """,
)

SEARCHABLE_EMPLOYEES = read_query(
    "searchable_employees",
    """
    MATCH (e:Employee)
    RETURN e.id AS id, e.name AS name, coalesce(e.aliases, []) AS aliases,
           [t IN [e.email] WHERE t IS NOT NULL] AS extra,
           [t IN [e.title, e.department] WHERE t IS NOT NULL] AS detail
    """,
)

SEARCHABLE_PRODUCTS = read_query(
    "searchable_products",
    """
    MATCH (p:Product)
    RETURN p.id AS id, p.name AS name, coalesce(p.aliases, []) AS aliases,
           [] AS extra, [t IN [p.category] WHERE t IS NOT NULL] AS detail
    """,
)

SEARCHABLE_CONCEPTS = read_query(
    "searchable_concepts",
    """
    MATCH (c:Concept)
    RETURN c.id AS id, c.name AS name, coalesce(c.synonyms, []) AS aliases,
           [] AS extra, [coalesce(c.status, 'approved')] AS detail
    """,
)

SEARCHABLE: dict[str, str] = {
    "Account": SEARCHABLE_ACCOUNTS,
    "Contact": SEARCHABLE_CONTACTS,
    "Employee": SEARCHABLE_EMPLOYEES,
    "Product": SEARCHABLE_PRODUCTS,
    "Concept": SEARCHABLE_CONCEPTS,
}
