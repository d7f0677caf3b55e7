"""The store contract, the same on both engines: Grafeo on disk and the session's Neo4j."""

from __future__ import annotations

import gc
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from graph.errors import QueryFailed, QueryParameterError, StoreLocked, StoreUnavailable
from graph.model import (
    FACT_RELATIONSHIPS,
    LABELS,
    STRUCTURAL_RELATIONSHIPS,
    Account,
    Contact,
    Product,
)
from graph.queries.facts import merge_facts_query_name
from graph.queries.knows import merge_knows_query_name
from graph.queries.nodes import get_node_query_name, upsert_nodes_query_name
from graph.queries.registry import read_query, write_query
from graph.queries.relationships import merge_relationships_query_name
from graph.stats import graph_counts
from graph.stores import GraphStore, open_store
from graph.writes import GraphWriter, Relationship
from tests.neo4j_server import Neo4jConnection, neo4j_store_url


def seed(store: GraphStore) -> GraphWriter:
    writer = GraphWriter(store, clock=lambda: "2026-01-01T00:00:00+00:00")
    writer.upsert_nodes(
        [
            Account(id="acme", name="Acme Corp", aliases=["Acme"], status="customer"),  # type: ignore[arg-type]
            Contact(id="c1", name="Jane Roe", email="jane@acme.com"),
            Product(id="p1", name="Widget", unit_price=9.5),
        ]
    )
    rejected = writer.merge_relationships(
        [
            Relationship("WORKS_AT", "c1", "acme"),
            Relationship("PURCHASED", "acme", "p1", {"orders": 2, "revenue": 19.0}),
            Relationship("PURCHASED", "acme", "missing-product"),
        ]
    )
    assert [r.relationship.end for r in rejected] == ["missing-product"]
    return writer


def test_reads_return_plain_dicts_with_stored_properties(any_store: GraphStore) -> None:
    seed(any_store)
    (row,) = any_store.read(get_node_query_name("Account"), {"id": "acme"})
    node = row["node"]
    assert type(node) is dict
    assert node["name"] == "Acme Corp" and node["aliases"] == ["Acme"]
    assert node["status"] == "customer" and node["source"] == "import"
    assert node["created_at"] == node["updated_at"] == "2026-01-01T00:00:00+00:00"


def test_writing_the_same_input_twice_changes_no_count(any_store: GraphStore) -> None:
    seed(any_store)
    first = graph_counts(any_store)
    seed(any_store)
    assert graph_counts(any_store) == first
    assert first == {
        "nodes": {"Account": 1, "Contact": 1, "Product": 1},
        "relationships": {"PURCHASED": 1, "WORKS_AT": 1},
    }


def test_update_keeps_created_at_and_moves_updated_at(any_store: GraphStore) -> None:
    seed(any_store)
    later = GraphWriter(any_store, clock=lambda: "2026-02-01T00:00:00+00:00")
    later.upsert_nodes([Account(id="acme", name="Acme Corporation")])
    (row,) = any_store.read(get_node_query_name("Account"), {"id": "acme"})
    assert row["node"]["name"] == "Acme Corporation"
    assert row["node"]["created_at"] == "2026-01-01T00:00:00+00:00"
    assert row["node"]["updated_at"] == "2026-02-01T00:00:00+00:00"


def test_schema_setup_is_idempotent_and_enforces_unique_ids(any_store: GraphStore) -> None:
    any_store.create_schema()
    any_store.create_schema()
    seed(any_store)
    assert graph_counts(any_store)["nodes"]["Account"] == 1


def test_a_failed_transaction_writes_nothing(any_store: GraphStore) -> None:
    rows = {"rows": [{"id": "new", "props": {"name": "New"}}], "now": "t"}
    with pytest.raises(QueryParameterError):
        any_store.write_many(
            [(upsert_nodes_query_name("Account"), rows), ("get_account", {"wrong": 1})]
        )
    assert any_store.read(get_node_query_name("Account"), {"id": "new"}) == []


# ----------------------------------------------------------------- every type, both engines
NOW = "2026-01-01T00:00:00+00:00"
ROW_PROPS: dict[str, dict[str, Any]] = {label: {"name": f"a {label}"} for label in LABELS}


