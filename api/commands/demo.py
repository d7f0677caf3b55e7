"""`tacit demo`: build a demo store from the real data beside the project and show it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from api.commands.common import fail, opened_store
from graph.queries.accounts import TOP_ACCOUNTS_BY_REVENUE
from graph.queries.people import REPORTING_LINES
from graph.stats import graph_counts
from graph.stores import GraphStore
from ingest.northwind import import_northwind

DEFAULT_DEMO_DIR = Path("data/demo.grafeo")
DEFAULT_SHARED_DATA = Path("../shared/data")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    data: Annotated[
        Path, typer.Option("--data", help="The shared real-data folder.", envvar="TACIT_DEMO_DATA")
    ] = DEFAULT_SHARED_DATA,
    store_dir: Annotated[
        Path, typer.Option("--store", help="Where to build the demo store (replaced).")
    ] = DEFAULT_DEMO_DIR,
) -> None:
    """Build a fresh demo store from Northwind and print what it holds."""
    northwind = data / "crm" / "northwind" / "import"
    if not northwind.is_dir():
        raise fail(f"no Northwind data at {northwind}; pass --data to the shared data folder")
    if store_dir.exists():
        shutil.rmtree(store_dir)
    url = f"grafeo://{store_dir.resolve()}"
    with opened_store(url, schema=True) as store:
        typer.secho(f"Importing Northwind from {northwind} ...", bold=True)
        summary = import_northwind(store, northwind)
        typer.echo(f"  {summary.ingested} rows imported, {summary.failed} failed")
        print_summary(store)
    typer.echo(f"\nThe demo store is at {store_dir}; try:")
    typer.echo(f"  .venv/bin/tacit stats --graph-url {url}")


def print_summary(store: GraphStore) -> None:
    counts = graph_counts(store)
    typer.secho("\nWhat the graph holds", bold=True)
    typer.echo("  " + ", ".join(f"{n:,} {label}" for label, n in counts["nodes"].items()))
    typer.echo("  " + ", ".join(f"{n:,} {rel}" for rel, n in counts["relationships"].items()))
    typer.secho("\nTop accounts by revenue", bold=True)
    for rank, row in enumerate(store.read(TOP_ACCOUNTS_BY_REVENUE, {"limit": 5}), start=1):
        typer.echo(
            f"  {rank}. {row['name']:<32} {row['revenue']:>12,.2f}  "
            f"({row['orders']} order lines, {row['products']} products)"
        )
    typer.secho("\nWho reports to whom", bold=True)
    for row in store.read(REPORTING_LINES):
        typer.echo(f"  {row['name']} ({row['title']}) -> {row['manager_name']}")
