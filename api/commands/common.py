"""Options and helpers shared by every `tacit` command."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from graph.errors import GraphError
from graph.settings import Settings
from graph.stores import GraphStore, open_store

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
def opened_store(graph_url: str | None, *, schema: bool = False) -> Iterator[GraphStore]:
    """Open the store for one command, turning store errors into a clear exit."""
    try:
        store = open_store(graph_url, Settings())
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


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
