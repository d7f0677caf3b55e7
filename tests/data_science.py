"""A small store for data-science work: the test world plus purchases and a campaign
(tests/fixtures/commerce.jsonl), and a real `tacit serve` holding a store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from graph.stores import open_store
from ingest.structured import import_records
from tests.world import REPO_ROOT, build_world

COMMERCE = REPO_ROOT / "tests" / "fixtures" / "commerce.jsonl"
TACIT = [sys.executable, "-m", "api.cli"]
START_TIMEOUT_SECONDS = 90
CAMPAIGN = "campaign:beacon-chat-launch"


def build_data_science_store(folder: Path) -> str:
    """A closed Grafeo store under `folder` with the world and commerce records; its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    url = f"grafeo://{folder / 'graph'}"
    store = open_store(url)
    try:
        store.create_schema()
        build_world(store, folder)
        summary = import_records(store, [COMMERCE])
        assert summary.failed == 0, summary.failures
    finally:
        store.close()
    return url


@dataclass
class RunningServer:
    url: str
    graph_url: str
    process: subprocess.Popen[str]


@contextmanager
def running_server(graph_url: str, api_keys: str) -> Iterator[RunningServer]:
    """`tacit serve` on a free loopback port, holding the store at `graph_url`."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "TACIT_API_KEYS": api_keys, "TACIT_ENVIRONMENT": "test"}
    command = [*TACIT, "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--graph-url", graph_url],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, process)
        yield RunningServer(url, graph_url, process)
    finally:
        process.terminate()
        process.communicate(timeout=30)


def _wait_for(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"tacit serve exited: {output}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("tacit serve did not answer /health in time")
