"""Curation undone from the audit trail, over HTTP: fact reviews, concept edits, merges."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CURATOR_KEY, ApiClient, bearer

CURATOR = bearer(CURATOR_KEY)


def _latest_action(client: ApiClient) -> dict[str, Any]:
    entry: dict[str, Any] = client.get("/curation/actions", headers=CURATOR).json()["items"][0]
    return entry


def _undo(client: ApiClient, audit_id: str) -> Any:
    return client.post(f"/curation/actions/{audit_id}/undo", headers=CURATOR)


def _concept_state(client: ApiClient, concept_id: str) -> dict[str, Any]:
    concept = client.get(f"/concepts/{concept_id}").json()
    around = client.get("/graph/neighbourhood", params={"id": concept_id, "label": "Concept"})
    edges = sorted((e["source"], e["type"], e["fact_id"] or "") for e in around.json()["edges"])
    return {"concept": concept, "edges": edges}


def test_a_rejection_with_a_reason_is_undone_and_audited(client: ApiClient) -> None:
    fact_id = client.get("/facts").json()["items"][0]["id"]
    rejected = client.post(
        f"/facts/{fact_id}/reject", json={"reason": "quoted a partner"}, headers=CURATOR
    )
    assert rejected.json()["status"] == "rejected"
    entry = _latest_action(client)
    assert entry["action"] == "fact.reject" and entry["reason"] == "quoted a partner"
    assert entry["undoable"] is True
    undone = _undo(client, entry["id"])
    assert undone.status_code == 200, undone.text
    assert client.get(f"/facts/{fact_id}").json()["status"] == "proposed"
    actions = client.get("/curation/actions", headers=CURATOR).json()["items"]
    assert actions[0]["action"] == "fact.reject.undo" and actions[0]["undoable"] is False
    assert actions[1]["id"] == entry["id"] and actions[1]["undone_by"].startswith("curator:")
    again = _undo(client, entry["id"])
    assert again.status_code == 422 and "already undone" in again.json()["detail"]


def test_reopen_sends_a_fact_back_to_the_queue(client: ApiClient) -> None:
    fact_id = client.get("/facts").json()["items"][0]["id"]
    client.post(f"/facts/{fact_id}/approve", headers=CURATOR)
    reopened = client.post(f"/facts/{fact_id}/reopen", headers=CURATOR)
    assert reopened.json()["status"] == "proposed"
    assert _latest_action(client)["action"] == "fact.reopen"


def test_a_merge_is_undone_exactly(client: ApiClient) -> None:
    before = {c: _concept_state(client, c) for c in ("concept:sso", "concept:scim")}
    merged = client.post(
        "/concepts/concept:scim/merge", json={"into": "concept:sso"}, headers=CURATOR
    )
    assert merged.status_code == 200
    assert client.get("/concepts/concept:scim").status_code == 404
    assert _concept_state(client, "concept:sso") != before["concept:sso"]
    undone = _undo(client, _latest_action(client)["id"])
    assert undone.status_code == 200, undone.text
    assert "concept:scim is back" in undone.json()["summary"]
    after = {c: _concept_state(client, c) for c in ("concept:sso", "concept:scim")}
    assert after == before
    experts = client.get("/concepts/concept:scim/experts").json()["items"]
    assert experts and experts[0]["id"] == "email:raj.patel@brightline.io"


def test_a_concept_edit_is_undone_and_a_gone_concept_refuses(client: ApiClient) -> None:
    before = client.get("/concepts/concept:sso").json()
    client.patch(
        "/concepts/concept:sso",
        json={"name": "Single Sign-On", "broader": ["concept:compliance"]},
        headers=CURATOR,
    )
    assert _undo(client, _latest_action(client)["id"]).status_code == 200
    assert client.get("/concepts/concept:sso").json() == before
    client.patch("/concepts/concept:scim", json={"name": "SCIM"}, headers=CURATOR)
    rename = _latest_action(client)["id"]
    client.post("/concepts/concept:scim/merge", json={"into": "concept:sso"}, headers=CURATOR)
    refused = _undo(client, rename)
    assert refused.status_code == 422 and "no longer exists" in refused.json()["detail"]


def test_undo_needs_a_curator_and_a_known_entry(client: ApiClient) -> None:
    assert client.get("/curation/actions").status_code == 403
    assert client.post("/curation/actions/audit:nope/undo").status_code == 403
    assert _undo(client, "audit:nope").status_code == 404


def test_search_follows_a_merge_and_its_undo_at_once(client: ApiClient) -> None:
    def concepts_named_scim() -> list[str]:
        found = client.get("/search", params={"q": "SCIM", "types": "Concept"}).json()
        return [hit["id"] for hit in found["items"]]

    assert concepts_named_scim()[0] == "concept:scim"  # the search index is read now
    merged = client.post(
        "/concepts/concept:scim/merge", json={"into": "concept:sso"}, headers=CURATOR
    )
    assert merged.status_code == 200, merged.text
    assert concepts_named_scim()[0] == "concept:sso", "the merged name, a synonym now"
    assert "concept:scim" not in concepts_named_scim()
    assert _undo(client, _latest_action(client)["id"]).status_code == 200
    assert concepts_named_scim()[0] == "concept:scim"
