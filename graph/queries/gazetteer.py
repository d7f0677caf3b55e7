"""What the NLP gazetteer and the people resolver need to know from the graph."""

from __future__ import annotations

from graph.model import MENTIONABLE, check_label
from graph.queries.registry import read_query


def gazetteer_query_name(label: str) -> str:
    return f"gazetteer_{check_label(label).lower()}"


for _label in MENTIONABLE:
    read_query(
        gazetteer_query_name(_label),
        f"""
        MATCH (n:{_label})
        RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.synonyms AS synonyms,
               n.email AS email, n.status AS status, n.source AS source
        """,
    )

PEOPLE_BY_EMAIL = read_query(
    "people_by_email",
    """
    UNWIND $emails AS address
    MATCH (p:Employee {email: address})
    RETURN p.id AS id, p.email AS email, p.name AS name, 'Employee' AS label
    UNION
    UNWIND $emails AS address
    MATCH (p:Contact {email: address})
    RETURN p.id AS id, p.email AS email, p.name AS name, 'Contact' AS label
    """,
)

ACCOUNTS_BY_DOMAIN = read_query(
    "accounts_by_domain",
    """
    MATCH (a:Account) WHERE a.domain IN $domains
    RETURN a.id AS id, a.domain AS domain
    """,
)

ACCOUNTS_OF_PEOPLE = read_query(
    "accounts_of_people",
    """
    MATCH (p:Contact)-[:WORKS_AT]->(a:Account) WHERE p.id IN $ids
    RETURN p.id AS id, a.id AS account
    """,
)
