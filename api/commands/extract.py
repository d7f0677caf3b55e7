"""`tacit extract`: what the pipeline finds in files, without writing anything."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from api.client import TacitClient
from api.commands.common import GraphUrlOption, JsonOption, fail, print_json
from api.commands.ingest import InternalDomainOption
from api.commands.remote import ApiUrlOption, answer
from graph.settings import Settings
from graph.stores import GraphStore


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)


WorldOption = Annotated[
    Path | None,
    typer.Option(
        "--world",
        help="An annotated world.json to extract against instead of the graph "
        "(its accounts, people, products, competitors and concepts).",
    ),
]


def extract(
    files: Annotated[
        list[Path],
        typer.Argument(help=".eml or mbox, Markdown or text notes, or annotated cases (.jsonl)."),
    ],
    graph_url: GraphUrlOption = None,
    internal_domain: InternalDomainOption = None,
    world: WorldOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Extract mentions, concepts and facts from files against the graph's known world."""
    missing = [str(f) for f in [*files, *([world] if world else [])] if not f.is_file()]
    if missing:
        raise fail(f"no such file: {', '.join(missing)}")
    if world is not None:
        from ingest.errors import IngestError
        from ingest.preview import extract_with_world

        try:
            results = extract_with_world(world, files)
        except (IngestError, ValueError) as e:
            raise fail(str(e)) from e
    else:

        def here(store: GraphStore) -> Any:
            from ingest.service import IngestService  # spaCy is slow to import

            service = IngestService.from_settings(store, Settings(), internal_domain or [])
            return service.preview(files)

        def there(client: TacitClient) -> Any:
            results = client.post_files("/extract", files)["results"]
            by_name = {f.name: str(f) for f in files}
            return [{**r, "file": by_name.get(r["file"], r["file"])} for r in results]

        results = answer(api_url, graph_url, there, here)
    if as_json:
        print_json({"results": results})
        return
    for result in results:
        typer.secho(result["file"] + (f"#{result['case']}" if "case" in result else ""), bold=True)
        if "error" in result:
            typer.echo(f"  error: {result['error']}")
            continue
        for fact in result["facts"]:
            due = f" (due {fact['due']})" if fact["due"] else ""
            typer.echo(
                f"  {fact['subject']['name']} {fact['relation']} {fact['object']['name']}{due}"
                f"  [{fact['confidence']:.2f}]"
            )
            typer.echo(f"      \u201c{fact['evidence']['text'].strip()}\u201d")
        if not result["facts"]:
            typer.echo("  no facts")
