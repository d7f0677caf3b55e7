"""Erasure over HTTP: afterwards nothing of the person is findable through any route."""

from __future__ import annotations

import hashlib

from tests.e2e.conftest import ADMIN_KEY, CURATOR_KEY, ApiClient, bearer
from tests.world import DANA, MARCUS, MARIA

ADMIN = bearer(ADMIN_KEY)
TRACES = ("dana", "whitfield")


def _every_read(client: ApiClient) -> str:
    """Every read route's answer about the world, as one text."""
    paths = [
        "/stats",
        "/accounts?limit=200",
        "/accounts/acme",
        "/accounts/acme/knowers",
        f"/contacts/{MARCUS}",
        f"/employees/{MARIA}",
        "/experts?q=single%20sign-on",
        "/experts?q=billing",
        "/concepts/concept:sso/experts",
        f"/paths/intro?to={MARCUS}",
        "/kb/search?q=single%20sign-on",
        "/kb/faq",
        "/facts?limit=200",
        "/facts?status=approved&limit=200",
        "/concepts?limit=200",
    ]
    answers = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text)
        answers.append(response.text)
    return "\n".join(answers).lower()


def test_erasure_leaves_nothing_findable(client: ApiClient) -> None:
    assert all(trace in _every_read(client) for trace in TRACES)
    response = client.delete(f"/people/{DANA}", headers=ADMIN)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["interactions_deleted"] == 1 and report["facts_deleted"] >= 2
    assert report["target"].startswith("hmac-sha256:") and len(report["target"]) == 76
    assert report["target"] != "hmac-sha256:" + hashlib.sha256(DANA.encode()).hexdigest()
    assert report["compacted"] and report["traces_found"] == 0
    text = _every_read(client)
    assert not [trace for trace in TRACES if trace in text]
    assert "[redacted]" in text, "the sentences that named her remain, redacted"
    assert client.get(f"/contacts/{DANA}").status_code == 404
    assert client.get("/paths/intro", params={"to": DANA}).status_code == 404
    assert client.delete(f"/people/{DANA}", headers=ADMIN).status_code == 404


def test_the_audit_entry_says_who_erased_whom_and_when(client: ApiClient) -> None:
    client.delete(f"/people/{DANA}", headers=ADMIN)
    entry = client.get("/audit", params={"action": "person.erase"}, headers=ADMIN).json()
    (only,) = entry["items"]
    assert only["actor"] == "test-admin" and only["at"]
    assert only["target"].startswith("hmac-sha256:") and "dana" not in str(only).lower()


def test_only_an_admin_erases(client: ApiClient) -> None:
    assert client.delete(f"/people/{DANA}").status_code == 403
    assert client.delete(f"/people/{DANA}", headers=bearer(CURATOR_KEY)).status_code == 403
    assert client.get(f"/contacts/{DANA}").status_code == 200
