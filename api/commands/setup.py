"""`tacit init` and `tacit stats`."""

from __future__ import annotations

import typer

from api.client import ServerError
from api.commands.common import GraphUrlOption, JsonOption, fail, opened_store, print_json
from api.commands.remote import ApiUrlOption, answer, server_client
from graph.stats import graph_counts


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("stats")(stats)


def init(graph_url: GraphUrlOption = None, api_url: ApiUrlOption = None) -> None:
    """Create the store (if embedded) and its schema; safe to run again."""
    client = server_client(api_url, graph_url)
    if client is not None:
        try:
            client.get("/health")
        except ServerError as e:
            raise fail(str(e)) from e
        typer.echo("graph store ready (held by the server)")
        return
    with opened_store(graph_url, schema=True):
        pass
    typer.echo("graph store ready")


def stats(
    graph_url: GraphUrlOption = None, as_json: JsonOption = False, api_url: ApiUrlOption = None
) -> None:
    """Count nodes per label and relationships per type."""
    counts = answer(api_url, graph_url, lambda c: c.get("/stats"), graph_counts)
    if as_json:
        print_json(counts)
        return
    typer.echo("Nodes")
    for label, count in counts["nodes"].items():
        typer.echo(f"  {label:<16}{count:>10,}")
    typer.echo("Relationships")
    for rel_type, count in counts["relationships"].items():
        typer.echo(f"  {rel_type:<16}{count:>10,}")
