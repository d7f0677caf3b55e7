"""Running a command here, on the store, or through the server that holds it.

While `tacit serve` owns the embedded store, nothing else can open it: every read and write
command then asks the server (found from its state file in the store's folder, or named
with `--api-url`/`TACIT_API_URL`; the key comes from `TACIT_API_KEY`). Both ways answer the
same JSON, so a command renders one answer whichever way it came.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import typer

from api.client import ServerError, TacitClient, server_for
from api.commands.common import fail, opened_store
from api.commands.serve import ApiUrlOption
from graph.settings import Settings
from graph.stores import GraphStore

__all__ = ["ApiUrlOption", "answer", "path_id", "server_client"]


def server_client(api_url: str | None, graph_url: str | None) -> TacitClient | None:
    """A client of the server to ask, or None to work on the store here."""
    settings = Settings()
    url = server_for(api_url, graph_url, settings)
    if url is None:
        return None
    typer.echo(f"asking the server at {url}", err=True)
    return TacitClient(url, settings.api_key.get_secret_value())


def answer(
    api_url: str | None,
    graph_url: str | None,
    remote: Callable[[TacitClient], Any],
    local: Callable[[GraphStore], Any],
) -> Any:
    """The JSON answer of `remote` through the server, or of `local` on the store here (which
    must exist: a read never creates an empty store)."""
    client = server_client(api_url, graph_url)
    if client is not None:
        try:
            return remote(client)
        except ServerError as e:
            raise fail(str(e)) from e
    with opened_store(graph_url, must_exist=True) as store:
        return local(store)


def path_id(value: str) -> str:
    """An id as one path segment of a URL."""
    return quote(value, safe="@:")