def _endpoints() -> list[tuple[str, str, str, str]]:
    """(query, relationship type, start label, end label) for every write of an edge."""
    edges = [
        (merge_relationships_query_name(t, s, e), t, s, e)
        for t, (starts, ends) in STRUCTURAL_RELATIONSHIPS.items()
        for s in starts
        for e in ends
    ]
    edges += [
        (merge_facts_query_name(t, s, e), t, s, e)
        for t, (starts, ends) in FACT_RELATIONSHIPS.items()
        for s in starts
        for e in ends
    ]
    edges += [(merge_knows_query_name(e), "KNOWS", "Employee", e) for e in ("Contact", "Employee")]
    return edges


# Relationships kept once per value of a property (RELATIONSHIP_KEYS) need that value.
KEY_PROPS: dict[str, dict[str, Any]] = {"RESPONDED": {"kind": "replied"}}


def _edge_params(query: str, rel_type: str, start: str, end: str) -> dict[str, Any]:
    a, b = f"{start.lower()}:1", f"{end.lower()}:2"
    if query.startswith("merge_fact_"):
        # From node 2 to node 1: a fact on the same pair as a structural REPORTS_TO would be
        # the same edge.
        a, b = f"{start.lower()}:2", f"{end.lower()}:1"
        row = {
            "subject": a,
            "object": b,
            "fact_id": f"fact:{query}",
            "status": "proposed",
            "valid_from": NOW,
            "evidence": '{"interaction_id": "msg:1", "text": "Said.", "start": 0, "end": 5}',
            "interaction_id": "msg:1",
            "confidence": 0.5,
            "extractor": "test",
            "extractor_version": "1",
            "due": None,
        }
    elif query.startswith("merge_knows"):
        row = {
            "from": a,
            "to": b,
            "strength": 0.5,
            "components": "{}",
            "interaction_count": 1,
            "last_interaction_at": NOW,
            "last_interaction_id": "msg:1",
            "interaction_ids": ["msg:1"],
        }
    else:
        props = {"source": "test", **KEY_PROPS.get(rel_type, {})}
        row = {"from": a, "to": b, "props": props}
    return {"rows": [row], "now": NOW}


def write_every_type(store: GraphStore) -> list[str]:
    """Write two nodes of every label and one edge of every kind; the edge writes that
    wrote nothing (a fact's evidence already there counts 0)."""
    for label in LABELS:
        rows = [{"id": f"{label.lower()}:{n}", "props": ROW_PROPS[label]} for n in (1, 2)]
        store.write(upsert_nodes_query_name(label), {"rows": rows, "now": NOW})
    unwritten = []
    for query, rel_type, start, end in _endpoints():
        (written,) = store.write(query, _edge_params(query, rel_type, start, end))
        if written.get("count", 1) != 1:
            unwritten.append(query)
    return unwritten


def test_every_node_and_relationship_type_merges_once(any_store: GraphStore) -> None:
    assert write_every_type(any_store) == []
    first = graph_counts(any_store)
    again = write_every_type(any_store)
    assert graph_counts(any_store) == first
    assert again == [q for q, *_ in _endpoints() if q.startswith("merge_fact_")]
    assert first["nodes"] == dict.fromkeys(LABELS, 2)
    expected: dict[str, int] = {}
    for _, rel_type, _start, _end in _endpoints():
        expected[rel_type] = expected.get(rel_type, 0) + 1
    assert first["relationships"] == expected


def test_a_batch_upsert_writes_every_row_once_and_updates_in_place(any_store: GraphStore) -> None:
    rows = [{"id": f"contact:{n:04d}", "props": {"name": f"Person {n}"}} for n in range(600)]
    query = upsert_nodes_query_name("Contact")
    assert any_store.write(query, {"rows": rows, "now": NOW}) == [{"count": 600}]
    renamed = [{"id": r["id"], "props": {"name": r["props"]["name"].upper()}} for r in rows]
    any_store.write(query, {"rows": renamed, "now": "2026-02-01T00:00:00+00:00"})
    assert graph_counts(any_store)["nodes"] == {"Contact": 600}
    (row,) = any_store.read(get_node_query_name("Contact"), {"id": "contact:0599"})
    assert row["node"]["name"] == "PERSON 599"
    assert row["node"]["created_at"] == NOW


