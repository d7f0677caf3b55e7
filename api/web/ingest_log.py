"""What the admin page shows of ingest: the last runs through this server's ingest routes
(`POST /ingest/...`), each with its summary, first failures and first notes (records
ingested in part, say a text analysed only up to a bound), kept in memory.

It watches the answers of the ingest routes rather than the routes themselves, so any route
that answers the ingest summary (read, ingested, unchanged, failed, failures) is listed.
"""

from __future__ import annotations

import json
from collections import deque
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

KEPT_RUNS = 20
KEPT_FAILURES = 10
MAX_SUMMARY_BYTES = 2 * 1024 * 1024
INGEST_PREFIX = "/ingest/"


class IngestRuns:
    def __init__(self) -> None:
        self.runs: deque[dict[str, Any]] = deque(maxlen=KEPT_RUNS)

    def __iter__(self) -> Any:
        return iter(reversed(self.runs))

    def record(self, kind: str, status: int, body: bytes) -> None:
        try:
            summary = json.loads(body)
        except ValueError:
            summary = None
        run: dict[str, Any] = {"kind": kind, "at": datetime.now(UTC).isoformat(), "status": status}
        if isinstance(summary, dict) and "read" in summary:
            run.update({k: summary.get(k, 0) for k in ("read", "ingested", "unchanged", "failed")})
            run["failures"] = list(summary.get("failures") or [])[:KEPT_FAILURES]
            run["notes"] = list(summary.get("notes") or [])[:KEPT_FAILURES]
        else:
            detail = summary.get("detail") if isinstance(summary, dict) else None
            run.update({"read": 0, "ingested": 0, "unchanged": 0, "failed": 1})
            run["failures"] = [{"source": kind, "position": "", "reason": str(detail or status)}]
            run["notes"] = []
        self.runs.append(run)


class IngestRunLog:
    """ASGI middleware: records the answer of every `POST /ingest/<kind>`."""

    def __init__(self, app: ASGIApp, runs: IngestRuns) -> None:
        self.app = app
        self.runs = runs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if (
            scope["type"] != "http"
            or scope.get("method") != "POST"
            or not path.startswith(INGEST_PREFIX)
        ):
            await self.app(scope, receive, send)
            return
        status = 0
        body = bytearray()

        async def watching_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body" and len(body) < MAX_SUMMARY_BYTES:
                body.extend(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, watching_send)
        if status not in (401, 403):
            self.runs.record(path.removeprefix(INGEST_PREFIX), status, bytes(body))
