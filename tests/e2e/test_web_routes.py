"""The web app's pages over HTTP (no browser): signing in, pages for errors rather than
JSON, the session cookie's protections, and the security headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.app import create_app
from graph.settings import Settings
from tests.e2e.conftest import CURATOR_KEY, VIEWER_KEY, ApiClient


@pytest.fixture
def client(api_settings: Settings) -> Iterator[ApiClient]:
    """A browser-like client: no API key header, cookies kept between requests."""
    with ApiClient(create_app(api_settings), {}) as c:
        yield c


def _sign_in(client: ApiClient, key: str) -> None:
    answer = client.post("/sign-in", data={"key": key, "next": "/web/accounts/acme"})
    assert answer.status_code == 303 and answer.headers["location"] == "/web/accounts/acme"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and key.lower() not in cookie


def test_pages_ask_to_sign_in_and_a_wrong_key_says_so(client: ApiClient) -> None:
    page = client.get("/web/accounts/acme")
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=%2Fweb%2Faccounts%2Facme"
    wrong = client.post("/sign-in", data={"key": "nope-nope-nope-nope", "next": "/"})
    assert wrong.status_code == 401 and "That API key is not valid." in wrong.text
    assert "set-cookie" not in wrong.headers
    forgotten = client.get("/web/accounts/acme", headers={"Cookie": "tacit_session=forgotten"})
    assert "expired=1" in forgotten.headers["location"]


def test_errors_on_pages_are_pages_and_on_the_api_problems(client: ApiClient) -> None:
    _sign_in(client, VIEWER_KEY)
    missing = client.get("/web/accounts/no-such-account")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "no account with id" in missing.text
    bad = client.get("/web/graph", params={"id": "acme", "hops": 9})
    assert bad.status_code == 422 and "text/html" in bad.headers["content-type"]
    assert "hops" in bad.text
    wrong_kind = client.get("/web/accounts/acme", params={"kind": "telegram"})
    assert wrong_kind.status_code == 422 and "not a kind of interaction" in wrong_kind.text
    api = client.get("/accounts/no-such-account")
    assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"


def test_the_session_works_for_the_api_but_writes_need_the_web_header(
    client: ApiClient,
) -> None:
    _sign_in(client, CURATOR_KEY)
    assert client.get("/accounts/acme").status_code == 200
    fact_id = client.get("/facts").json()["items"][0]["id"]
    forged = client.post(f"/facts/{fact_id}/approve")
    assert forged.status_code == 403 and "X-Tacit-Web" in forged.json()["detail"]
    done = client.post(f"/facts/{fact_id}/approve", headers={"X-Tacit-Web": "1"})
    assert done.status_code == 200 and done.json()["status"] == "approved"
    client.post("/sign-out")
    assert client.get("/accounts/acme").status_code == 401


def test_viewers_get_no_curation_buttons_and_pages_forbid_framing(client: ApiClient) -> None:
    _sign_in(client, VIEWER_KEY)
    queue = client.get("/web/review/facts")
    assert queue.status_code == 200 and "data-fact-row" in queue.text
    assert "data-review=" not in queue.text and "bulk-actions" not in queue.text
    policy = queue.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self';" in policy
    assert client.get("/web/admin").status_code == 403


def test_a_name_typed_but_not_picked_is_looked_up(client: ApiClient) -> None:
    _sign_in(client, VIEWER_KEY)
    found = client.get("/web/intro", params={"to_text": "dana whitfeld"})
    assert found.status_code == 200 and "Path 1" in found.text and "Maria Santos" in found.text
    nobody = client.get("/web/intro", params={"to_text": "qqqq zzzz"})
    assert "No contact is called “qqqq zzzz”." in nobody.text


def test_accounts_are_listed_by_name_and_status(client: ApiClient) -> None:
    _sign_in(client, VIEWER_KEY)
    customers = client.get("/web/accounts", params={"status": "customer"}).text
    assert "Acme Corp" in customers
    leads = client.get("/web/accounts", params={"status": "lead", "q": "acme"}).text
    assert "Acme Corp" not in leads and "No accounts" in leads
    assert client.get("/web/accounts", params={"status": "vip"}).status_code == 422
