"""Erasure on a real store: what goes, what is redacted, what stays, and the audit entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import NotFound
from graph.model import Queue
from graph.queries.nodes import get_node_query_name
from graph.services.audit import audit_page
from graph.services.erasure import erase_person
from graph.services.listing import facts_page
from graph.services.tombstones import keyed_hash, store_salt
from graph.stores.base import GraphStore
from graph.writes import GraphWriter
from tests.world import COMMITMENT, DANA, I1, I2, I3, MARIA, build_world


@pytest.fixture
def world(grafeo_store: GraphStore, tmp_path: Path) -> GraphStore:
    build_world(grafeo_store, tmp_path)
    return grafeo_store


def _node(store: GraphStore, label: str, node_id: str) -> dict[str, object] | None:
    rows = store.read(get_node_query_name(label), {"id": node_id})
    return dict(rows[0]["node"]) if rows else None


def _facts(store: GraphStore) -> dict[tuple[str, str, str], list[dict[str, object]]]:
    page = facts_page(store, status=None, limit=200)
    return {
        (f.subject.id, f.relation, f.object.id): [e.model_dump() for e in f.evidence]
        for f in page.items
    }


def test_erasing_a_contact(world: GraphStore) -> None:
    report = erase_person(world, DANA, actor="admin:test")
    assert _node(world, "Contact", DANA) is None
    assert _node(world, "Interaction", I1) is None, "her own message goes"
    facts = _facts(world)
    assert (DANA, "INTERESTED_IN", "concept:sso") not in facts
    assert ("acme", "INTERESTED_IN", "concept:sso") not in facts, "its only evidence was hers"
    complaint = facts[("acme", "COMPLAINED_ABOUT", "concept:billing")]
    assert [e["interaction_id"] for e in complaint] == [I3]
    assert complaint[0]["text"] == "Marcus complained about billing and [redacted] agreed."
    commitment = facts[(MARIA, "COMMITTED_TO", COMMITMENT)]
    assert commitment[0]["text"].startswith("Hi [redacted] and Marcus")
    reply = _node(world, "Interaction", I2)
    assert reply is not None and "Dana" not in str(reply["text"])
    note = _node(world, "Interaction", I3)
    assert note is not None and "Whitfield" not in str(note["text"])
    assert "Dana" not in json.dumps(list(facts.values()))
    (entry,) = audit_page(world, action="person.erase").items
    salt = store_salt(world)
    assert salt is not None
    assert entry.target == keyed_hash(salt, DANA) == report.target
    assert entry.target.startswith("hmac-sha256:") and "dana" not in entry.target
    assert entry.actor == "admin:test"


def test_erasing_an_employee_takes_their_commitments(world: GraphStore) -> None:
    queue = Queue(id="queue:billing", name="Billing", members=[MARIA, "emp:other"])
    GraphWriter(world).upsert_nodes([queue])
    erase_person(world, MARIA, actor="admin:test")
    assert _node(world, "Employee", MARIA) is None
    assert _node(world, "Commitment", COMMITMENT) is None
    assert _node(world, "Interaction", I2) is None
    assert _node(world, "Contact", DANA) is not None
    listed = _node(world, "Queue", "queue:billing")
    assert listed is not None and listed["members"] == ["emp:other"], "she leaves her queue"


def test_erasing_nobody_is_not_found(world: GraphStore) -> None:
    with pytest.raises(NotFound):
        erase_person(world, "email:nobody@example.com", actor="admin:test")
    assert audit_page(world).items == []
