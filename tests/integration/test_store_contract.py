"""The store contract, the same on every engine (Neo4j only when TACIT_NEO4J_URL is set)."""

from __future__ import annotations

import pytest

from graph.errors import QueryParameterError
from graph.model import Account, Contact, Product
from graph.queries.nodes import get_node_query_name, upsert_nodes_query_name
from graph.stats import graph_counts
from graph.stores import GraphStore
from graph.writes import GraphWriter, Relationship


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
