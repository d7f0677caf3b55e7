"""`tacit derive`, `tacit experts`, `tacit account`, `tacit intro`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from api.commands.common import GraphUrlOption, JsonOption, fail, opened_store, print_json
from graph.services.accounts import account_360
from graph.services.expertise_derive import derive_expertise
from graph.services.experts import experts_for
from graph.services.intro import warm_intro_paths
from graph.services.knows import derive_knows


def register(app: typer.Typer) -> None:
    app.command("derive")(derive)
    app.command("experts")(experts)
    app.command("account")(account)
    app.command("intro")(intro)


def derive(graph_url: GraphUrlOption = None, as_json: JsonOption = False) -> None:
    """Recompute the derived KNOWS and EXPERT_IN relationships."""
    with opened_store(graph_url) as store:
        knows = derive_knows(store)
        expertise = derive_expertise(store)
    if as_json:
        print_json({"knows": knows, "expertise": expertise})
        return
    typer.echo(
        f"KNOWS: {knows['knows_contact']} employee->contact, "
        f"{knows['knows_employee']} employee->employee (as of {knows['as_of']})"
    )
    typer.echo(f"EXPERT_IN: {expertise['expert_in']} derived (as of {expertise['as_of']})")


def experts(
    text: Annotated[str, typer.Argument(help="A question, a topic, or a concept id.")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many experts.")] = 10,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Rank with only what happened before this instant (ISO-8601, e.g. "
            "2025-04-01T00:00:00Z; no zone means UTC).",
            show_default=False,
        ),
    ] = None,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Who knows most about TEXT, with the evidence (their own words)."""
    moment = _instant(as_of)
    with opened_store(graph_url) as store:
        found = experts_for(store, text, limit, as_of=moment)
    if as_json:
        print_json({"experts": [expert.model_dump() for expert in found]})
        return
    for rank, expert in enumerate(found, 1):
        parts = ", ".join(f"{k} {c.contribution:.2f}" for k, c in expert.components.items())
        typer.echo(f"{rank:>2}. {expert.name or expert.id}  {expert.score:.3f}  ({parts})")
        for item in expert.evidence:
            typer.echo(f"      {item.interaction_id}: {item.snippet[:80]}")


def _instant(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise fail(
            f"--as-of {value!r} is not an ISO-8601 date and time (e.g. 2025-04-01T00:00:00Z)",
            code=2,
        ) from None


def account(
    account_id: Annotated[str, typer.Argument(help="The account's id.")],
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Everything about an account: contacts, products, commitments, facts, who knows them."""
    with opened_store(graph_url) as store:
        view = account_360(store, account_id)
    if as_json:
        print_json(view.model_dump())
        return
    typer.echo(f"{view.account.get('name', account_id)} ({account_id})")
    typer.echo("Contacts")
    for contact in view.contacts:
        roles = f" [{', '.join(contact.roles)}]" if contact.roles else ""
        typer.echo(f"  {contact.name}{roles}  {contact.title or ''}")
    typer.echo("Products")
    for product in view.products:
        typer.echo(f"  {product.name}  orders {product.orders}  revenue {product.revenue}")
    typer.echo("Open commitments")
    for commitment in view.open_commitments:
        typer.echo(
            f"  {commitment.object_name} (due {commitment.due}) by {commitment.subject_name}"
        )
    typer.echo("Facts")
    for group, facts in view.facts.model_dump().items():
        for fact in facts:
            typer.echo(f"  {group}: {fact['subject_name']} -> {fact['object_name']}")
    typer.echo("Who knows them best")
    for knower in view.who_knows_best:
        contacts = ", ".join(c.contact_name or c.contact_id for c in knower.contacts[:3])
        typer.echo(f"  {knower.employee_name}  {knower.score:.3f}  via {contacts}")


def intro(
    to: Annotated[str, typer.Option("--to", help="The contact to be introduced to.")],
    from_: Annotated[
        str | None, typer.Option("--from", help="The employee asking (default: anyone).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many paths.")] = 3,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """The best warm-introduction paths to a contact."""
    with opened_store(graph_url) as store:
        paths = warm_intro_paths(store, to, from_, limit)
    if as_json:
        print_json({"paths": [path.model_dump() for path in paths]})
        return
    if not paths:
        typer.echo("no path found")
    for path in paths:
        names = " -> ".join(p.name or p.id for p in path.people)
        typer.echo(f"{path.score:.3f} (weakest link {path.weakest_link:.3f}): {names}")
