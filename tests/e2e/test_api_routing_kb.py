"""Routing, experts as of a date, and the KB's gaps over HTTP."""

from __future__ import annotations

from tests.e2e.conftest import ApiClient
from tests.world import RAJ


def test_experts_as_of_excludes_later_work(client: ApiClient) -> None:
    now = client.get("/experts", params={"q": "SCIM provisioning"}).json()["items"]
    assert now and now[0]["id"] == RAJ and now[0]["evidence"] and now[0]["prior"]
    before = client.get("/experts", params={"q": "SCIM provisioning", "as_of": "2024-03-06"})
    assert before.status_code == 200 and before.json()["items"] == []
    bad = client.get("/experts", params={"q": "SCIM", "as_of": "last spring"})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert "as_of" in bad.text


def test_route_a_request(client: ApiClient) -> None:
    response = client.post(
        "/route", json={"subject": "SCIM", "text": "How do we configure SCIM provisioning?"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["people"][0]["id"] == RAJ and "load" in body["people"][0]
    assert body["queue"] is None  # no Queue records in this world
    assert isinstance(body["no_good_article"], bool) and body["articles_reason"]
    empty = client.post("/route", json={"subject": " ", "text": ""})
    assert empty.status_code == 422 and "subject nor a text" in empty.text


def test_kb_gaps(client: ApiClient) -> None:
    search = client.get("/kb/search", params={"q": "best stout recipe for winter"}).json()
    assert search["no_good_article"] and search["reason"].startswith("no good article")
    assert client.get("/kb/duplicates").json() == {"items": []}
    outdated = client.get("/kb/outdated", params={"stale_days": 1}).json()["items"]
    assert all(item["reasons"] for item in outdated)
