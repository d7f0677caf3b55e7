"""The read routes over HTTP: every answer with its evidence, pages, 404s and 422s."""

from __future__ import annotations

import time

from tests.e2e.conftest import ApiClient
from tests.world import ARTICLE, BEN, DANA, MARCUS, MARIA, RAJ, TOM

PROBLEM = "application/problem+json"


def test_health_needs_no_key(client: ApiClient) -> None:
    response = client.get("/health", headers={"Authorization": ""})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["engine"]) == ("ok", "grafeo")
    deadline = time.monotonic() + 60
    while not body["warm"] and time.monotonic() < deadline:
        time.sleep(0.1)
        body = client.get("/health").json()
    assert body["warm"], "the caches read beside startup are ready within a minute"


def test_stats_count_the_world(client: ApiClient) -> None:
    body = client.get("/stats").json()
    assert body["nodes"]["Account"] == 6 and body["nodes"]["Contact"] == 15
    assert body["relationships"]["INTERESTED_IN"] == 3


def test_accounts_page_through_by_cursor(client: ApiClient) -> None:
    first = client.get("/accounts", params={"limit": 4}).json()
    assert [a["id"] for a in first["items"]] == ["acme", "globex", "halcyon", "initech"]
    second = client.get("/accounts", params={"limit": 4, "cursor": first["next_cursor"]}).json()
    assert [a["id"] for a in second["items"]] == ["pinecrest", "umbrella"]
    assert second["next_cursor"] is None


def test_accounts_filter_by_name_alias_and_status(client: ApiClient) -> None:
    assert [a["id"] for a in client.get("/accounts?q=GLOBEX").json()["items"]] == ["globex"]
    prospects = client.get("/accounts", params={"status": "prospect"}).json()["items"]
    assert {a["id"] for a in prospects} == {"initech", "halcyon"}


def test_account_360_carries_evidence(client: ApiClient) -> None:
    body = client.get("/accounts/acme").json()
    assert body["account"]["name"] == "Acme Corp"
    assert {c["id"] for c in body["contacts"]} >= {DANA, MARCUS}
    interests = body["facts"]["interests"]
    assert interests and all(f["evidence"] for f in interests)
    assert any(e["text"] == "we need single sign-on before the renewal"
               for f in interests for e in f["evidence"])  # fmt: skip
    assert body["open_commitments"][0]["subject_id"] == MARIA
    assert body["who_knows_best"], "KNOWS was derived from the shared interactions"


def test_unknown_ids_are_404_problems(client: ApiClient) -> None:
    for path in (
        "/accounts/nope",
        f"/contacts/{MARIA}",
        f"/employees/{DANA}",
        "/facts/fact:nope",
        "/concepts/concept:nope",
        "/concepts/concept:nope/experts",
        "/paths/intro?to=email:nobody@x.com",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == PROBLEM
        problem = response.json()
        assert problem["status"] == 404 and problem["title"] == "Not Found"
        assert problem["type"] and problem["detail"]


def test_bad_input_is_422_naming_the_field(client: ApiClient) -> None:
    response = client.get("/accounts", params={"limit": 0})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["errors"][0]["field"] == "limit" and "limit" in problem["detail"]
    assert (
        client.get("/accounts", params={"status": "bogus"}).json()["errors"][0]["field"] == "status"
    )
    assert client.get("/accounts", params={"cursor": "!!"}).status_code == 422
    assert client.get("/experts").json()["errors"][0]["field"] == "q"


def test_contact_with_facts_and_who_knows_them(client: ApiClient) -> None:
    body = client.get(f"/contacts/{DANA}").json()
    assert body["account"] == {"id": "acme", "name": "Acme Corp", "label": "Account"}
    assert body["facts"][0]["relation"] == "INTERESTED_IN" and body["facts"][0]["evidence"]
    assert MARIA in [k["id"] for k in body["known_by"]]
    known = next(k for k in body["known_by"] if k["id"] == MARIA)
    assert known["components"] and known["evidence"]
    assert {i["id"] for i in body["recent_interactions"]} >= {"msg:i1@acme.com"}


def test_employee_with_what_and_whom_they_know(client: ApiClient) -> None:
    raj = client.get(f"/employees/{RAJ}").json()
    assert raj["manager"]["name"] == "Nina Kowalski"
    stated = [x for x in raj["expertise"] if x["source"] == "stated"]
    assert stated[0]["topic"]["id"] == "concept:scim" and stated[0]["evidence"]
    maria = client.get(f"/employees/{MARIA}").json()
    assert {k["id"] for k in maria["knows"]} >= {DANA, MARCUS}
    assert client.get(f"/employees/{BEN}").json()["knows"]


def test_experts_for_a_question_and_a_concept(client: ApiClient) -> None:
    body = client.get("/experts", params={"q": "SCIM provisioning"}).json()
    assert body["items"][0]["id"] == RAJ
    assert body["items"][0]["components"] and body["items"][0]["evidence"]
    by_concept = client.get("/concepts/concept:scim/experts").json()
    assert by_concept["items"][0]["id"] == RAJ


def test_warm_intro_paths(client: ApiClient) -> None:
    body = client.get("/paths/intro", params={"to": MARCUS}).json()
    assert body["to"] == MARCUS and body["items"]
    path = body["items"][0]
    assert path["people"][0]["label"] == "Employee" and path["people"][-1]["id"] == MARCUS
    assert path["links"][0]["interaction_ids"] or path["links"][0]["evidence"]
    from_maria = client.get("/paths/intro", params={"to": DANA, "from": MARIA}).json()
    assert from_maria["from"] == MARIA and from_maria["items"][0]["people"][0]["id"] == MARIA


def test_kb_search_and_faq(client: ApiClient) -> None:
    hits = client.get("/kb/search", params={"q": "how to set up SSO"}).json()["items"]
    assert hits[0]["id"] == ARTICLE and hits[0]["components"]
    faq = client.get("/kb/faq").json()
    # One customer question: asked once, it is no frequent question and forms no group.
    assert faq["questions"] == 1 and faq["groups"] == [] and faq["ungrouped"] == 1


def test_review_queue_pages(client: ApiClient) -> None:
    first = client.get("/facts", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    assert all(f["status"] == "proposed" and f["evidence"] for f in first["items"])
    rest = client.get("/facts", params={"limit": 50, "cursor": first["next_cursor"]}).json()
    ids = [f["id"] for f in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 7
    only = client.get("/facts", params={"relation": "ASKED_ABOUT"}).json()["items"]
    assert [f["subject"]["id"] for f in only] == [TOM]


def test_concepts_list(client: ApiClient) -> None:
    body = client.get("/concepts", params={"q": "saml"}).json()
    assert [c["id"] for c in body["items"]] == ["concept:sso"]
    assert body["items"][0]["broader"] == ["concept:security"]