FAILING_WRITE = write_query(
    "test_contract_write_then_divide",
    """
    UNWIND $rows AS row
    MERGE (a:Account {id: row.id})
    SET a.name = toString(10 / row.divisor)
    RETURN count(a) AS count
    """,
)


def test_a_statement_failing_inside_a_transaction_undoes_the_whole_transaction(
    any_store: GraphStore,
) -> None:
    new = {"rows": [{"id": "account:new", "props": {"name": "New"}}], "now": NOW}
    dividing = {"rows": [{"id": "account:half", "divisor": 2}, {"id": "account:x", "divisor": 0}]}
    with pytest.raises(QueryFailed, match="test_contract_write_then_divide"):
        any_store.write_many([(upsert_nodes_query_name("Account"), new), (FAILING_WRITE, dividing)])
    assert graph_counts(any_store)["nodes"] == {}
    any_store.write(FAILING_WRITE, {"rows": [{"id": "account:half", "divisor": 2}]})
    assert graph_counts(any_store)["nodes"] == {"Account": 1}


def test_a_duplicate_id_is_refused_by_the_schema(any_store: GraphStore) -> None:
    any_store.write(CREATE_ACCOUNT, {"id": "account:one"})
    with pytest.raises(QueryFailed):
        any_store.write(CREATE_ACCOUNT, {"id": "account:one"})
    assert graph_counts(any_store)["nodes"] == {"Account": 1}


CREATE_ACCOUNT = write_query(
    "test_contract_create_account", "CREATE (a:Account {id: $id}) RETURN a.id AS id"
)
ECHO = read_query("test_contract_echo", "RETURN $value AS value")

TYPED_PROPS: dict[str, Any] = {
    "text": "Zoë's café",
    "count": 3,
    "big": 2**53 + 1,
    "ratio": 2.5,
    "whole_float": 2.0,
    "flag": True,
    "names": ["a", "b"],
    "numbers": [1, 2],
    "scores": [0.5, 1.5],
    "day": date(2024, 5, 1),
    "at": datetime(2024, 5, 1, 11, 30, tzinfo=timezone(timedelta(hours=2))),
}


def test_values_come_back_as_the_same_python_values(any_store: GraphStore) -> None:
    any_store.write(
        upsert_nodes_query_name("Account"),
        {"rows": [{"id": "account:typed", "props": TYPED_PROPS}], "now": NOW},
    )
    (row,) = any_store.read(get_node_query_name("Account"), {"id": "account:typed"})
    node = row["node"]
    for key, value in TYPED_PROPS.items():
        assert node[key] == value and type(node[key]) is type(value), key
    assert node["at"].tzinfo == UTC and node["at"].hour == 9
    assert type(node["count"]) is int and type(node["whole_float"]) is float
    nested = {"people": [{"id": "c1", "score": 0.5}], "tags": ["x"], "none": None}
    assert any_store.read(ECHO, {"value": nested}) == [{"value": nested}]
    assert any_store.read(ECHO, {"value": None}) == [{"value": None}]


def test_grafeo_has_one_writer_neo4j_many(
    any_store: GraphStore, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if any_store.engine == "grafeo":
        with pytest.raises(StoreLocked, match="in use by another process"):
            open_store(f"grafeo://{tmp_path / 'graph'}")
        return
    other = open_store(neo4j_store_url(request.getfixturevalue("neo4j_server")))
    try:
        rows = {"rows": [{"id": "account:a", "props": {"name": "A"}}], "now": NOW}
        other.write(upsert_nodes_query_name("Account"), rows)
        rows = {"rows": [{"id": "account:b", "props": {"name": "B"}}], "now": NOW}
        any_store.write(upsert_nodes_query_name("Account"), rows)
        assert graph_counts(other)["nodes"] == {"Account": 2}
    finally:
        other.close()


def test_a_wrong_neo4j_password_is_refused_clearly_and_leaks_no_driver(
    neo4j_server: Neo4jConnection,
) -> None:
    wrong = Neo4jConnection(neo4j_server.url, neo4j_server.user, "wrong-password-1")
    with pytest.raises(StoreUnavailable, match="refused the credentials of user 'neo4j'") as e:
        open_store(neo4j_store_url(wrong))
    assert "wrong-password-1" not in str(e.value)
    gc.collect()  # an unclosed driver would warn here, and warnings are errors
