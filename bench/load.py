"""Load benchmark: the real server (uvicorn, one worker) on a copy of the demo store, and
from this process a mix of reads (account 360, experts, intro, KB search) with a steady
trickle of ingests, for a fixed time. Prints requests per second, p50/p95/p99 per route,
and errors.

    .venv/bin/python bench/load.py --duration 60 --concurrency 8

Setup (not measured): the gold world's records and texts are sent through the API, which
also loads the NLP pipeline. Target: zero errors, p95 under 150 ms for reads.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "gold"
READ_ROUTES = ("account_360", "experts", "intro", "kb_search")
QUESTIONS = [
    "single sign-on", "SCIM provisioning", "billing invoices", "data residency",
    "HIPAA compliance", "reporting dashboards", "API rate limits", "offline mode",
    "Salesforce integration", "onboarding training", "pricing", "audit logs",
]  # fmt: skip


def main() -> None:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="tacit-load-") as scratch:
        store = Path(scratch) / "store"
        shutil.copytree(args.store, store)
        viewer, curator = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        port = _free_port()
        server = _start_server(store, port, f"{viewer}:viewer,{curator}:curator")
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_healthy(base, server)
            targets = _setup(base, curator, viewer)
            results = asyncio.run(_load(base, viewer, curator, targets, args))
            _report(results, args.duration)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / "data" / "demo.grafeo")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=8, help="Concurrent readers.")
    parser.add_argument("--ingest-every", type=float, default=2.0, help="Seconds between ingests.")
    args = parser.parse_args()
    if not (args.store / "graph.grafeo").is_file():
        parser.error(f"no demo store at {args.store}; build it with `tacit demo`")
    return args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _start_server(store: Path, port: int, keys: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TACIT_API_KEYS": keys, "TACIT_ENVIRONMENT": "bench"}
    command = [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--graph-url", f"grafeo://{store}"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def _wait_healthy(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited during startup")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not become healthy")


def _setup(base: str, curator: str, viewer: str) -> dict[str, list[str]]:
    """Send the gold world and texts (warming the NLP pipeline); collect ids to read."""
    with httpx.Client(base_url=base, timeout=300) as http:
        auth = {"Authorization": f"Bearer {curator}"}
        world = (GOLD / "world.jsonl").read_bytes()
        http.post("/ingest/records", files={"files": ("world.jsonl", world)}, headers=auth)
        for kind, pattern in (("mail", "*.eml"), ("notes", "*.md")):
            files = [
                ("files", (p.name, p.read_bytes())) for p in sorted((GOLD / "texts").glob(pattern))
            ]
            response = http.post(f"/ingest/{kind}", files=files, headers=auth)
            response.raise_for_status()
        auth = {"Authorization": f"Bearer {viewer}"}
        accounts = [a["id"] for a in http.get("/accounts?limit=200", headers=auth).json()["items"]]
        contacts: list[str] = []
        for account in accounts[:40]:
            body = http.get(f"/accounts/{account}", headers=auth).json()
            contacts += [c["id"] for c in body["contacts"]]
    return {"accounts": accounts, "contacts": contacts}


async def _load(
    base: str, viewer: str, curator: str, targets: dict[str, list[str]], args: argparse.Namespace
) -> dict[str, list[tuple[float, int]]]:
    results: dict[str, list[tuple[float, int]]] = defaultdict(list)
    stop_at = time.monotonic() + args.duration
    limits = httpx.Limits(max_connections=args.concurrency + 2)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        readers = [
            _reader(http, viewer, targets, results, stop_at, random.Random(n))
            for n in range(args.concurrency)
        ]
        await asyncio.gather(*readers, _ingester(http, curator, targets, results, stop_at, args))
    return results


async def _reader(
    http: httpx.AsyncClient,
    key: str,
    targets: dict[str, list[str]],
    results: dict[str, list[tuple[float, int]]],
    stop_at: float,
    rng: random.Random,
) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    while time.monotonic() < stop_at:
        route = rng.choice(READ_ROUTES)
        if route == "account_360":
            url = f"/accounts/{rng.choice(targets['accounts'])}"
        elif route == "experts":
            url = f"/experts?q={rng.choice(QUESTIONS)}"
        elif route == "intro":
            url = f"/paths/intro?to={rng.choice(targets['contacts'])}"
        else:
            url = f"/kb/search?q={rng.choice(QUESTIONS)}"
        await _timed(http, "GET", url, route, headers, results)


async def _ingester(
    http: httpx.AsyncClient,
    key: str,
    targets: dict[str, list[str]],
    results: dict[str, list[tuple[float, int]]],
    stop_at: float,
    args: argparse.Namespace,
) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    number = 0
    while time.monotonic() < stop_at:
        number += 1
        note = (
            f"---\ndate: 2024-06-{number % 28 + 1:02d}\n"
            f"account: {targets['accounts'][number % 10]}\n"
            f"kind: call\n---\n# Check-in {number} ({time.time_ns()})\n\n"
            f"- They asked about {QUESTIONS[number % len(QUESTIONS)]} and want pricing.\n"
        )
        files = {"files": (f"load-{number}.md", note.encode())}
        await _timed(http, "POST", "/ingest/notes", "ingest_notes", headers, results, files=files)
        await asyncio.sleep(args.ingest_every)


async def _timed(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    route: str,
    headers: dict[str, str],
    results: dict[str, list[tuple[float, int]]],
    **kwargs: object,
) -> None:
    started = time.perf_counter()
    try:
        response = await http.request(method, url, headers=headers, **kwargs)  # type: ignore[arg-type]
        status = response.status_code
    except httpx.HTTPError:
        status = 0
    results[route].append(((time.perf_counter() - started) * 1000, status))


def _report(results: dict[str, list[tuple[float, int]]], duration: float) -> None:
    total = sum(len(r) for r in results.values())
    errors = sum(1 for r in results.values() for _, status in r if not 200 <= status < 300)
    print(
        f"{total} requests in {duration:.0f} s: {total / duration:.1f} requests/s, {errors} errors"
    )
    print(f"{'route':<14}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for route in (*READ_ROUTES, "ingest_notes"):
        samples = results.get(route, [])
        if not samples:
            continue
        times = sorted(t for t, _ in samples)
        bad = sum(1 for _, status in samples if not 200 <= status < 300)
        print(
            f"{route:<14}{len(samples):>7}{_pct(times, 50):>9.1f}{_pct(times, 95):>9.1f}"
            f"{_pct(times, 99):>9.1f}{bad:>8}"
        )
    reads = sorted(t for route in READ_ROUTES for t, _ in results.get(route, []))
    if reads:
        print(f"all reads: p50 {statistics.median(reads):.1f} ms, p95 {_pct(reads, 95):.1f} ms")


def _pct(sorted_times: list[float], percent: float) -> float:
    index = min(len(sorted_times) - 1, max(0, round(percent / 100 * len(sorted_times)) - 1))
    return sorted_times[index]


if __name__ == "__main__":
    main()
