"""`tacit` on Neo4j as a user runs it: real processes, `--graph-url neo4j://` and `bolt://`,
credentials from TACIT_NEO4J_USER/_PASSWORD or from the URL, `tacit serve` answering over
HTTP, and two ingests writing to one Neo4j at once."""

from __future__ import annotations

import email
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.stats import graph_counts
from graph.stores import GraphStore, open_store
from tests.neo4j_server import Neo4jConnection, empty_neo4j_store, neo4j_store_url

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLD = REPO_ROOT / "bench" / "gold"
TACIT = [sys.executable, "-m", "api.cli"]
API_KEY = "neo4j-test-viewer-key-0123456789"
MESSAGES_PER_MAILBOX = 20


def tacit(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*TACIT, *args], capture_output=True, text=True, env=env, timeout=600, cwd=REPO_ROOT
    )
    if check:
        assert result.returncode == 0, result.stderr[-2000:]
    return result


def user_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TACIT_") or k == "TACIT_TEST"}
    return {**env, "COLUMNS": "200", **extra}


@pytest.fixture
def empty_neo4j(neo4j_server: Neo4jConnection) -> Iterator[GraphStore]:
    store = empty_neo4j_store(neo4j_server)
    yield store
    store.close()


def plain_url(server: Neo4jConnection, scheme: str) -> str:
    return f"{scheme}://{server.url.partition('://')[2]}"


def test_init_import_ingest_derive_and_serve_on_neo4j(
    neo4j_server: Neo4jConnection, empty_neo4j: GraphStore, tmp_path: Path
) -> None:
    env = user_env(TACIT_NEO4J_USER=neo4j_server.user, TACIT_NEO4J_PASSWORD=neo4j_server.password)
    routed = plain_url(neo4j_server, "neo4j")
    tacit("init", "--graph-url", routed, env=env)
    records = tmp_path / "world.jsonl"
    shutil.copy(GOLD / "world.jsonl", records)
    imported = json.loads(
        tacit("import", "records", str(records), "--graph-url", routed, "--json", env=env).stdout
    )
    assert (imported["ingested"], imported["failed"]) == (54, 0)

    with_credentials = neo4j_store_url(neo4j_server)  # bolt://user:password@host:port
    no_password = user_env()
    mail = sorted(str(p) for p in (GOLD / "texts").glob("*.eml"))
    ingested = json.loads(
        tacit(
            "ingest",
            "mail",
            *mail,
            "--graph-url",
            with_credentials,
            "--internal-domain",
            "brightline.io",
            "--json",
            env=no_password,
        ).stdout
    )
    assert (ingested["ingested"], ingested["failed"]) == (28, 0)
    tacit("derive", "--graph-url", routed, env=env)
    graph = graph_counts(empty_neo4j)
    assert graph["nodes"]["Interaction"] == 28
    assert graph["relationships"]["KNOWS"] > 0 and graph["relationships"]["EXPERT_IN"] > 0

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*TACIT, "serve", "--port", str(port), "--graph-url", routed],
            env={**env, "TACIT_API_KEYS": f"{API_KEY}:viewer", "TACIT_ENVIRONMENT": "test"},
            cwd=REPO_ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        api = wait_for_api(f"http://127.0.0.1:{port}", server, log)
        account = api.get("/accounts/acme")
        assert account.status_code == 200, account.text
        view = account.json()
        assert view["account"]["name"] == "Acme Corp"
        assert view["contacts"] and any(view["facts"].values())
        experts = api.get("/experts", params={"q": "HIPAA compliance"}).json()["items"]
        assert experts and experts[0]["evidence"]
        intro = api.get("/paths/intro", params={"to": "email:dana.whitfield@acme.com"})
        assert intro.status_code == 200 and intro.json()["items"]
        assert api.get("/stats").json()["nodes"]["Interaction"] == 28
        api.close()
    finally:
        server.terminate()
        server.wait(30)


def test_a_wrong_password_is_a_clear_error_that_does_not_show_it(
    neo4j_server: Neo4jConnection,
) -> None:
    wrong = "not-the-password-42"
    env = user_env(TACIT_NEO4J_PASSWORD=wrong)
    result = tacit("stats", "--graph-url", plain_url(neo4j_server, "bolt"), env=env, check=False)
    assert result.returncode == 1
    assert "refused the credentials of user 'neo4j'" in result.stderr
    assert "TACIT_NEO4J_PASSWORD" in result.stderr
    assert wrong not in result.stderr + result.stdout


def test_two_ingests_write_to_one_neo4j_at_once(
    neo4j_server: Neo4jConnection, empty_neo4j: GraphStore, shared_data: Path, tmp_path: Path
) -> None:
    """Two mailboxes at once; the people they share are written by both, once."""
    mailboxes = []
    for name in ("allen-p", "arnold-j"):
        folder = tmp_path / name
        folder.mkdir()
        messages = sorted(p for p in (shared_data / "enron" / "maildir" / name).rglob("*"))
        for n, path in enumerate([p for p in messages if p.is_file()][:MESSAGES_PER_MAILBOX]):
            shutil.copy(path, folder / f"{n:03d}.eml")
        mailboxes.append(folder)
    env = user_env(TACIT_NEO4J_USER=neo4j_server.user, TACIT_NEO4J_PASSWORD=neo4j_server.password)
    url = plain_url(neo4j_server, "bolt")
    tacit("init", "--graph-url", url, env=env)
    ingests = [
        subprocess.Popen(
            [*TACIT, "ingest", "mail", str(folder), "--graph-url", url, "--json"]
            + ["--internal-domain", "enron.com"],
            env=env,
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in mailboxes
    ]
    summaries = []
    for ingest in ingests:
        out, err = ingest.communicate(timeout=600)
        assert ingest.returncode == 0, err[-2000:]
        summaries.append(json.loads(out))
    assert all(s["failed"] == 0 for s in summaries)
    at_once = graph_counts(empty_neo4j)
    assert at_once["nodes"]["Interaction"] == len(message_ids(mailboxes))
    one_after_the_other = f"grafeo://{tmp_path / 'graph'}"
    tacit(
        "ingest",
        "mail",
        *map(str, mailboxes),
        "--graph-url",
        one_after_the_other,
        "--internal-domain",
        "enron.com",
        env=env,
    )
    grafeo = open_store(one_after_the_other)
    try:
        assert at_once == graph_counts(grafeo)
    finally:
        grafeo.close()


def message_ids(folders: list[Path]) -> set[str]:
    """The distinct Message-IDs of the mail in `folders` (the two mailboxes share some)."""
    return {
        str(email.message_from_bytes(path.read_bytes())["Message-ID"]).strip()
        for folder in folders
        for path in folder.iterdir()
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_api(base: str, server: subprocess.Popen[bytes], log: Path) -> httpx.Client:
    client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {API_KEY}"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            client.close()
            raise AssertionError(f"tacit serve exited: {log.read_text()[-2000:]}")
        try:
            if client.get("/health").status_code == 200:
                return client
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    client.close()
    raise AssertionError("tacit serve did not answer within 120 s")
