"""`tacit serve` as a user starts it: a real uvicorn process on a loopback port.

The auth matrix (no key, a wrong key, viewer, curator, admin) over every route, and the
command line sending its work to the server that owns the store.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import ADMIN_KEY, API_KEYS, CURATOR_KEY, VIEWER_KEY
from tests.world import ARTICLE, DANA, MARIA, Q1

TACIT = [sys.executable, "-m", "api.cli"]
START_TIMEOUT_SECONDS = 90
KEYS = {"viewer": VIEWER_KEY, "curator": CURATOR_KEY, "admin": ADMIN_KEY}
RANK = {"viewer": 0, "curator": 1, "admin": 2}


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _start(graph_url: str, env: dict[str, str]) -> Server:
    port = _free_port()
    process = subprocess.Popen(
        [*TACIT, "serve", "--host", "127.0.0.1", "--port", str(port), "--graph-url", graph_url],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"tacit serve exited: {process.stdout.read() if process.stdout else ''}"
            )
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return Server(url, process)
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise AssertionError("tacit serve did not answer /health in time")


def _stop(server: Server) -> str:
    server.process.terminate()
    output, _ = server.process.communicate(timeout=30)
    return output


@pytest.fixture
def server(world_url: str) -> Iterator[Server]:
    started = _start(world_url, {"TACIT_API_KEYS": API_KEYS, "TACIT_ENVIRONMENT": "test"})
    yield started
    _stop(started)


# (method, path, request arguments, the least role that may call it)
ROUTES: list[tuple[str, str, dict[str, Any], str]] = [
    ("GET", "/stats", {}, "viewer"),
    ("GET", "/accounts", {}, "viewer"),
    ("GET", "/accounts/acme", {}, "viewer"),
    ("GET", f"/contacts/{DANA}", {}, "viewer"),
    ("GET", f"/employees/{MARIA}", {}, "viewer"),
    ("GET", "/experts?q=sso", {}, "viewer"),
    ("GET", "/concepts/concept:sso/experts", {}, "viewer"),
    ("GET", f"/paths/intro?to={DANA}", {}, "viewer"),
    ("GET", "/kb/search?q=sso", {}, "viewer"),
    ("GET", "/kb/faq", {}, "viewer"),
    ("GET", "/facts", {}, "viewer"),
    ("GET", "/concepts", {}, "viewer"),
    ("POST", "/facts/fact:unknown/approve", {}, "curator"),
    ("POST", "/facts/fact:unknown/reject", {}, "curator"),
    ("PATCH", "/concepts/concept:billing", {"json": {"synonyms": ["invoices"]}}, "curator"),
    ("POST", "/concepts/concept:unknown/merge", {"json": {"into": "concept:sso"}}, "curator"),
    (
        "POST",
        f"/kb/articles/{ARTICLE}/usage",
        {"json": {"interaction_id": Q1, "helped": True}},
        "curator",
    ),
    ("POST", "/ingest/records", {"files": {"files": ("empty.jsonl", b"")}}, "curator"),
    ("DELETE", "/people/email:nobody@example.com", {}, "admin"),
    ("GET", "/audit", {}, "admin"),
    ("GET", "/commitments?account=acme", {}, "viewer"),
    ("PATCH", "/commitments/commitment:unknown", {"json": {"status": "done"}}, "curator"),
    ("POST", "/admin/derive", {}, "curator"),
    ("GET", "/people/duplicates", {}, "viewer"),
    ("GET", "/accounts/duplicates", {}, "viewer"),
    ("POST", "/people/merge", {"json": {"keep": DANA, "merge": "email:x@y.z"}}, "curator"),
    ("POST", "/people/unmerge", {"json": {"id": "email:x@y.z"}}, "curator"),
    ("POST", "/accounts/merge", {"json": {"keep": "acme", "merge": "nope"}}, "curator"),
    ("POST", "/accounts/unmerge", {"json": {"id": "nope"}}, "curator"),
    ("POST", "/extract", {"files": {"files": ("empty.eml", b"")}}, "viewer"),
]


def test_the_auth_matrix(server: Server) -> None:
    outcomes: dict[tuple[str, str], int] = {}
    with httpx.Client(base_url=server.url, timeout=30) as http:
        assert http.get("/health").status_code == 200
        for method, path, arguments, least in ROUTES:
            for who in (None, "wrong", *KEYS):
                key = {"wrong": "not-a-key-at-all", None: None}.get(who, KEYS.get(str(who)))
                headers = {"Authorization": f"Bearer {key}"} if key else {}
                response = http.request(method, path, headers=headers, **arguments)
                outcomes[(f"{method} {path}", str(who))] = response.status_code
                if who in (None, "wrong"):
                    expected = {401}
                    assert response.headers["www-authenticate"] == "Bearer"
                elif RANK[str(who)] < RANK[least]:
                    expected = {403}
                else:
                    expected = {200, 404}
                assert response.status_code in expected, (method, path, who, response.text)
                assert response.headers["content-type"].startswith("application/")
    assert outcomes[("DELETE /people/email:nobody@example.com", "admin")] == 404
    assert outcomes[("GET /audit", "admin")] == 200


def test_the_command_line_sends_its_work_to_the_server(
    server: Server, world_url: str, tmp_path: Path
) -> None:
    records = tmp_path / "new.jsonl"
    records.write_text('{"label": "Account", "id": "wayne", "name": "Wayne Enterprises"}\n')
    env = {**os.environ, "TACIT_API_KEY": CURATOR_KEY}
    result = subprocess.run(
        [*TACIT, "import", "records", str(records), "--graph-url", world_url, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ingested"] == 1
    assert server.url in result.stderr
    found = httpx.get(
        f"{server.url}/accounts/wayne", headers={"Authorization": f"Bearer {VIEWER_KEY}"}
    )
    assert found.status_code == 200


def test_development_serve_prints_a_generated_key(world_url: str) -> None:
    started = _start(world_url, {"TACIT_API_KEYS": "", "TACIT_ENVIRONMENT": "development"})
    try:
        assert httpx.get(f"{started.url}/stats").status_code == 401
    finally:
        output = _stop(started)
    lines = output.splitlines()
    key = lines[lines.index(next(line for line in lines if "development admin key" in line)) + 1]
    assert len(key.strip()) >= 32
