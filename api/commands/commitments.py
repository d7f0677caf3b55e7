"""`tacit commitments`: what was promised to whom, what is overdue; marking them done."""

from __future__ import annotations

import getpass
from datetime import date
from typing import Annotated, Any

import typer

from api.client import TacitClient
from api.commands.common import GraphUrlOption, JsonOption, print_json
from api.commands.remote import ApiUrlOption, answer, path_id
from graph.services.commitments import commitments_page, set_commitment_status
from graph.stores import GraphStore

commitments_app = typer.Typer(
    help="Commitments: list them (filtered), and mark one done, cancelled or open again.",
    invoke_without_command=True,
)
PAGE = 200


def register(app: typer.Typer) -> None:
    app.add_typer(commitments_app, name="commitments")


@commitments_app.callback()
def list_commitments(
    ctx: typer.Context,
    account: Annotated[
        str | None, typer.Option("--account", help="Only those made to this account.")
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only those this person made.")
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open ones past their due date.")
    ] = False,
    status: Annotated[str | None, typer.Option("--status", help="open, done or cancelled.")] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The day overdue is computed against (default: today)."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 1000,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """List commitments: the promise, who made it to whom, due date, status, overdue."""
    if ctx.invoked_subcommand is not None:
        return
    day = _day(as_of)
    filters: dict[str, Any] = {
        "account": account,
        "owner": owner,
        "status": status,
        "overdue": overdue,
    }

    def there(client: TacitClient) -> Any:
        items: list[Any] = []
        cursor = None
        while len(items) < limit:
            params = {**filters, "overdue": str(overdue).lower(), "as_of": as_of}
            page = client.get(
                "/commitments", {**params, "limit": min(PAGE, limit), "cursor": cursor}
            )
            items += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                break
        return items[:limit]

    def here(store: GraphStore) -> Any:
        items: list[Any] = []
        cursor = None
        while len(items) < limit:
            page = commitments_page(
                store, **filters, as_of=day, limit=min(PAGE, limit), cursor=cursor
            )
            items += [c.model_dump(mode="json") for c in page.items]
            cursor = page.next_cursor
            if not cursor:
                break
        return items[:limit]

    found = answer(api_url, graph_url, there, here)
    if as_json:
        print_json({"commitments": found})
        return
    if not found:
        typer.echo("no commitments")
    for item in found:
        _show(item)


@commitments_app.command("done")
def done(
    commitment_id: Annotated[str, typer.Argument(help="The commitment's id.")],
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Mark a commitment done (it was kept)."""
    _set(commitment_id, "done", graph_url, as_json, api_url)


@commitments_app.command("cancel")
def cancel(
    commitment_id: Annotated[str, typer.Argument(help="The commitment's id.")],
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Mark a commitment cancelled (it no longer holds)."""
    _set(commitment_id, "cancelled", graph_url, as_json, api_url)


@commitments_app.command("reopen")
def reopen(
    commitment_id: Annotated[str, typer.Argument(help="The commitment's id.")],
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Mark a commitment open again."""
    _set(commitment_id, "open", graph_url, as_json, api_url)


def _set(
    commitment_id: str, status: str, graph_url: str | None, as_json: bool, api_url: str | None
) -> None:
    actor = f"cli:{getpass.getuser()}"
    changed = answer(
        api_url,
        graph_url,
        lambda c: c.patch(f"/commitments/{path_id(commitment_id)}", {"status": status}),
        lambda store: set_commitment_status(store, commitment_id, status, actor).model_dump(
            mode="json"
        ),
    )
    if as_json:
        print_json(changed)
        return
    _show(changed)


def _show(item: dict[str, Any]) -> None:
    owner = (item.get("owner") or {}).get("name") or (item.get("owner") or {}).get("id")
    accounts = ", ".join(a.get("name") or a["id"] for a in item.get("accounts") or [])
    late = f", {item['days_overdue']} days overdue" if item.get("overdue") else ""
    typer.echo(
        f"[{item['status']}] {item['promise']}  (due {item.get('due') or '-'}{late})  "
        f"by {owner or '?'} to {accounts or '-'}  {item['id']}"
    )


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date (YYYY-MM-DD)", param_hint="--as-of"
        ) from None
