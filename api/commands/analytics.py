"""`tacit derive`, `tacit experts`, `tacit account`, `tacit intro`: here, or through the
server that holds the store."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from api.client import TacitClient
from api.commands.common import GraphUrlOption, JsonOption, fail, print_json
from api.commands.remote import ApiUrlOption, answer, path_id
from graph.services.accounts import Account360, account_360
from graph.services.derived import derive_all
from graph.services.experts import experts_for
from graph.services.intro import IntroPath, warm_intro
from graph.stores import GraphStore


def register(app: typer.Typer) -> None:
    app.command("derive")(derive)
    app.command("experts")(experts)
    app.command("account")(account)
    app.command("intro")(intro)


def derive(
    graph_url: GraphUrlOption = None, as_json: JsonOption = False, api_url: ApiUrlOption = None
) -> None:
    """Recompute every derived KNOWS and EXPERT_IN relationship.

    Ingest keeps the relationships it touches fresh; this is the full recompute.
    """

    def here(store: GraphStore) -> Any:
        return dict(derive_all(store))

    report = answer(api_url, graph_url, lambda c: c.post("/admin/derive"), here)
    if as_json:
        print_json(report)
        return
    knows, expertise = report["knows"], report["expertise"]
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
    api_url: ApiUrlOption = None,
) -> None:
    """Who knows most about TEXT, with the evidence (their own words)."""
    moment = _instant(as_of)

    def there(client: TacitClient) -> Any:
        instant = moment.isoformat() if moment else None
        params = {"q": text, "limit": min(limit, 200), "as_of": instant}
        return client.get("/experts", params)["items"]

    def here(store: GraphStore) -> Any:
        found = experts_for(store, text, limit, as_of=moment)
        return [e.model_dump(mode="json") for e in found]

    found = answer(api_url, graph_url, there, here)
    if as_json:
        print_json({"experts": found})
        return
    for rank, expert in enumerate(found, 1):
        parts = ", ".join(f"{k} {c['contribution']:.2f}" for k, c in expert["components"].items())
        typer.echo(f"{rank:>2}. {expert['name'] or expert['id']}  {expert['score']:.3f}  ({parts})")
        for item in expert["evidence"]:
            typer.echo(f"      {item['interaction_id']}: {(item['snippet'] or '')[:80]}")


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
    api_url: ApiUrlOption = None,
) -> None:
    """Everything about an account: contacts, products, commitments, facts, who knows them."""
    found = answer(
        api_url,
        graph_url,
        lambda c: c.get(f"/accounts/{path_id(account_id)}"),
        lambda store: account_360(store, account_id).model_dump(mode="json"),
    )
    view = Account360.model_validate(found)
    if as_json:
        print_json(view.model_dump(mode="json"))
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
        late = f", {commitment.days_overdue} days overdue" if commitment.overdue else ""
        typer.echo(
            f"  {commitment.object_name} (due {commitment.due}{late}) "
            f"by {commitment.subject_name}  [{commitment.object_id}]"
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
    limit: Annotated[int, typer.Option("--limit", min=1, max=10, help="How many paths.")] = 3,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """The best warm-introduction paths to a contact, or why there is none."""

    def there(client: TacitClient) -> Any:
        return client.get("/paths/intro", {"to": to, "from": from_, "limit": limit})

    def here(store: GraphStore) -> Any:
        found = warm_intro(store, to, from_, limit)
        return {
            "items": [p.model_dump(mode="json") for p in found.items],
            "reason_code": found.reason_code,
            "reason": found.reason,
        }

    found = answer(api_url, graph_url, there, here)
    paths = [IntroPath.model_validate(p) for p in found["items"]]
    if as_json:
        print_json(
            {
                "paths": [p.model_dump(mode="json") for p in paths],
                "reason_code": found.get("reason_code"),
                "reason": found.get("reason"),
            }
        )
        return
    if not paths:
        typer.echo(f"no path found: {found.get('reason') or 'no one links to them'}")
    for path in paths:
        names = " -> ".join(p.name or p.id for p in path.people)
        typer.echo(f"{path.score:.3f} (weakest link {path.weakest_link:.3f}): {names}")
        for hop in path.links:
            seen = ", ".join(i.kind or i.id for i in hop.interactions[:5])
            typer.echo(f"    {hop.link} {hop.strength:.3f}" + (f" ({seen})" if seen else ""))
