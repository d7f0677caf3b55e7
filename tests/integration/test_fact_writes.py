"""Facts on a real store: evidence accumulates on one edge, a contradiction closes it."""

from __future__ import annotations

import json

import pytest

from graph.facts import FactEvidence, FactStatement, fact_id, fact_statements
from graph.model import Contact, Employee, Product
from graph.queries.facts import facts_of_subject_query_name
from graph.stores import GraphStore
from graph.writes import GraphWriter, Relationship


def interest(interaction: str, said_at: str, *, negated: bool = False) -> FactStatement:
    return FactStatement(
        relation="INTERESTED_IN",
        subject_id="c1",
        subject_label="Contact",
        object_id="p1",
        object_label="Product",
        evidence=FactEvidence(interaction, "We are keen on the Widget.", 10, 36),
        said_at=said_at,
        confidence=0.8,
        extractor="tacit.facts",
        extractor_version="1",
        negated=negated,
    )


@pytest.fixture
def world(grafeo_store: GraphStore) -> GraphStore:
    GraphWriter(grafeo_store).upsert_nodes(
        [Contact(id="c1", name="Jane"), Product(id="p1", name="Widget")]
    )
    return grafeo_store


def write(store: GraphStore, *facts: FactStatement) -> None:
    store.write_many(fact_statements(list(facts), "2026-01-01T00:00:00+00:00"))


def current(store: GraphStore) -> dict[str, object]:
    (row,) = store.read(facts_of_subject_query_name("Contact"), {"id": "c1"})
    assert (row["relation"], row["object_id"]) == ("INTERESTED_IN", "p1")
    return dict(row["fact"])


def test_the_same_fact_from_a_new_interaction_adds_evidence(world: GraphStore) -> None:
    write(world, interest("msg:1", "2024-02-01T00:00:00+00:00"))
    write(world, interest("msg:1", "2024-02-01T00:00:00+00:00"))
    write(world, interest("msg:2", "2024-01-15T00:00:00+00:00"))
    fact = current(world)
    assert fact["id"] == fact_id("c1", "INTERESTED_IN", "p1")
    assert fact["status"] == "proposed"
    assert fact["interaction_ids"] == ["msg:1", "msg:2"]
    assert fact["evidence_count"] == 2
    assert [json.loads(e)["interaction_id"] for e in fact["evidence"]] == ["msg:1", "msg:2"]
    assert json.loads(fact["evidence"][0])["text"] == "We are keen on the Widget."
    assert fact["valid_from"] == "2024-01-15T00:00:00+00:00"
    assert fact.get("valid_to") is None


def test_a_later_contradiction_sets_valid_to(world: GraphStore) -> None:
    write(world, interest("msg:1", "2024-02-01T00:00:00+00:00"))
    write(world, interest("msg:3", "2024-06-01T00:00:00+00:00", negated=True))
    fact = current(world)
    assert fact["valid_to"] == "2024-06-01T00:00:00+00:00"
    assert json.loads(str(fact["closed_by"]))["interaction_id"] == "msg:3"


def test_an_earlier_contradiction_leaves_the_fact_open(world: GraphStore) -> None:
    write(world, interest("msg:1", "2024-02-01T00:00:00+00:00"))
    write(world, interest("msg:0", "2023-01-01T00:00:00+00:00", negated=True))
    assert current(world).get("valid_to") is None


def test_a_fact_on_an_imported_reporting_line_records_its_evidence(any_store: GraphStore) -> None:
    writer = GraphWriter(any_store)
    writer.upsert_nodes([Employee(id="e1", name="Ann"), Employee(id="e2", name="Ben")])
    writer.merge_relationships([Relationship("REPORTS_TO", "e1", "e2", {"source": "hr"})])
    said = FactStatement(
        relation="REPORTS_TO",
        subject_id="e1",
        subject_label="Employee",
        object_id="e2",
        object_label="Employee",
        evidence=FactEvidence("msg:1", "Ann reports to Ben.", 0, 18),
        said_at="2024-02-01T00:00:00+00:00",
        confidence=0.8,
        extractor="tacit.facts",
        extractor_version="1",
    )
    write(any_store, said)
    write(any_store, said)
    (row,) = any_store.read(facts_of_subject_query_name("Employee"), {"id": "e1"})
    fact = row["fact"]
    assert (row["relation"], row["object_id"]) == ("REPORTS_TO", "e2")
    assert fact["source"] == "hr"  # still the imported edge, now with the fact on it
    assert fact["id"] == fact_id("e1", "REPORTS_TO", "e2")
    assert fact["status"] == "proposed"
    assert fact["interaction_ids"] == ["msg:1"]
    assert fact["evidence_count"] == 1
    assert json.loads(fact["evidence"][0])["text"] == "Ann reports to Ben."
    assert fact["valid_from"] == "2024-02-01T00:00:00+00:00"


def test_a_fact_outside_the_model_is_refused() -> None:
    wrong = FactStatement(
        relation="HAS_ROLE",
        subject_id="acme",
        subject_label="Account",
        object_id="p1",
        object_label="Product",
        evidence=FactEvidence("msg:1", "x", 0, 1),
        said_at="2024-01-01",
        confidence=0.5,
        extractor="t",
        extractor_version="1",
    )
    assert not wrong.allowed()
    with pytest.raises(ValueError, match="not in the model"):
        fact_statements([wrong], "now")
