"""`tacit import records` and `tacit import northwind`: structured data into the graph."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from api.commands.common import GraphUrlOption, JsonOption, fail, opened_store, print_json
from api.commands.serve import ApiUrlOption, summary_from_server
from ingest.errors import IngestError
from ingest.northwind import import_northwind
from ingest.report import BatchSummary, write_error_report
from ingest.structured import import_records

imports = typer.Typer(help="Import structured records (JSON Lines, CSV, Northwind).")

ErrorsOption = Annotated[
    Path | None,
    typer.Option(
        "--errors",
        help="Where to write the error report (JSON Lines). Default: ./tacit-errors-<time>.jsonl",
        show_default=False,
    ),
]
SHOWN_FAILURES = 20


def register(app: typer.Typer) -> None:
    app.add_typer(imports, name="import")


@imports.command("records")
def records(
    files: Annotated[list[Path], typer.Argument(help="JSON Lines or CSV files.")],
    graph_url: GraphUrlOption = None,
    errors: ErrorsOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Import nodes and relationships from JSON Lines or CSV files."""
    remote = summary_from_server("records", files, api_url, graph_url)
    if remote is not None:
        report_summary(remote, errors, as_json)
        return
    with opened_store(graph_url, schema=True) as store:
        try:
            summary = import_records(store, files)
        except IngestError as e:
            raise fail(str(e)) from e
    report_summary(summary, errors, as_json)


@imports.command("northwind")
def northwind(
    directory: Annotated[Path, typer.Argument(help="The Northwind `import` folder of CSVs.")],
    graph_url: GraphUrlOption = None,
    errors: ErrorsOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Import the Northwind CRM export: accounts, contacts, employees, products, orders."""
    if not directory.is_dir():
        raise fail(f"no such folder: {directory}")
    csvs = sorted(directory.glob("*.csv"))
    if (remote := summary_from_server("northwind", csvs, api_url, graph_url)) is not None:
        report_summary(remote, errors, as_json)
        return
    with opened_store(graph_url, schema=True) as store:
        try:
            summary = import_northwind(store, directory)
        except IngestError as e:
            raise fail(str(e)) from e
    report_summary(summary, errors, as_json)


def report_summary(summary: BatchSummary, errors: Path | None, as_json: bool) -> None:
    """Print the counts and failures; write failures to the error report."""
    report = None
    if summary.failures:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        report = write_error_report(summary.failures, errors or Path(f"tacit-errors-{stamp}.jsonl"))
    if as_json:
        print_json({**summary.as_dict(), "error_report": str(report) if report else None})
        return
    skipped = f", skipped {summary.skipped} (erased people)" if summary.skipped else ""
    typer.echo(
        f"read {summary.read}, ingested {summary.ingested}, "
        f"unchanged {summary.unchanged}, failed {summary.failed}{skipped}"
    )
    for failure in summary.failures[:SHOWN_FAILURES]:
        typer.echo(f"  {failure.position}: {failure.reason}", err=True)
    if summary.failed > SHOWN_FAILURES:
        typer.echo(f"  ... and {summary.failed - SHOWN_FAILURES} more", err=True)
    if report:
        typer.echo(f"error report: {report}")
