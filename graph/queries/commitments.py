"""Commitments: one node per promise, who made it (COMMITTED_TO), to whom (PROMISED_TO).

A listing starts from what it is filtered by (an account, an owner, or the commitments'
label), then reads each commitment's promiser, accounts, evidence and closing proposals.
"""

from __future__ import annotations

from graph.model import PEOPLE, check_label
from graph.queries.registry import read_query, write_query

_LIVE_FACT = "coalesce(f.status, 'proposed') <> 'rejected' AND f.valid_to IS NULL"

# The ids of commitments matching the filters, ordered by id, one page after $after.
_PAGE_FILTERS = """
    WHERE ($status IS NULL OR m.status = $status)
      AND ($due_before IS NULL OR (m.due IS NOT NULL AND m.due < $due_before))
      AND ($after IS NULL OR m.id > $after)
    RETURN DISTINCT m.id AS id
    ORDER BY id
    LIMIT $limit
"""

COMMITMENT_IDS = read_query(
    "commitment_ids_page",
    """
    MATCH (m:Commitment)
    """
    + _PAGE_FILTERS,
)

COMMITMENT_IDS_OF_ACCOUNT = read_query(
    "commitment_ids_of_account",
    """
    MATCH (:Account {id: $account})<-[:PROMISED_TO]-(m:Commitment)
    """
    + _PAGE_FILTERS,
)


def commitment_ids_of_owner_query_name(label: str) -> str:
    return f"commitment_ids_of_{check_label(label).lower()}"


for _label in PEOPLE:
    read_query(
        commitment_ids_of_owner_query_name(_label),
        f"""
        MATCH (:{_label} {{id: $owner}})-[f:COMMITTED_TO]->(m:Commitment)
        WHERE {_LIVE_FACT}
        WITH m
        """
        + _PAGE_FILTERS,
    )


def commitment_ids_of_account_and_owner_query_name(label: str) -> str:
    return f"commitment_ids_of_account_and_{check_label(label).lower()}"


for _label in PEOPLE:
    read_query(
        commitment_ids_of_account_and_owner_query_name(_label),
        f"""
        MATCH (:Account {{id: $account}})<-[:PROMISED_TO]-(m:Commitment)
              <-[f:COMMITTED_TO]-(:{_label} {{id: $owner}})
        WHERE {_LIVE_FACT}
        WITH m
        """
        + _PAGE_FILTERS,
    )

# Everything a commitment answer shows, for a page of ids.
COMMITMENTS_BY_IDS = read_query(
    "commitments_by_ids",
    f"""
    UNWIND $ids AS commitment_id
    MATCH (m:Commitment {{id: commitment_id}})
    RETURN m.id AS id, m.name AS promise, m.due AS due, m.status AS status,
           m.made_in AS made_in, m.status_changed_by AS status_changed_by,
           m.status_changed_at AS status_changed_at,
           [(s)-[f:COMMITTED_TO]->(m) WHERE {_LIVE_FACT} |
            {{id: s.id, name: s.name, label: head(labels(s)), fact_id: f.id,
              fact_status: f.status, confidence: f.confidence, evidence: f.evidence,
              interaction_ids: f.interaction_ids, due: f.due}}] AS owners,
           [(m)-[:PROMISED_TO]->(a:Account) | {{id: a.id, name: a.name}}] AS accounts,
           [(m)-[:PROMISED_TO]->(c:Contact) | {{id: c.id, name: c.name}}] AS contacts,
           [(p)-[f:FULFILLED]->(m) WHERE coalesce(f.status, 'proposed') <> 'rejected' |
            {{fact_id: f.id, status: f.status, by_id: p.id, by_name: p.name,
              confidence: f.confidence, evidence: f.evidence,
              interaction_ids: f.interaction_ids}}] AS closing
    """,
)

# The interaction a commitment was made in (kind, subject, when).
INTERACTIONS_MADE_IN = read_query(
    "commitment_interactions_made_in",
    """
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})
    RETURN i.id AS id, i.kind AS kind, i.subject AS subject, i.occurred_at AS occurred_at
    """,
)

SET_COMMITMENT_STATUS = write_query(
    "set_commitment_status",
    """
    MATCH (m:Commitment {id: $id})
    SET m.status = $status, m.status_changed_by = $actor, m.status_changed_at = $now,
        m.updated_at = $now
    RETURN m.id AS id
    """,
)


def open_commitments_of_query_name(label: str) -> str:
    return f"open_commitments_of_{check_label(label).lower()}"


# Open commitments people made: what a later message of theirs may say they kept.
for _label in PEOPLE:
    read_query(
        open_commitments_of_query_name(_label),
        f"""
        UNWIND $ids AS person_id
        MATCH (s:{_label} {{id: person_id}})-[f:COMMITTED_TO]->(m:Commitment)
        WHERE m.status = $open AND {_LIVE_FACT}
        RETURN s.id AS person_id, m.id AS id, m.name AS promise, m.made_in AS made_in,
               [(m)-[:PROMISED_TO]->(a:Account) | a.id] AS accounts
        """,
    )
