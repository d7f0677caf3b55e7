from __future__ import annotations

import doctest

import pytest
from pydantic import ValidationError

import graph.ids
from graph.errors import UnknownIdentifier
from graph.ids import concept_id, content_hash_id, person_id_for_email, value_node_id
from graph.model import (
    LABELS,
    RELATIONSHIP_TYPES,
    Account,
    Concept,
    Contact,
    check_label,
    check_relationship_type,
    property_keys,
)


def test_id_helpers_pass_their_doctests() -> None:
    assert doctest.testmod(graph.ids).failed == 0


def test_ids_are_stable_and_normalised() -> None:
    assert person_id_for_email("A.B@X.org") == person_id_for_email(" a.b@x.org")
    assert content_hash_id("a", "b") == content_hash_id("a", "b")
    assert content_hash_id("a", "b") != content_hash_id("ab")
    assert value_node_id("role", "Decision Maker") == "role:decision-maker"


def test_concept_id_needs_a_word() -> None:
    with pytest.raises(ValueError, match="at least one letter"):
        concept_id("!!!")


def test_the_allow_lists_cover_the_design() -> None:
    assert {"Account", "Contact", "Employee", "Interaction", "KBArticle", "Concept"} <= set(LABELS)
    assert {"KNOWS", "EXPERT_IN", "INTERESTED_IN", "PURCHASED", "BROADER"} <= set(
        RELATIONSHIP_TYPES
    )
    assert {"id", "created_at", "updated_at", "source", "evidence", "valid_to"} <= set(
        property_keys()
    )


@pytest.mark.parametrize("label", ["Acount", "Account) DETACH DELETE (n", "account", ""])
def test_unknown_or_unsafe_labels_are_refused(label: str) -> None:
    with pytest.raises(UnknownIdentifier, match="unknown label"):
        check_label(label)


@pytest.mark.parametrize("rel_type", ["KNOWS]->(x) DELETE x //", "knows", "LIKES"])
def test_unknown_or_unsafe_relationship_types_are_refused(rel_type: str) -> None:
    with pytest.raises(UnknownIdentifier, match="unknown relationship type"):
        check_relationship_type(rel_type)


def test_relationship_fields_are_not_stored_as_properties() -> None:
    contact = Contact(id="c1", name="Jane", account="acme", email="jane@acme.com")
    assert contact.properties() == {
        "id": "c1",
        "name": "Jane",
        "email": "jane@acme.com",
        "aliases": [],
        "source": "import",
    }


def test_model_refuses_bad_values_with_the_field_named() -> None:
    with pytest.raises(ValidationError, match="status"):
        Account(id="a", name="A", status="friend")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="extra"):
        Account(id="a", name="A", colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="whitespace"):
        Account(id=" a", name="A")


def test_a_single_broader_concept_becomes_a_list() -> None:
    assert Concept(id="concept:sso", name="SSO", broader="concept:security").broader == [
        "concept:security"
    ]
