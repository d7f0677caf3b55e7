"""`tacit import records` and `tacit import northwind`: structured data into the graph.

`run_batch` is the one way every `tacit import` and `tacit ingest` command runs: to the
server that owns the store when one runs, else here through `IngestService`, with a
progress bar; then the summary and the error report.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from api.commands.common import GraphUrlOption, JsonOption, fail, opened_store, print_json
from api.commands.serve import ApiUrlOption, summary_from_server
from graph.settings import Settings
from ingest.errors import IngestError
from ingest.report import BatchSummary, new_report_path, write_error_report

if TYPE_CHECKING:
    from ingest.service import IngestService

imports = typer.Typer(help="Import structured records (JSON Lines, CSV, Northwind).")

ErrorsOption = Annotated[
    Path | None,
    typer.Option(
        "--errors",
        help="Where to write the error report (JSON Lines). "
        "Default: ./tacit-errors-<time>-<process>.jsonl",
        show_default=False,
    ),
]
SHOWN_FAILURES = 20


def register(app: typer.Typer) -> None:
    app.add_typer(imports, name="import")


@imports.command("records")
def records(
    files: Annotated[list[Path], typer.Argument(help="JSON Lines or CSV files, or folders.")],
    graph_url: GraphUrlOption = None,
    errors: ErrorsOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Import nodes and relationships from JSON Lines or CSV files."""
    run_batch("records", files, graph_url, errors, as_json, api_url)


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
    run_batch("northwind", [directory], graph_url, errors, as_json, api_url)


def run_batch(
    kind: str,
    paths: list[Path],
    graph_url: str | None,
    errors: Path | None,
    as_json: bool,
    api_url: str | None,
    internal_domains: list[str] | None = None,
) -> None:
    """Ingest `paths` as `kind` here, or send them to the server that owns the store."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail(f"no such file or folder: {', '.join(missing)}")
    upload = _upload_files(kind, paths)
    remote = summary_from_server(kind, upload, api_url, graph_url)
    if remote is not None:
        report_summary(remote, errors, as_json)
        return
    from ingest.service import IngestService  # spaCy is slow to import

    with opened_store(graph_url, schema=True) as store:
        service = IngestService.from_settings(store, Settings(), internal_domains or [])
        try:
            summary = _with_progress(service, kind, paths, quiet=as_json)
        except IngestError as e:
            raise fail(str(e)) from e
    report_summary(summary, errors, as_json)


def _upload_files(kind: str, paths: list[Path]) -> list[Path]:
    """What goes to a server: a Northwind folder as its CSV files, the rest as given."""
    if kind == "northwind":
        return sorted(p for path in paths for p in path.glob("*.csv"))
    return paths


def _with_progress(
    service: IngestService, kind: str, paths: list[Path], quiet: bool
) -> BatchSummary:
    columns = (
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
    )
    console = Console(stderr=True)
    with Progress(*columns, console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task(f"{kind}: reading records", total=None)
        return service.ingest(kind, paths, on_progress=lambda n: progress.advance(task, n))


def report_summary(summary: BatchSummary, errors: Path | None, as_json: bool) -> None:
    """Print the counts and failures; write failures and notes to the error report."""
    report = None
    if summary.failures or summary.notes:
        report = write_error_report(summary.failures, errors or new_report_path(), summary.notes)
    if as_json:
        print_json({**summary.as_dict(), "error_report": str(report) if report else None})
        return
    typer.echo(
        f"read {summary.read}, ingested {summary.ingested}, "
        f"unchanged {summary.unchanged}, failed {summary.failed}"
    )
    for failure in summary.failures[:SHOWN_FAILURES]:
        typer.echo(f"  {failure.position}: {failure.reason}", err=True)
    if summary.failed > SHOWN_FAILURES:
        typer.echo(f"  ... and {summary.failed - SHOWN_FAILURES} more", err=True)
    for note in summary.notes[:SHOWN_FAILURES]:
        typer.echo(f"  note: {note.position}: {note.reason}", err=True)
    if report:
        typer.echo(f"error report: {report}")
