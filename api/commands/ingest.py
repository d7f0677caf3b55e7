"""`tacit ingest mail|notes|tickets|stackexchange`: unstructured text into the graph."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from api.commands.common import GraphUrlOption, JsonOption, fail, opened_store
from api.commands.imports import ErrorsOption, report_summary
from api.commands.serve import ApiUrlOption, summary_from_server
from graph.settings import Settings
from ingest.report import BatchSummary
from ingest.sources import (
    read_email_paths,
    read_notes,
    read_stackexchange_posts,
    read_ticket_file,
)
from ingest.sources.records import SourceItem

if TYPE_CHECKING:
    from ingest.messages import MessageIngest

ingest_app = typer.Typer(help="Ingest emails, notes, tickets and Q&A posts, extracting facts.")

PathsArgument = Annotated[list[Path], typer.Argument(help="Files or folders.")]
InternalDomainOption = Annotated[
    list[str] | None,
    typer.Option(
        "--internal-domain",
        help="An email domain of our own company: its addresses become employees "
        "(repeatable; default: TACIT_INTERNAL_DOMAINS).",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(ingest_app, name="ingest")


@ingest_app.command("mail")
def mail(
    paths: PathsArgument,
    graph_url: GraphUrlOption = None,
    internal_domain: InternalDomainOption = None,
    errors: ErrorsOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Ingest .eml files, mbox files and maildir folders."""
    run_ingest(
        "mail", paths, read_email_paths, graph_url, internal_domain, errors, as_json, api_url
    )


@ingest_app.command("notes")
def notes(
    paths: PathsArgument,
    graph_url: GraphUrlOption = None,
    internal_domain: InternalDomainOption = None,
    errors: ErrorsOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Ingest meeting notes and call summaries (Markdown or text, optional front matter)."""
    run_ingest("notes", paths, read_notes, graph_url, internal_domain, errors, as_json, api_url)


@ingest_app.command("tickets")
def tickets(
    files: Annotated[list[Path], typer.Argument(help="JSON Lines files of ticket threads.")],
    graph_url: GraphUrlOption = None,
    internal_domain: InternalDomainOption = None,
    errors: ErrorsOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Ingest support tickets (JSON Lines, one thread a line)."""
    run_ingest("tickets", files, read_tickets, graph_url, internal_domain, errors, as_json, api_url)


@ingest_app.command("stackexchange")
def stackexchange(
    file: Annotated[Path, typer.Argument(help="A StackExchange Posts.xml.")],
    graph_url: GraphUrlOption = None,
    errors: ErrorsOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Ingest StackExchange posts: questions by contacts, answers by employees, tags."""
    run_ingest("stackexchange", [file], read_posts, graph_url, [], errors, as_json, api_url)


def read_tickets(files: list[Path]) -> Iterator[SourceItem]:
    return (item for file in files for item in read_ticket_file(file))


def read_posts(files: list[Path]) -> Iterator[SourceItem]:
    return (item for file in files for item in read_stackexchange_posts(file))


def run_ingest(
    source: str,
    paths: list[Path],
    read: Callable[[list[Path]], Iterable[SourceItem]],
    graph_url: str | None,
    internal_domains: list[str] | None,
    errors: Path | None,
    as_json: bool,
    api_url: str | None,
) -> None:
    """Ingest `paths` here, or send them to the server that owns the store."""
    _check_paths(paths)
    remote = summary_from_server(source, paths, api_url, graph_url)
    if remote is not None:
        report_summary(remote, errors, as_json)
        return
    from ingest.messages import MessageIngest  # spaCy is slow to import

    domains = internal_domains or Settings().internal_domain_list()
    with opened_store(graph_url, schema=True) as store:
        pipeline = MessageIngest(store, source=source, internal_domains=domains)
        summary = _with_progress(pipeline, read(paths), quiet=as_json)
    report_summary(summary, errors, as_json)


def _with_progress(
    pipeline: MessageIngest, items: Iterable[SourceItem], quiet: bool
) -> BatchSummary:
    console = Console(stderr=True)
    columns = (
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
    )
    with Progress(*columns, console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task("loading the NLP pipeline", total=None)
        pipeline.prepare()
        progress.update(task, description="ingesting records")
        return pipeline.run(items, on_progress=lambda n: progress.advance(task, n))


def _check_paths(paths: list[Path]) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail(f"no such file or folder: {', '.join(missing)}")
