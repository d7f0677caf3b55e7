"""`tacit kb search`, `faq`, `duplicates` and `outdated`: here, or through the server."""

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
        return client.get("/kb/search", {"q": text, "limit": min(limit, 50)})

    def here(store: GraphStore) -> Any:
        from graph.services.kb import kb_answer  # scikit-learn is slow to import

        return kb_answer(store, text, limit).model_dump(mode="json")

    found = answer(api_url, graph_url, there, here)
    if as_json:
        print_json(
            {
                "articles": found["items"],
                "no_good_article": found["no_good_article"],
                "reason": found["reason"],
                "threshold": found["threshold"],
            }
        )
        return
    typer.echo(("NO GOOD ARTICLE: " if found["no_good_article"] else "") + found["reason"])
    for hit in found["items"]:
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
    typer.echo(
        f"{report['questions']} customer questions, {len(report['groups'])} groups "
        f"({report['unanswered_groups']} with no article), {report['ungrouped']} asked only once"
    )
    for group in report["groups"]:
        mark = "answered" if group["answered"] else "NO ARTICLE"
        typer.echo(f"  {group['size']:>5}  {group['topic']}  [{mark}]")


@kb_app.command("duplicates")
def duplicates(
    min_similarity: Annotated[
        float, typer.Option("--min-similarity", min=0.1, max=1.0, help="Cosine, 0-1.")
    ] = 0.8,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Pairs of articles that say nearly the same thing, with the reasons."""

    def there(client: TacitClient) -> Any:
        return client.get("/kb/duplicates", {"min_similarity": min_similarity})["items"]

    def here(store: GraphStore) -> Any:
        from graph.services.kb import duplicate_articles  # scikit-learn is slow to import

        pairs = duplicate_articles(store, threshold=min_similarity)
        return [pair.model_dump(mode="json") for pair in pairs]

    pairs = answer(api_url, graph_url, there, here)
    if as_json:
        print_json({"duplicates": pairs})
        return
    if not pairs:
        typer.echo("no duplicate articles")
    for pair in pairs:
        typer.echo(f"{pair['first_id']} ~ {pair['second_id']}: {'; '.join(pair['reasons'])}")


@kb_app.command("outdated")
def outdated(
    stale_days: Annotated[
        int, typer.Option("--stale-days", min=1, max=36500, help="Unused this long.")
    ] = 365,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Articles unused or not updated for a long time, mostly unhelpful, or retired."""

    def there(client: TacitClient) -> Any:
        return client.get("/kb/outdated", {"stale_days": stale_days})["items"]

    def here(store: GraphStore) -> Any:
        from graph.services.kb import outdated_articles  # scikit-learn is slow to import

        found = outdated_articles(store, stale_days=stale_days)
        return [article.model_dump(mode="json") for article in found]

    found = answer(api_url, graph_url, there, here)
    if as_json:
        print_json({"outdated": found})
        return
    if not found:
        typer.echo("no outdated articles")
    for article in found:
        typer.echo(f"{article['id']}  {article['title']}: {'; '.join(article['reasons'])}")
