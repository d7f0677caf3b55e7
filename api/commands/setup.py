"""`tacit init` and `tacit stats`."""

from __future__ import annotations

import typer

from api.commands.common import GraphUrlOption, JsonOption, opened_store, print_json
from graph.stats import graph_counts


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("stats")(stats)


def init(graph_url: GraphUrlOption = None) -> None:
    """Create the store (if embedded) and its schema; safe to run again."""
    with opened_store(graph_url, schema=True):
        pass
    typer.echo("graph store ready")


def stats(graph_url: GraphUrlOption = None, as_json: JsonOption = False) -> None:
    """Count nodes per label and relationships per type."""
    with opened_store(graph_url) as store:
        counts = graph_counts(store)
    if as_json:
        print_json(counts)
        return
    typer.echo("Nodes")
    for label, count in counts["nodes"].items():
        typer.echo(f"  {label:<16}{count:>10,}")
    typer.echo("Relationships")
    for rel_type, count in counts["relationships"].items():
        typer.echo(f"  {rel_type:<16}{count:>10,}")
