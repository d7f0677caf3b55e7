"""`tacit kb search` and `tacit kb faq`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.client import TacitClient
from api.commands.common import GraphUrlOption, JsonOption, print_json
from api.commands.remote import ApiUrlOption, answer
from graph.stores import GraphStore

kb_app = typer.Typer(help="The knowledge base: search it, and see what customers ask.")


def register(app: typer.Typer) -> None:
    app.add_typer(kb_app, name="kb")


@kb_app.command("search")
def search(
    text: Annotated[str, typer.Argument(help="The customer's question.")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many articles.")] = 10,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Articles that answer a customer question, with why they match."""

    def there(client: TacitClient) -> Any:
        return client.get("/kb/search", {"q": text, "limit": min(limit, 50)})["items"]

    def here(store: GraphStore) -> Any:
        from graph.services.kb import kb_search  # scikit-learn is slow to import

        return [hit.model_dump(mode="json") for hit in kb_search(store, text, limit)]

    hits = answer(api_url, graph_url, there, here)
    if as_json:
        print_json({"articles": hits})
        return
    for hit in hits:
        used = hit["usefulness"]["reuse_count"]
        typer.echo(f"{hit['score']:.3f}  {hit['title']}  ({hit['id']}, used {used}x)")


@kb_app.command("faq")
def faq(
    groups: Annotated[
        int | None, typer.Option("--groups", min=1, help="Number of groups (default: auto).")
    ] = None,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Frequent customer questions by topic; groups no article answers come first."""

    def here(store: GraphStore) -> Any:
        from graph.services.faq import smart_faq  # scikit-learn is slow to import

        return smart_faq(store, groups=groups).model_dump(mode="json")

    report = answer(api_url, graph_url, lambda c: c.get("/kb/faq", {"groups": groups}), here)
    if as_json:
        print_json(report)
        return
    typer.echo(f"{report['questions']} questions, {report['unanswered_groups']} groups unanswered")
    for group in report["groups"]:
        mark = "answered" if group["answered"] else "NO ARTICLE"
        typer.echo(f"  {group['size']:>5}  {group['topic']}  [{mark}]")
