"""Account 360 reads, each anchored on the account's id."""

from __future__ import annotations

from graph.queries.registry import REGISTRY, read_query

ACCOUNT = read_query(
    "account_by_id",
    "MATCH (a:Account {id: $id}) RETURN properties(a) AS account",
)

# Every statement starts from the account's indexed id and walks typed relationships only:
# no OPTIONAL MATCH or label-less node after a WITH, which Grafeo plans as a scan.

ACCOUNT_CONTACTS = read_query(
    "account_contacts_with_roles",
    """
    MATCH (a:Account {id: $id})<-[:WORKS_AT]-(c:Contact)
    RETURN c.id AS id, c.name AS name, c.title AS title, c.email AS email,
           [(c)-[f:HAS_ROLE]->(r:Role)
            WHERE coalesce(f.status, 'proposed') <> 'rejected' AND f.valid_to IS NULL
            | r.name] AS roles
    ORDER BY name
    """,
)

ACCOUNT_PRODUCTS = read_query(
    "account_products_purchased",
    """
    MATCH (a:Account {id: $id})-[p:PURCHASED]->(product:Product)
    RETURN product.id AS id, product.name AS name, p.orders AS orders,
           p.quantity AS quantity, p.revenue AS revenue, p.first_date AS first_date,
           p.last_date AS last_date
    ORDER BY revenue DESC
    """,
)

# The latest interactions about the account or with its contacts (each side limited first).
_RECENT_INTERACTIONS = """
    CALL () {
      MATCH (:Account {id: $id})<-[:ABOUT]-(i:Interaction)
      RETURN i ORDER BY i.occurred_at DESC LIMIT $limit
      UNION
      MATCH (:Account {id: $id})<-[:WORKS_AT]-(:Contact)-[:PARTICIPATED_IN]->(i:Interaction)
      RETURN i ORDER BY i.occurred_at DESC LIMIT $limit
    }
    WITH i ORDER BY i.occurred_at DESC LIMIT $limit
    RETURN i.id AS id, i.kind AS kind, i.subject AS subject, i.occurred_at AS occurred_at,
           left(coalesce(i.text, ''), 240) AS snippet
"""
ACCOUNT_RECENT_INTERACTIONS = read_query("account_recent_interactions", _RECENT_INTERACTIONS)
# Grafeo 0.6 knows the subquery without the (now required by Neo4j) variable scope.
REGISTRY.override(
    ACCOUNT_RECENT_INTERACTIONS, "grafeo", _RECENT_INTERACTIONS.replace("CALL () {", "CALL {")
)

# The fact types of an account 360, as a relationship pattern (all in the model's allow-list).
# Commitments are read through PROMISED_TO (graph.queries.commitments), not here.
_ACCOUNT_FACT_TYPES = (
    "INTERESTED_IN|ASKED_ABOUT|COMPLAINED_ABOUT|PRAISED|EVALUATING|USES|PREFERS|INTRODUCED"
    "|REPORTS_TO"
)
_FACT_FIELDS = """
           o.id AS object_id, o.name AS object_name,
           f.id AS fact_id, f.status AS status, f.confidence AS confidence,
           f.evidence AS evidence, f.interaction_ids AS interaction_ids,
           f.valid_from AS valid_from, f.due AS due
"""

# Current facts whose subject is the account or one of its contacts.
ACCOUNT_FACTS = read_query(
    "account_facts",
    f"""
    MATCH (s:Account {{id: $id}})-[f:{_ACCOUNT_FACT_TYPES}]->(o)
    WHERE coalesce(f.status, 'proposed') <> 'rejected' AND f.valid_to IS NULL
    RETURN s.id AS subject_id, s.name AS subject_name, type(f) AS fact,{_FACT_FIELDS}
    UNION ALL
    MATCH (:Account {{id: $id}})<-[:WORKS_AT]-(s:Contact)-[f:{_ACCOUNT_FACT_TYPES}]->(o)
    WHERE coalesce(f.status, 'proposed') <> 'rejected' AND f.valid_to IS NULL
    RETURN s.id AS subject_id, s.name AS subject_name, type(f) AS fact,{_FACT_FIELDS}
    """,
)

WHO_KNOWS_ACCOUNT = read_query(
    "who_knows_account",
    """
    MATCH (a:Account {id: $id})<-[:WORKS_AT]-(c:Contact)<-[k:KNOWS]-(e:Employee)
    RETURN e.id AS employee_id, e.name AS employee_name, e.title AS employee_title,
           c.id AS contact_id, c.name AS contact_name, k.strength AS strength,
           k.components AS components, k.interaction_count AS interaction_count,
           k.last_interaction_at AS last_interaction_at,
           k.last_interaction_id AS last_interaction_id
    ORDER BY strength DESC
    """,
)
