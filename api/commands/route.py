"""`tacit route FILE`: where a new email or ticket should go, and what may answer it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from api.commands.common import GraphUrlOption, JsonOption, fail, print_json
from api.commands.remote import ApiUrlOption, answer
from api.request_limits import MAX_SUBJECT, MAX_TEXT
from graph.stores import GraphStore
from ingest.sources import MessageRecord, parse_ticket_line, read_email_paths

TICKET_SUFFIXES = {".json", ".jsonl", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".md"}


def register(app: typer.Typer) -> None:
    app.command("route")(route)


def route(
    file: Annotated[
        Path,
        typer.Argument(
            help="An email (.eml), a ticket (one JSON line), or plain text (.txt, .md).",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    people: Annotated[int, typer.Option("--people", min=1, max=50, help="How many.")] = 5,
    articles: Annotated[int, typer.Option("--articles", min=1, max=20, help="How many.")] = 3,
    graph_url: GraphUrlOption = None,
    api_url: ApiUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Route a request: its topics, the best queue, people with their load, KB articles."""
    subject, text = request_text(file)
    if len(text) > MAX_TEXT or len(subject or "") > MAX_SUBJECT:
        typer.echo(f"note: {file} is long; routed on its first {MAX_TEXT:,} characters", err=True)
        subject, text = (subject[:MAX_SUBJECT] if subject else subject), text[:MAX_TEXT]
    body = {"subject": subject, "text": text, "people": people, "articles": articles}

    def here(store: GraphStore) -> Any:
        from graph.services.routing import route_request  # scikit-learn is slow to import

        joined = "\n".join(part for part in (subject, text) if part)
        return route_request(store, joined, people, articles).model_dump(mode="json")

    result = answer(api_url, graph_url, lambda client: client.post("/route", body), here)
    if as_json:
        print_json(result)
        return
    _print_routing(result)


def request_text(path: Path) -> tuple[str | None, str]:
    """The subject and the customer's text of an email, a ticket line or a text file."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return None, path.read_text(encoding="utf-8", errors="replace")
    if suffix in TICKET_SUFFIXES:
        line = next((ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()), "")
        items = parse_ticket_line(line, str(path), f"{path}:1")
    else:
        items = list(read_email_paths([path]))
    first = items[0] if items else None
    if not isinstance(first, MessageRecord):
        reason = first.reason if first is not None else "no message in it"
        raise fail(f"cannot read {path} as an email or ticket: {reason}")
    if not (first.subject or first.text or first.body).strip():
        raise fail(f"{path} has no subject or text to route")
    return first.subject, first.text or first.body


def _print_routing(result: dict[str, Any]) -> None:
    topics = ", ".join(f"{t['name']} ({t['kind']})" for t in result["topics"]) or "none found"
    typer.echo(f"About: {topics}")
    queue = result["queue"]
    if queue:
        typer.echo(f"Queue: {queue['name']}  {queue['score']:.2f}  ({queue['reason']})")
    else:
        typer.echo("Queue: none fits (no Queue records, or nothing points to one)")
    typer.echo("People:")
    for person in result["people"]:
        load = person["load"]
        typer.echo(
            f"  {person['name'] or person['id']}  {person['score']:.2f}  "
            f"[{', '.join(person['queues']) or 'no queue'}]  load: "
            f"{load['open_tickets']} open tickets, {load['open_commitments']} commitments"
        )
        for item in person["evidence"][:1]:
            typer.echo(f"      {item['reason']}: {item['snippet'][:90]}")
    typer.echo("Articles:" if not result["no_good_article"] else "Articles: NO GOOD ARTICLE")
    typer.echo(f"  {result['articles_reason']}")
    for hit in result["articles"]:
        typer.echo(f"  {hit['score']:.2f}  {hit['title']}  ({hit['id']})")
