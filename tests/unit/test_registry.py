from __future__ import annotations

import re

import pytest

from graph.errors import QueryParameterError, UnknownQuery
from graph.model import (
    LABELS,
    RELATIONSHIP_TYPES,
    AccountStatus,
    ConceptStatus,
    InteractionKind,
    ParticipantRole,
    ReviewStatus,
)
from graph.queries import REGISTRY
from graph.queries.registry import QueryRegistry, parameters_of
from graph.queries.schema import FULLTEXT_INDEXES
from graph.stores.base import resolve


def test_parameters_are_read_from_the_statement() -> None:
    assert parameters_of("MATCH (n {id: $id}) WHERE n.x IN $values RETURN n") == {"id", "values"}


def model_vocabulary() -> set[str]:
    words = {"", "derived", *LABELS, *RELATIONSHIP_TYPES}
    words |= {index.name for index in FULLTEXT_INDEXES}
    for enum in (AccountStatus, ReviewStatus, ConceptStatus, InteractionKind, ParticipantRole):
        words |= {member.value for member in enum}
    return words


def test_queries_take_values_as_parameters_and_quote_only_model_vocabulary() -> None:
    quoted = re.compile(r"""'([^']*)'|"([^"]*)\"""")
    vocabulary = model_vocabulary()
    for query in REGISTRY:
        if query.name.startswith("schema_"):
            continue
        literals = {a or b for a, b in quoted.findall(query.cypher)}
        assert literals <= vocabulary, f"{query.name} quotes {sorted(literals - vocabulary)}"


def test_labels_and_types_in_queries_come_from_the_model() -> None:
    used_labels = set()
    used_types = set()
    for query in REGISTRY:
        used_labels |= set(re.findall(r"\(\w*:(\w+)", query.cypher))
        used_types |= set(re.findall(r"\[\w*:(\w+)", query.cypher))
    assert used_labels <= set(LABELS)
    assert used_types <= set(RELATIONSHIP_TYPES)


def test_batch_writes_unwind_rows_and_merge_on_id() -> None:
    upserts = [q for q in REGISTRY if q.name.startswith("upsert_")]
    assert upserts
    for query in upserts:
        assert query.cypher.startswith("UNWIND $rows AS row")
        assert "MERGE (n:" in query.cypher and "{id: row.id}" in query.cypher


def test_parameters_are_checked_before_running() -> None:
    with pytest.raises(QueryParameterError, match="missing"):
        resolve("get_account", {}, "read")
    with pytest.raises(QueryParameterError, match="unexpected"):
        resolve("get_account", {"id": "a", "name": "b"}, "read")
    with pytest.raises(QueryParameterError, match="write query"):
        resolve("upsert_account_nodes", {"rows": [], "now": "t"}, "read")
    with pytest.raises(UnknownQuery):
        resolve("no_such_query", {}, "read")


def test_an_override_may_not_invent_parameters() -> None:
    registry = QueryRegistry()
    registry.add("q", "MATCH (n:Account {id: $id}) RETURN n.id AS id", "read")
    registry.override("q", "grafeo", "MATCH (n:Account) WHERE n.id = $id RETURN n.id AS id")
    assert registry.get("q").cypher_for("grafeo").startswith("MATCH (n:Account) WHERE")
    assert registry.get("q").cypher_for("neo4j").startswith("MATCH (n:Account {id")
    with pytest.raises(ValueError, match="unknown parameters"):
        registry.override("q", "grafeo", "MATCH (n) WHERE n.id = $other RETURN n")
    with pytest.raises(ValueError, match="twice"):
        registry.add("q", "RETURN 1", "read")
