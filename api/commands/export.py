"""`tacit export`: the graph as GraphML, Parquet tables or JSON Lines."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from api.commands.common import GraphUrlOption, JsonOption, fail, print_json
from api.commands.serve import ApiUrlOption
from graph.errors import GraphError
from graph.exports import ExportCounts, export_labels, write_graphml, write_jsonl, write_parquet
from graph.readers import ApiReader, StoreReader, connect


class ExportFormat(StrEnum):
    GRAPHML = "graphml"
    PARQUET = "parquet"
    JSONL = "jsonl"


DEFAULT_OUT = {
    ExportFormat.GRAPHML: Path("tacit-export.graphml"),
    ExportFormat.PARQUET: Path("tacit-export"),
    ExportFormat.JSONL: Path("tacit-export.jsonl"),
}

LabelsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--labels",
        help="Node labels to export, e.g. --labels Account,Contact (repeatable). "
        "Default: every label but the audit log. Relationships go when both ends do.",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="graphml, parquet (a folder) or jsonl.")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Where to write: a file (graphml, jsonl; '-' is standard output for jsonl) "
            "or a folder (parquet). Default: ./tacit-export.<format> or ./tacit-export/.",
            show_default=False,
        ),
    ] = None,
    labels: LabelsOption = None,
    graph_url: GraphUrlOption = None,
    api_url: ApiUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Export the graph (or some labels of it) for networkx, Gephi, pandas or another store.

    While a server holds the store, the export reads through its API (TACIT_API_KEY).
    """
    chosen = [part.strip() for item in labels or [] for part in item.split(",") if part.strip()]
    target = out or DEFAULT_OUT[format]
    if str(target) == "-" and format is not ExportFormat.JSONL:
        raise fail("only --format jsonl can be written to standard output ('-')")
    try:
        export_labels(chosen)  # before any file is opened
    except (GraphError, ValueError) as e:
        raise fail(str(e)) from e
    with _reader(graph_url, api_url) as reader:
        try:
            counts = _write(reader, format, target, chosen)
        except (GraphError, ValueError) as e:
            raise fail(str(e)) from e
    if as_json and str(target) != "-":
        print_json(counts.as_dict())
        return
    nodes = sum(counts.nodes.values())
    relationships = sum(counts.relationships.values())
    where = "standard output" if str(target) == "-" else str(target)
    typer.echo(f"exported {nodes} nodes and {relationships} relationships to {where}", err=True)


def _write(
    reader: StoreReader | ApiReader, format: ExportFormat, target: Path, labels: list[str]
) -> ExportCounts:
    if format is ExportFormat.GRAPHML:
        return write_graphml(reader, target, labels)
    if format is ExportFormat.PARQUET:
        return write_parquet(reader, target, labels)
    if str(target) == "-":
        return write_jsonl(reader, sys.stdout, labels)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as handle:
        counts = write_jsonl(reader, handle, labels)
    counts.files.append(str(target))
    return counts


@contextmanager
def _reader(graph_url: str | None, api_url: str | None) -> Iterator[StoreReader | ApiReader]:
    try:
        reader = connect(graph_url, api_url=api_url)
    except GraphError as e:
        raise fail(str(e)) from e
    if isinstance(reader, ApiReader):
        typer.echo(f"reading through {reader.where}", err=True)
    try:
        yield reader
    finally:
        reader.close()
