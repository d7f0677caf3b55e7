"""`tacit ingest mail|notes|tickets|stackexchange`: unstructured text into the graph.

Each command is an adapter over `ingest.service.IngestService`: it checks the paths,
sends them to a running server when one owns the store, or ingests them here with a
progress bar, then prints the summary and writes the error report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.commands.common import GraphUrlOption, JsonOption, fail
from api.commands.imports import ErrorsOption, run_batch
from api.commands.serve import ApiUrlOption

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
    run_batch("mail", paths, graph_url, errors, as_json, api_url, internal_domain)


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
    run_batch("notes", paths, graph_url, errors, as_json, api_url, internal_domain)


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
    run_batch("tickets", files, graph_url, errors, as_json, api_url, internal_domain)


@ingest_app.command("stackexchange")
def stackexchange(
    file: Annotated[Path, typer.Argument(help="A StackExchange Posts.xml.")],
    graph_url: GraphUrlOption = None,
    errors: ErrorsOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Ingest StackExchange posts: questions by contacts, answers by employees, tags."""
    if not file.is_file():
        raise fail(f"no such file: {file}")
    run_batch("stackexchange", [file], graph_url, errors, as_json, api_url, [])
