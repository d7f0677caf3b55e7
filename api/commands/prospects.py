"""`tacit prospects`: products an account may buy next, or accounts that may buy a product."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

import typer

from api.commands.common import GraphUrlOption, JsonOption, fail, print_json
from api.commands.serve import ApiUrlOption
from graph.errors import GraphError
from graph.readers import ApiReader, connect

SHOWN_REASONS = 2


def register(app: typer.Typer) -> None:
    app.command("prospects")(prospects)


def prospects(
    account: Annotated[
        str | None, typer.Option("--account", help="Products this account may buy next.")
    ] = None,
    product: Annotated[
        str | None, typer.Option("--product", help="Accounts that may buy this product next.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="How many.")] = 10,
    graph_url: GraphUrlOption = None,
    api_url: ApiUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Prospects from purchase history, each with the similar accounts behind it.

    Never a product the account already owns. While a server holds the store, the
    question goes to its API (TACIT_API_KEY).
    """
    if (account is None) == (product is None):
        raise fail("give exactly one of --account ID and --product ID")
    answer = _answer(account, product, limit, graph_url, api_url)
    if as_json:
        print_json(answer)
        return
    subject = answer["account"] if account else answer["product"]
    typer.echo(f"{subject.get('name') or subject['id']} ({subject['id']})")
    if not answer["prospects"]:
        typer.echo("  no prospects: no similar account bought anything this one lacks")
    for rank, prospect in enumerate(answer["prospects"], 1):
        item = prospect["product"] if account else prospect["account"]
        typer.echo(f"{rank:>3}. {item.get('name') or item['id']}  {prospect['score']:.3f}")
        for reason in prospect["reasons"][:SHOWN_REASONS]:
            typer.echo(f"       {reason['text']}")


def _answer(
    account: str | None,
    product: str | None,
    limit: int,
    graph_url: str | None,
    api_url: str | None,
) -> dict[str, Any]:
    try:
        reader = connect(graph_url, api_url=api_url)
    except GraphError as e:
        raise fail(str(e)) from e
    if isinstance(reader, ApiReader):
        typer.echo(f"reading through {reader.where}", err=True)
        kind, node_id = ("accounts", account) if account else ("products", product)
        path = f"/{kind}/{quote(str(node_id), safe='')}/prospects"
        try:
            with reader:
                answer: dict[str, Any] = reader.get(path, {"limit": limit})
        except GraphError as e:
            raise fail(str(e)) from e
        return answer
    from graph.services.prospects import (  # scikit-learn is slow to import
        prospects_for_account,
        prospects_for_product,
    )

    with reader:
        try:
            if account:
                return prospects_for_account(reader.store, account, limit).model_dump()
            assert product is not None
            return prospects_for_product(reader.store, product, limit).model_dump()
        except GraphError as e:
            raise fail(str(e)) from e
