"""Whole-graph reads, from the store itself or through the API of the server that holds it.

A data scientist's notebook should not care whether `tacit serve` is running: while it
runs it owns the embedded store (a second process cannot open it), so reads go through
its `/export` routes instead. `connect()` picks the way:

1. an explicit `api_url`, or `TACIT_API_URL`: the API;
2. a server announced in the embedded store's folder (`tacit-server.json`, written by
   `tacit serve`, whose process is alive): the API;
3. otherwise the store, opened directly.

Both readers yield the same plain rows, so everything built on them (DataFrames,
networkx graphs, exports) is the same either way. The API key comes from `api_key` or
`TACIT_API_KEY`; any role can read.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, Self, runtime_checkable

import httpx

from graph.errors import GraphError, InvalidGraphUrl, StoreUnavailable
from graph.model import check_label, check_relationship_type
from graph.queries.export import nodes_of_label_query_name, relationships_of_type_query_name
from graph.settings import Settings
from graph.stats import GraphCounts, graph_counts
from graph.stores import GRAFEO_SCHEME, grafeo_path, open_store
from graph.stores.base import GraphStore, Row

__all__ = [
    "ApiReader",
    "GraphReader",
    "StoreReader",
    "announced_server",
    "connect",
    "reader_for",
]

PAGE = 5000
SERVER_FILE = "tacit-server.json"
API_TIMEOUT_SECONDS = 120.0


@runtime_checkable
class GraphReader(Protocol):
    """Every node of a label and every relationship of a type, as plain rows."""

    where: str

    def node_rows(self, label: str) -> Iterator[Row]:
        """Each node's properties (always with `id`)."""
        ...

    def relationship_rows(self, rel_type: str) -> Iterator[Row]:
        """`{"source": id, "target": id, "properties": {...}}` per relationship."""
        ...

    def counts(self) -> GraphCounts:
        """Nodes per label and relationships per type."""
        ...

    def close(self) -> None: ...


class StoreReader:
    """Reads straight from a `GraphStore`; closes it only if it opened it."""

    def __init__(self, store: GraphStore, *, owned: bool = False, where: str = "") -> None:
        self.store = store
        self.where = where or f"the {store.engine} store"
        self._owned = owned

    def node_rows(self, label: str) -> Iterator[Row]:
        for row in self._pages(nodes_of_label_query_name(label)):
            yield dict(row["node"] or {})

    def relationship_rows(self, rel_type: str) -> Iterator[Row]:
        for row in self._pages(relationships_of_type_query_name(rel_type)):
            yield {
                "source": row["source"],
                "target": row["target"],
                "properties": dict(row["relationship"] or {}),
            }

    def counts(self) -> GraphCounts:
        return graph_counts(self.store)

    def close(self) -> None:
        if self._owned:
            self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: object
    ) -> None:
        self.close()

    def _pages(self, name: str) -> Iterator[Row]:
        skip = 0
        while True:
            rows = self.store.read(name, {"skip": skip, "limit": PAGE})
            yield from rows
            if len(rows) < PAGE:
                return
            skip += PAGE


class ApiReader:
    """Reads through a running server's `/export` routes, page by page."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = API_TIMEOUT_SECONDS,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not api_key:
            raise StoreUnavailable(
                f"the server at {base_url} holds the store: set TACIT_API_KEY to an API key "
                "(any role) to read through it"
            )
        self.where = f"the server at {base_url.rstrip('/')}"
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=timeout,
            transport=transport,
        )

    def node_rows(self, label: str) -> Iterator[Row]:
        yield from self._pages(f"/export/nodes/{check_label(label)}")

    def relationship_rows(self, rel_type: str) -> Iterator[Row]:
        yield from self._pages(f"/export/relationships/{check_relationship_type(rel_type)}")

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET `path` and return its JSON; a refusal becomes a `GraphError` saying why."""
        try:
            response = self._http.get(path, params=params)
        except httpx.HTTPError as e:
            raise StoreUnavailable(f"cannot reach {self.where}: {e}") from e
        if response.status_code != 200:
            raise GraphError(f"{self.where} answered {response.status_code}: {_detail(response)}")
        return response.json()

    def counts(self) -> GraphCounts:
        answer = self.get("/stats")
        return {"nodes": answer["nodes"], "relationships": answer["relationships"]}

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: object
    ) -> None:
        self.close()

    def _pages(self, path: str) -> Iterator[Row]:
        skip: int | None = 0
        while skip is not None:
            page = self.get(path, {"skip": skip, "limit": PAGE})
            yield from page["items"]
            skip = page.get("next_skip")


def announced_server(graph_url: str) -> str | None:
    """The URL of a live `tacit serve` that holds the embedded store at `graph_url`."""
    if not graph_url.startswith(GRAFEO_SCHEME):
        return None
    try:
        path = grafeo_path(graph_url) / SERVER_FILE
    except InvalidGraphUrl:
        return None
    try:
        announced = json.loads(path.read_text(encoding="utf-8"))
        pid, url = int(announced["pid"]), str(announced["api_url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url if _alive(pid) else None


def connect(
    graph_url: str | None = None,
    *,
    api_url: str | None = None,
    api_key: str | None = None,
    settings: Settings | None = None,
) -> StoreReader | ApiReader:
    """A reader for the graph: through the API when a server holds it, else the store."""
    settings = settings or Settings()
    url = graph_url or settings.graph_url
    server = api_url or settings.api_url or announced_server(url)
    if server:
        return ApiReader(server, api_key or settings.api_key.get_secret_value())
    return StoreReader(open_store(url, settings), owned=True, where=_describe(url))


def reader_for(source: GraphStore | GraphReader) -> GraphReader:
    """`source` as a reader: a store is wrapped (and left open), a reader is kept."""
    if isinstance(source, GraphReader):
        return source
    return StoreReader(source)


def _describe(url: str) -> str:
    if url.startswith(GRAFEO_SCHEME):
        return f"the store at {Path(grafeo_path(url))}"
    return f"the store at {url}"


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase
    detail = body.get("detail") if isinstance(body, dict) else None
    return str(detail or response.reason_phrase)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
