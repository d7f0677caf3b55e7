"""Options and helpers shared by every `tacit` command."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from graph.errors import GraphError
from graph.settings import Settings
from graph.stores import GRAFEO_SCHEME, GraphStore, grafeo_path, open_store
from graph.stores.grafeo_store import DATABASE_FILE

GraphUrlOption = Annotated[
    str | None,
    typer.Option(
        "--graph-url",
        help="Graph store URL (grafeo:///dir or neo4j://host:7687). Default: TACIT_GRAPH_URL.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)


@contextmanager
def opened_store(
    graph_url: str | None, *, schema: bool = False, must_exist: bool = False
) -> Iterator[GraphStore]:
    """Open the store for one command, turning store errors into a clear exit. With
    `must_exist` (reads), an embedded store that is not there is an error, not created."""
    settings = Settings()
    if must_exist:
        missing = missing_store(graph_url or settings.graph_url)
        if missing is not None:
            raise fail(
                f"there is no graph store at {missing}: create one with `tacit init`, "
                "`tacit import` or `tacit ingest`, or name yours with --graph-url or "
                "TACIT_GRAPH_URL"
            )
    try:
        store = open_store(graph_url, settings)
    except GraphError as e:
        raise fail(str(e)) from e
    try:
        if schema:
            store.create_schema()
        yield store
    except GraphError as e:
        raise fail(str(e)) from e
    finally:
        store.close()


def missing_store(graph_url: str) -> Path | None:
    """The folder of an embedded store that does not exist (None if it does, or if the
    store is not embedded)."""
    if not graph_url.startswith(GRAFEO_SCHEME):
        return None
    try:
        folder = grafeo_path(graph_url)
    except GraphError:
        return None
    return None if (folder / DATABASE_FILE).exists() else folder


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
