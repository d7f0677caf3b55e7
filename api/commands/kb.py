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
    from graph.services.kb import kb_answer  # scikit-learn is slow to import

    with opened_store(graph_url) as store:
        answer = kb_answer(store, text, limit)
    if as_json:
        print_json(
            {
                "articles": [hit.model_dump() for hit in answer.items],
                "no_good_article": answer.no_good_article,
                "reason": answer.reason,
                "threshold": answer.threshold,
            }
        )
        return
    typer.echo(("NO GOOD ARTICLE: " if answer.no_good_article else "") + answer.reason)
    for hit in answer.items:
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
    typer.echo(
        f"{report.questions} customer questions, {len(report.groups)} groups "
        f"({report.unanswered_groups} with no article), {report.ungrouped} asked only once"
    )
    for group in report.groups:
        mark = "answered" if group.answered else "NO ARTICLE"
        typer.echo(f"  {group.size:>5}  {group.topic}  [{mark}]")


@kb_app.command("duplicates")
def duplicates(
    min_similarity: Annotated[
        float, typer.Option("--min-similarity", min=0.1, max=1.0, help="Cosine, 0-1.")
    ] = 0.8,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Pairs of articles that say nearly the same thing, with the reasons."""
    from graph.services.kb import duplicate_articles  # scikit-learn is slow to import

    with opened_store(graph_url) as store:
        pairs = duplicate_articles(store, threshold=min_similarity)
    if as_json:
        print_json({"duplicates": [pair.model_dump() for pair in pairs]})
        return
    if not pairs:
        typer.echo("no duplicate articles")
    for pair in pairs:
        typer.echo(f"{pair.first_id} ~ {pair.second_id}: {'; '.join(pair.reasons)}")


@kb_app.command("outdated")
def outdated(
    stale_days: Annotated[int, typer.Option("--stale-days", min=1, help="Unused this long.")] = 365,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Articles unused or not updated for a long time, mostly unhelpful, or retired."""
    from graph.services.kb import outdated_articles  # scikit-learn is slow to import

    with opened_store(graph_url) as store:
        found = outdated_articles(store, stale_days=stale_days)
    if as_json:
        print_json({"outdated": [article.model_dump() for article in found]})
        return
    if not found:
        typer.echo("no outdated articles")
    for article in found:
        typer.echo(f"{article.id}  {article.title}: {'; '.join(article.reasons)}")
