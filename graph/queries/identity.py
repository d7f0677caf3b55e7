"""Identity: who a merged id or a second address belongs to, candidates for duplicates,
and moving a record's relationships onto the record it is merged into.

Relationship types cannot be parameters, so a move is one statement per (type, start
label, end label) of the model, all written as `SET r = row.props` on a MERGE: the rows
already hold the combined properties (graph.services.identity computes them).
"""

from __future__ import annotations

from graph.model import (
    DERIVED_RELATIONSHIPS,
    FACT_RELATIONSHIPS,
    PEOPLE,
    STRUCTURAL_RELATIONSHIPS,
    check_label,
    check_relationship_type,
)
from graph.queries.registry import read_query, write_query

MERGEABLE = ("Contact", "Employee", "Account")


def survivors_query_name(label: str) -> str:
    return f"survivors_by_alias__{check_label(label).lower()}"


# Records that absorbed a merged id (`merged_ids`) or hold a second address (`other_emails`):
# where later ingests of the merged record land.
for _label in PEOPLE:
    read_query(
        survivors_query_name(_label),
        f"""
        MATCH (p:{_label})
        WHERE any(m IN coalesce(p.merged_ids, []) WHERE m IN $ids)
           OR any(e IN coalesce(p.other_emails, []) WHERE e IN $emails)
        RETURN p.id AS id, p.name AS name, '{_label}' AS label,
               coalesce(p.merged_ids, []) AS merged_ids,
               coalesce(p.other_emails, []) AS other_emails
        """,
    )

ACCOUNT_SURVIVORS = read_query(
    survivors_query_name("Account"),
    """
    MATCH (a:Account)
    WHERE any(m IN coalesce(a.merged_ids, []) WHERE m IN $ids)
       OR any(d IN coalesce(a.other_domains, []) WHERE d IN $emails)
    RETURN a.id AS id, a.name AS name, 'Account' AS label,
           coalesce(a.merged_ids, []) AS merged_ids,
           coalesce(a.other_domains, []) AS other_emails
    """,
)


def candidates_query_name(label: str) -> str:
    return f"identity_candidates__{check_label(label).lower()}"


# What duplicate detection compares: names, aliases, addresses, accounts.
for _label in PEOPLE:
    read_query(
        candidates_query_name(_label),
        f"""
        MATCH (p:{_label})
        RETURN p.id AS id, p.name AS name, coalesce(p.aliases, []) AS aliases,
               p.email AS email, coalesce(p.other_emails, []) AS other_emails,
               p.phone AS phone, p.source AS source,
               [(p)-[:WORKS_AT]->(a:Account) | a.id] AS accounts
        """,
    )

read_query(
    candidates_query_name("Account"),
    """
    MATCH (a:Account)
    RETURN a.id AS id, a.name AS name, coalesce(a.aliases, []) AS aliases,
           a.domain AS domain, coalesce(a.other_domains, []) AS other_domains,
           a.source AS source
    """,
)


def relationships_of_query_name(label: str) -> str:
    return f"relationships_of__{check_label(label).lower()}"


# Every relationship of one record, both directions, with what is at the other end.
for _label in MERGEABLE:
    read_query(
        relationships_of_query_name(_label),
        f"""
        MATCH (n:{_label} {{id: $id}})-[r]-(o)
        RETURN type(r) AS type, startNode(r) = n AS outgoing, o.id AS other_id,
               head(labels(o)) AS other_label, properties(r) AS props
        """,
    )


def node_of_query_name(label: str) -> str:
    return f"record_properties__{check_label(label).lower()}"


def replace_node_query_name(label: str) -> str:
    return f"replace_record__{check_label(label).lower()}"


def delete_node_query_name(label: str) -> str:
    return f"delete_record__{check_label(label).lower()}"


for _label in MERGEABLE:
    read_query(
        node_of_query_name(_label),
        f"MATCH (n:{_label} {{id: $id}}) RETURN properties(n) AS props",
    )
    write_query(
        replace_node_query_name(_label),
        f"""
        MERGE (n:{_label} {{id: $id}})
        SET n = $props
        RETURN n.id AS id
        """,
    )
    write_query(
        delete_node_query_name(_label),
        f"""
        MATCH (n:{_label} {{id: $id}})
        DETACH DELETE n
        """,
    )


def _endpoints() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for source in (STRUCTURAL_RELATIONSHIPS, FACT_RELATIONSHIPS, DERIVED_RELATIONSHIPS):
        for rel_type, (starts, ends) in source.items():
            known_starts, known_ends = table.get(rel_type, ((), ()))
            table[rel_type] = (
                tuple(dict.fromkeys((*known_starts, *starts))),
                tuple(dict.fromkeys((*known_ends, *ends))),
            )
    return table


ENDPOINTS = _endpoints()


def put_relationships_query_name(rel_type: str, start: str, end: str) -> str:
    check_relationship_type(rel_type)
    return f"put_{rel_type.lower()}__{check_label(start).lower()}__{check_label(end).lower()}"


# One put per relationship type with a mergeable record at one end.
for _type, (_starts, _ends) in ENDPOINTS.items():
    for _start in _starts:
        for _end in _ends:
            if _start not in MERGEABLE and _end not in MERGEABLE:
                continue
            write_query(
                put_relationships_query_name(_type, _start, _end),
                f"""
                UNWIND $rows AS row
                MATCH (a:{_start} {{id: row.from}})
                MATCH (b:{_end} {{id: row.to}})
                MERGE (a)-[r:{_type}]->(b)
                SET r = row.props
                RETURN count(r) AS count
                """,
            )


def delete_relationships_query_name(label: str, outgoing: bool) -> str:
    side = "from" if outgoing else "to"
    return f"drop_relationships_{side}__{check_label(label).lower()}"


# Relationships of a record to others, by type (a value here, compared with type(r)).
for _label in MERGEABLE:
    write_query(
        delete_relationships_query_name(_label, True),
        f"""
        UNWIND $rows AS row
        MATCH (:{_label} {{id: row.record}})-[r]->(o)
        WHERE type(r) = row.type AND o.id = row.other
        DELETE r
        """,
    )
    write_query(
        delete_relationships_query_name(_label, False),
        f"""
        UNWIND $rows AS row
        MATCH (:{_label} {{id: row.record}})<-[r]-(o)
        WHERE type(r) = row.type AND o.id = row.other
        DELETE r
        """,
    )

# The latest merge of a record, undone or not.
LATEST_MERGE = read_query(
    "latest_merge_of_record",
    """
    MATCH (e:AuditEntry)
    WHERE e.action IN $actions AND e.target STARTS WITH $prefix
    RETURN e.id AS id, e.action AS action, e.target AS target, e.undo AS undo,
           e.undone_at AS undone_at
    ORDER BY id DESC
    LIMIT 1
    """,
)
