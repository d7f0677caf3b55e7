"""A graph people can trust, over HTTP: commitments, fresh derived data, intros that say
why, merges with undo; then the command line beside a running `tacit serve`."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import API_KEYS, CURATOR_KEY, VIEWER_KEY, ApiClient, bearer
from tests.e2e.test_api_auth import TACIT, Server, _start, _stop
from tests.world import BEN, COMMITMENT, DANA, I2, MARCUS, MARIA, TOM

CURATOR = bearer(CURATOR_KEY)

FRESH = """\
From: Ben Carter <ben.carter@brightline.io>
To: Marcus Oyelaran <marcus.oyelaran@acme.com>
Subject: Quick check-in
Date: Mon, 18 Mar 2024 09:00:00 +0000
Message-ID: <fresh-1@brightline.io>

Hi Marcus, how did the pilot go? Ben
"""


def test_commitments_are_listed_patched_and_audited(client: ApiClient) -> None:
    body = client.get("/commitments", params={"account": "acme", "as_of": "2024-03-20"}).json()
    (promise,) = body["items"]
    assert promise["id"] == COMMITMENT and promise["owner"]["id"] == MARIA
    assert [a["id"] for a in promise["accounts"]] == ["acme"]
    assert promise["made_in"]["id"] == I2 and promise["evidence"][0]["interaction_id"] == I2
    assert client.get("/commitments", params={"account": "globex"}).json()["items"] == []
    assert client.patch(f"/commitments/{COMMITMENT}", json={"status": "done"}).status_code == 403
    bad = client.patch(f"/commitments/{COMMITMENT}", json={"status": "kept"}, headers=CURATOR)
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    done = client.patch(f"/commitments/{COMMITMENT}", json={"status": "done"}, headers=CURATOR)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done" and done.json()["status_changed_by"]
    assert client.get("/accounts/acme").json()["open_commitments"] == []
    assert client.get("/commitments", params={"account": "nope"}).status_code == 404


def test_a_fresh_email_changes_the_pages_without_a_restart(client: ApiClient) -> None:
    def marcus_known_by_ben() -> dict[str, object]:
        known = client.get(f"/contacts/{MARCUS}").json()["known_by"]
        return next((k for k in known if k["id"] == BEN), {})

    before = marcus_known_by_ben()
    upload = client.post(
        "/ingest/mail", files={"files": ("fresh.eml", FRESH.encode())}, headers=CURATOR
    )
    assert upload.status_code == 200 and upload.json()["ingested"] == 1, upload.text
    after = marcus_known_by_ben()
    assert after["last_interaction_at"] == "2024-03-18T09:00:00+00:00"
    assert after["interaction_count"] == int(before.get("interaction_count") or 0) + 1
    knowers = client.get("/accounts/acme").json()["who_knows_best"]
    ben = next(k for k in knowers if k["employee_id"] == BEN)
    assert any(c["last_interaction_at"] == "2024-03-18T09:00:00+00:00" for c in ben["contacts"])


def test_a_full_recompute_on_request(client: ApiClient) -> None:
    assert client.post("/admin/derive").status_code == 403
    report = client.post("/admin/derive", headers=CURATOR).json()
    assert report["knows"]["knows_contact"] >= 1 and report["expertise"]["employees"] >= 1


def test_intro_hops_cite_interactions_and_no_path_says_why(client: ApiClient) -> None:
    body = client.get("/paths/intro", params={"to": MARCUS}).json()
    hops = [h for path in body["items"] for h in path["links"] if h["link"] == "KNOWS"]
    assert hops and all(h["evidence"] and h["interactions"] for h in hops)
    assert body["reason"] is None
    nobody = client.get("/paths/intro", params={"to": TOM}).json()
    assert nobody["items"] == [] and nobody["reason_code"] == "nobody_knows_them"
    assert "Tom Becker" in nobody["reason"]


def test_people_merge_and_unmerge_over_http(client: ApiClient) -> None:
    before = client.get(f"/contacts/{MARCUS}").json()
    merged = client.post("/people/merge", json={"keep": MARCUS, "merge": DANA}, headers=CURATOR)
    assert merged.status_code == 200, merged.text
    assert client.get(f"/contacts/{DANA}").status_code == 404
    survivor = client.get(f"/contacts/{MARCUS}").json()
    assert survivor["contact"]["merged_ids"] == [DANA]
    assert len(survivor["recent_interactions"]) > len(before["recent_interactions"])
    undone = client.post("/people/unmerge", json={"id": DANA}, headers=CURATOR)
    assert undone.status_code == 200, undone.text
    assert client.get(f"/contacts/{DANA}").status_code == 200
    restored = client.get(f"/contacts/{MARCUS}").json()
    restored["contact"].pop("updated_at")
    before["contact"].pop("updated_at")
    assert restored["contact"] == before["contact"]
    assert restored == before
    again = client.post("/people/unmerge", json={"id": DANA}, headers=CURATOR)
    assert again.status_code == 422 and "undone already" in again.json()["detail"]


def test_a_merge_is_undone_from_the_curation_history_too(client: ApiClient) -> None:
    merged = client.post("/people/merge", json={"keep": MARCUS, "merge": DANA}, headers=CURATOR)
    (report,) = merged.json()["items"]
    history = client.get("/curation/actions", headers=CURATOR).json()["items"]
    (entry,) = [e for e in history if e["id"] == report["audit_id"]]
    assert entry["action"] == "person.merge" and entry["undoable"]
    undone = client.post(f"/curation/actions/{report['audit_id']}/undo", headers=CURATOR)
    assert undone.status_code == 200, undone.text
    assert client.get(f"/contacts/{DANA}").status_code == 200
    history = client.get("/curation/actions", headers=CURATOR).json()["items"]
    (entry,) = [e for e in history if e["id"] == report["audit_id"]]
    assert entry["undone_by"] and not entry["undoable"]


@pytest.fixture
def server(world_url: str) -> Iterator[Server]:
    started = _start(world_url, {"TACIT_API_KEYS": API_KEYS, "TACIT_ENVIRONMENT": "test"})
    yield started
    _stop(started)


def tacit(*args: str, key: str = VIEWER_KEY) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TACIT_API_KEY": key, "COLUMNS": "200"}
    env.pop("TACIT_API_URL", None)
    return subprocess.run([*TACIT, *args], capture_output=True, text=True, env=env, timeout=300)


def test_the_command_line_reads_and_writes_through_the_server(
    server: Server, world_url: str, tmp_path: Path
) -> None:
    asks = f"asking the server at {server.url}"
    stats = tacit("stats", "--json", "--graph-url", world_url)
    assert stats.returncode == 0 and asks in stats.stderr, stats.stderr
    assert json.loads(stats.stdout)["nodes"]["Contact"] > 0
    account = tacit("account", "acme", "--json", "--graph-url", world_url)
    assert account.returncode == 0, account.stderr
    assert json.loads(account.stdout)["open_commitments"][0]["object_id"] == COMMITMENT
    listed = tacit("commitments", "--account", "acme", "--overdue", "--as-of", "2024-04-01",
                   "--json", "--graph-url", world_url)  # fmt: skip
    assert [c["id"] for c in json.loads(listed.stdout)["commitments"]] == [COMMITMENT]
    intro = tacit("intro", "--to", TOM, "--graph-url", world_url)
    assert intro.returncode == 0 and "nobody here knows Tom Becker" in intro.stdout
    for command in (("kb", "search", "sso", "--json"), ("people", "duplicates", "--json")):
        result = tacit(*command, "--graph-url", world_url)
        assert result.returncode == 0 and asks in result.stderr, (command, result.stderr)
    refused = tacit("derive", "--graph-url", world_url)
    assert refused.returncode == 1 and "403" in refused.stderr and "curator" in refused.stderr
    derived = tacit("derive", "--json", "--api-url", server.url, key=CURATOR_KEY)
    assert derived.returncode == 0 and json.loads(derived.stdout)["knows"]["employees"] > 0
    done = tacit("commitments", "done", COMMITMENT, "--graph-url", world_url, key=CURATOR_KEY)
    assert done.returncode == 0 and "[done]" in done.stdout
    message = tmp_path / "fresh.eml"
    message.write_text(FRESH)
    extracted = tacit("extract", str(message), "--json", "--graph-url", world_url)
    assert extracted.returncode == 0 and asks in extracted.stderr, extracted.stderr
    (result,) = json.loads(extracted.stdout)["results"]
    assert result["file"] == str(message) and "mentions" in result


def test_a_read_of_a_store_that_is_not_there_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = tacit("account", "acme", "--graph-url", f"grafeo://{missing}")
    assert result.returncode == 1
    assert f"there is no graph store at {missing}" in result.stderr
    assert not missing.exists()
