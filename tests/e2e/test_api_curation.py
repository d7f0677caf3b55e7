"""Curation over HTTP: fact review, concept edits and merges, KB usage, the audit log."""

from __future__ import annotations

from tests.e2e.conftest import ADMIN_KEY, CURATOR_KEY, ApiClient, bearer
from tests.world import ARTICLE, MARCUS, Q1

CURATOR = bearer(CURATOR_KEY)


def _a_proposed_fact(client: ApiClient) -> str:
    fact_id: str = client.get("/facts").json()["items"][0]["id"]
    return fact_id


def test_approve_and_reject_move_facts_out_of_the_queue(client: ApiClient) -> None:
    fact_id = _a_proposed_fact(client)
    approved = client.post(f"/facts/{fact_id}/approve", headers=CURATOR)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert fact_id not in [f["id"] for f in client.get("/facts").json()["items"]]
    assert fact_id in [
        f["id"] for f in client.get("/facts", params={"status": "approved"}).json()["items"]
    ]
    rejected = client.post(f"/facts/{fact_id}/reject", headers=CURATOR).json()
    assert rejected["status"] == "rejected" and rejected["evidence"]


def test_reviewing_needs_a_curator_and_a_known_fact(client: ApiClient) -> None:
    fact_id = _a_proposed_fact(client)
    assert client.post(f"/facts/{fact_id}/approve").status_code == 403
    assert client.post("/facts/fact:nope/approve", headers=CURATOR).status_code == 404


def test_rename_keeps_the_old_name_and_broader_refuses_cycles(client: ApiClient) -> None:
    renamed = client.patch(
        "/concepts/concept:sso", json={"name": "Single Sign-On"}, headers=CURATOR
    ).json()
    assert renamed["name"] == "Single Sign-On" and "single sign-on" not in renamed["synonyms"]
    assert "SAML" in renamed["synonyms"]
    cycle = client.patch(
        "/concepts/concept:security", json={"broader": ["concept:sso"]}, headers=CURATOR
    )
    assert cycle.status_code == 422 and cycle.json()["errors"][0]["field"] == "broader"
    unknown = client.patch("/concepts/concept:sso", json={"broader": ["x"]}, headers=CURATOR)
    assert unknown.status_code == 422
    moved = client.patch(
        "/concepts/concept:sso",
        json={"broader": ["concept:compliance"], "status": "approved"},
        headers=CURATOR,
    ).json()
    assert moved["broader"] == ["concept:compliance"]
    bad = client.patch("/concepts/concept:sso", json={"colour": "red"}, headers=CURATOR)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "colour"


def test_merge_moves_facts_mentions_and_names(client: ApiClient) -> None:
    merged = client.post(
        "/concepts/concept:scim/merge", json={"into": "concept:sso"}, headers=CURATOR
    )
    assert merged.status_code == 200, merged.text
    kept = merged.json()
    assert kept["id"] == "concept:sso"
    assert {"SCIM provisioning", "SCIM", "user provisioning"} <= set(kept["synonyms"])
    assert client.get("/concepts/concept:scim").status_code == 404
    asked = client.get("/facts", params={"relation": "ASKED_ABOUT"}).json()["items"]
    assert asked[0]["object"]["id"] == "concept:sso" and asked[0]["evidence"]
    assert client.get("/experts", params={"q": "user provisioning"}).json()["items"]
    assert (
        client.post(
            "/concepts/concept:sso/merge", json={"into": "concept:sso"}, headers=CURATOR
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/concepts/concept:scim/merge", json={"into": "concept:sso"}, headers=CURATOR
        ).status_code
        == 404
    )


def test_kb_usage_is_recorded(client: ApiClient) -> None:
    body = {"interaction_id": Q1, "helped": True}
    recorded = client.post(f"/kb/articles/{ARTICLE}/usage", json=body, headers=CURATOR)
    assert recorded.status_code == 200 and recorded.json()["helped"] is True
    hit = client.get("/kb/search", params={"q": "single sign-on"}).json()["items"][0]
    assert hit["usefulness"]["helped_count"] == 1
    assert client.post("/kb/articles/kb:nope/usage", json=body, headers=CURATOR).status_code == 404
    unknown_interaction = {"interaction_id": "msg:nope", "helped": False}
    missing = client.post(
        f"/kb/articles/{ARTICLE}/usage", json=unknown_interaction, headers=CURATOR
    )
    assert missing.status_code == 422
    assert client.post(f"/kb/articles/{ARTICLE}/usage", json=body).status_code == 403


def test_the_audit_log_names_actors_not_keys(client: ApiClient) -> None:
    fact_id = _a_proposed_fact(client)
    client.post(f"/facts/{fact_id}/approve", headers=CURATOR)
    assert client.get("/audit", headers=CURATOR).status_code == 403
    entries = client.get("/audit", headers=bearer(ADMIN_KEY)).json()["items"]
    assert entries[0]["action"] == "fact.approve" and entries[0]["target"] == fact_id
    assert entries[0]["actor"].startswith("curator:") and CURATOR_KEY not in str(entries)
    assert MARCUS not in str(entries)
