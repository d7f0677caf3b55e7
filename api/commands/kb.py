"""`tacit kb search` and `tacit kb faq`."""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands.common import GraphUrlOption, JsonOption, opened_store, print_json

kb_app = typer.Typer(help="The knowledge base: search it, and see what customers ask.")


def register(app: typer.Typer) -> None:
    app.add_typer(kb_app, name="kb")


@kb_app.command("search")
def search(
    text: Annotated[str, typer.Argument(help="The customer's question.")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many articles.")] = 10,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Articles that answer a customer question, with why they match."""
    from graph.services.kb import kb_search  # scikit-learn is slow to import

    with opened_store(graph_url) as store:
        hits = kb_search(store, text, limit)
    if as_json:
        print_json({"articles": [hit.model_dump() for hit in hits]})
        return
    for hit in hits:
        typer.echo(f"{hit.score:.3f}  {hit.title}  ({hit.id}, used {hit.usefulness.reuse_count}x)")


@kb_app.command("faq")
def faq(
    groups: Annotated[
        int | None, typer.Option("--groups", min=1, help="Number of groups (default: auto).")
    ] = None,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Frequent customer questions by topic; groups no article answers come first."""

    from graph.services.faq import smart_faq  # scikit-learn is slow to import

    with opened_store(graph_url) as store:
        report = smart_faq(store, groups=groups)
    if as_json:
        print_json(report.model_dump())
        return
    typer.echo(f"{report.questions} questions, {report.unanswered_groups} groups unanswered")
    for group in report.groups:
        mark = "answered" if group.answered else "NO ARTICLE"
        typer.echo(f"  {group.size:>5}  {group.topic}  [{mark}]")
