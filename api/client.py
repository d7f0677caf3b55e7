"""A small HTTP client the command line uses to send import and ingest work to a running
server, when that server owns the embedded store.

`tacit serve` leaves `tacit-server.json` (its URL and process id, never a key) in the
store's folder while it runs; `server_for` finds it, or takes `--api-url`/`TACIT_API_URL`.
The key comes from `TACIT_API_KEY`.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import httpx

from graph.errors import InvalidGraphUrl
from graph.settings import Settings
from graph.stores import GRAFEO_SCHEME, grafeo_path
from ingest.report import BatchSummary, Failure

SERVER_FILE = "tacit-server.json"
UPLOAD_TIMEOUT_SECONDS = 1800.0


class ServerError(RuntimeError):
    """The server refused the work or could not be reached."""


def server_file(graph_url: str) -> Path | None:
    """Where a server owning the embedded store at `graph_url` announces itself."""
    if not graph_url.startswith(GRAFEO_SCHEME):
        return None
    try:
        return grafeo_path(graph_url) / SERVER_FILE
    except InvalidGraphUrl:
        return None


def announce_server(graph_url: str, api_url: str) -> Path | None:
    """Write the server file (URL and pid); returns its path, to remove at shutdown."""
    path = server_file(graph_url)
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"api_url": api_url, "pid": os.getpid()}), encoding="utf-8")
    return path


@contextmanager
def announced_server(graph_url: str, api_url: str) -> Iterator[Path | None]:
    """Announce the server while the block runs; the file is removed however the server
    ends: a return, an exception, Ctrl-C, SIGTERM, or SIGHUP (taken as SIGTERM, which
    uvicorn stops on gracefully and re-raises once it has shut down: here that exits
    through this block)."""
    previous = {
        signal.SIGTERM: signal.signal(signal.SIGTERM, _exit_on_signal),
        signal.SIGHUP: signal.signal(signal.SIGHUP, _stop_on_hangup),
    }
    path = announce_server(graph_url, api_url)
    try:
        yield path
    finally:
        if path is not None:
            path.unlink(missing_ok=True)
        for number, handler in previous.items():
            signal.signal(number, handler)


def _exit_on_signal(number: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + number)


def _stop_on_hangup(number: int, frame: FrameType | None) -> None:
    os.kill(os.getpid(), signal.SIGTERM)


def server_for(api_url: str | None, graph_url: str | None, settings: Settings) -> str | None:
    """The server to send work to: `--api-url`, TACIT_API_URL, or one owning the store."""
    if api_url or settings.api_url:
        return api_url or settings.api_url
    path = server_file(graph_url or settings.graph_url)
    if path is None or not path.is_file():
        return None
    try:
        announced = json.loads(path.read_text(encoding="utf-8"))
        pid, url = int(announced["pid"]), str(announced["api_url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url if _alive(pid) else None


class TacitClient:
    """Uploads files to `/ingest/<kind>` and returns the server's summary."""

    def __init__(self, base_url: str, api_key: str, timeout: float = UPLOAD_TIMEOUT_SECONDS):
        self.base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.timeout = timeout

    def upload(self, kind: str, paths: list[Path]) -> BatchSummary:
        files = expand(paths)
        if not files:
            raise ServerError("no files to send")
        handles = [path.open("rb") for path in files]
        try:
            parts = [
                ("files", (str(path), handle, "application/octet-stream"))
                for path, handle in zip(files, handles, strict=True)
            ]
            response = httpx.post(
                f"{self.base_url}/ingest/{kind}",
                files=parts,
                headers=self._headers,
                timeout=self.timeout,
            )
        except httpx.HTTPError as e:
            raise ServerError(f"cannot reach the server at {self.base_url}: {e}") from e
        finally:
            for handle in handles:
                handle.close()
        if response.status_code != 200:
            raise ServerError(_problem_text(response))
        return summary_from(response.json())


def summary_from(body: dict[str, Any]) -> BatchSummary:
    return BatchSummary(
        read=int(body["read"]),
        ingested=int(body["ingested"]),
        unchanged=int(body["unchanged"]),
        failed=int(body["failed"]),
        failures=[Failure(**f) for f in body.get("failures", [])],
        notes=[Failure(**n) for n in body.get("notes", [])],
    )


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders as every file in them, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file())
        else:
            files.append(path)
    return files


def _problem_text(response: httpx.Response) -> str:
    try:
        body = response.json()
        detail = body.get("detail") if isinstance(body, dict) else None
    except ValueError:
        detail = None
    return f"the server answered {response.status_code}: {detail or response.reason_phrase}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
