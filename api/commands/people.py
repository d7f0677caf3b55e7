"""`tacit people ...` and `tacit accounts ...`: duplicates, merge, unmerge; erasure."""

from __future__ import annotations

import getpass
from typing import Annotated, Any

import typer

from api.client import TacitClient
from api.commands.common import GraphUrlOption, JsonOption, fail, print_json
from api.commands.remote import ApiUrlOption, answer, path_id
from graph.services.erasure import erase_person
from graph.services.identity import MIN_SCORE, duplicate_accounts, duplicate_people
from graph.services.merge import merge_records, person_label, unmerge_records
from graph.stores import GraphStore

people_app = typer.Typer(help="People: find duplicates, merge and unmerge them, erase one.")
accounts_app = typer.Typer(help="Accounts: find duplicates, merge and unmerge them.")

MinScoreOption = Annotated[
    float, typer.Option("--min-score", min=0, max=1, help="Only pairs scoring at least this.")
]
LimitOption = Annotated[int, typer.Option("--limit", min=1, max=200, help="At most this many.")]


def register(app: typer.Typer) -> None:
    app.add_typer(people_app, name="people")
    app.add_typer(accounts_app, name="accounts")


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


@people_app.command("duplicates")
def people_duplicates(
    min_score: MinScoreOption = MIN_SCORE,
    limit: LimitOption = 100,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """People who look like one: a score and the reasons, and which record to keep."""
    found = answer(
        api_url,
        graph_url,
        lambda c: c.get("/people/duplicates", {"min_score": min_score, "limit": limit})["items"],
        lambda store: [
            p.model_dump(mode="json") for p in duplicate_people(store, min_score, limit)
        ],
    )
    _show_duplicates(found, as_json)


@people_app.command("merge")
def people_merge(
    keep: Annotated[str, typer.Argument(help="The id that survives.")],
    merge: Annotated[list[str], typer.Argument(help="The id (or ids) merged into it.")],
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Merge people into KEEP: relationships, facts and evidence move; their ids stay as
    KEEP's aliases, so later ingests land on KEEP."""

    def here(store: GraphStore) -> Any:
        reports = []
        for other in merge:
            label = person_label(store, keep, other)
            report = merge_records(store, label, keep, other, _actor())
            reports.append(report.model_dump(mode="json"))
        return reports

    def there(client: TacitClient) -> Any:
        return client.post("/people/merge", {"keep": keep, "merge": merge})["items"]

    _show_merges(answer(api_url, graph_url, there, here), as_json)


@people_app.command("unmerge")
def people_unmerge(
    merged: Annotated[str, typer.Argument(help="The merged id to restore.")],
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Restore a merged person, and the survivor as it was, from the merge's audit record."""
    report = answer(
        api_url,
        graph_url,
        lambda c: c.post("/people/unmerge", {"id": merged}),
        lambda store: unmerge_records(store, "person", merged, _actor()).model_dump(mode="json"),
    )
    _show_unmerge(report, as_json)


@people_app.command("erase")
def people_erase(
    person_id: Annotated[str, typer.Argument(help="The contact's or employee's id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Erase a person for good: their records, their own messages, every trace of them
    elsewhere; compacts the store and searches its files for what is left."""
    if not yes and not typer.confirm(f"Erase {person_id} for good?", err=True):
        raise fail("nothing erased")
    report = answer(
        api_url,
        graph_url,
        lambda c: c.delete(f"/people/{path_id(person_id)}"),
        lambda store: erase_person(store, person_id, _actor()).model_dump(mode="json"),
    )
    if as_json:
        print_json(report)
        return
    typer.echo(
        f"erased ({', '.join(report['labels'])}): {report['interactions_deleted']} of their "
        f"messages deleted, {report['interactions_redacted']} interactions and "
        f"{report['facts_redacted']} facts redacted, {report['facts_deleted']} facts deleted; "
        f"audit {report['audit_id']}"
    )
    compacted = "compacted" if report["compacted"] else f"not compacted: {report['compaction']}"
    typer.echo(
        f"store {compacted}; {report['files_searched']} files searched, "
        f"{report['traces_found']} traces found"
    )
    if report["traces_found"]:
        others = ", ".join(report["other_records"]) or "none found"
        raise fail(
            "traces of the person are still in the store's files; records that carry their "
            f"name or address: {others}",
            code=2,
        )


@accounts_app.command("duplicates")
def accounts_duplicates(
    min_score: MinScoreOption = MIN_SCORE,
    limit: LimitOption = 100,
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Accounts that look like one company: a score and the reasons."""
    found = answer(
        api_url,
        graph_url,
        lambda c: c.get("/accounts/duplicates", {"min_score": min_score, "limit": limit})["items"],
        lambda store: [
            p.model_dump(mode="json") for p in duplicate_accounts(store, min_score, limit)
        ],
    )
    _show_duplicates(found, as_json)


@accounts_app.command("merge")
def accounts_merge(
    keep: Annotated[str, typer.Argument(help="The account id that survives.")],
    merge: Annotated[list[str], typer.Argument(help="The account id (or ids) merged into it.")],
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Merge accounts into KEEP: contacts, purchases, interactions, facts move to it."""

    def here(store: GraphStore) -> Any:
        return [
            merge_records(store, "Account", keep, other, _actor()).model_dump(mode="json")
            for other in merge
        ]

    def there(client: TacitClient) -> Any:
        return client.post("/accounts/merge", {"keep": keep, "merge": merge})["items"]

    _show_merges(answer(api_url, graph_url, there, here), as_json)


@accounts_app.command("unmerge")
def accounts_unmerge(
    merged: Annotated[str, typer.Argument(help="The merged account id to restore.")],
    graph_url: GraphUrlOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Restore a merged account, and the survivor as it was."""
    report = answer(
        api_url,
        graph_url,
        lambda c: c.post("/accounts/unmerge", {"id": merged}),
        lambda store: unmerge_records(store, "account", merged, _actor()).model_dump(mode="json"),
    )
    _show_unmerge(report, as_json)


def _show_duplicates(found: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json({"duplicates": found})
        return
    if not found:
        typer.echo("no duplicates found")
    for pair in found:
        keep, merge = pair["keep"], pair["merge"]
        typer.echo(
            f"{pair['score']:.2f}  keep {keep['name'] or ''} ({keep['id']})  "
            f"merge {merge['name'] or ''} ({merge['id']})"
        )
        for reason in pair["reasons"]:
            typer.echo(f"      {reason['weight']:.2f}  {reason['detail']}")


def _show_merges(reports: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json({"merges": reports})
        return
    for report in reports:
        typer.echo(
            f"merged {report['merged']} into {report['kept']}: "
            f"{report['relationships_moved']} relationships moved, "
            f"{report['relationships_combined']} combined; undo with "
            f"`unmerge {report['merged']}` (audit {report['audit_id']})"
        )


def _show_unmerge(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(report)
        return
    typer.echo(
        f"restored {report['restored']} ({report['relationships_restored']} relationships) "
        f"beside {report['kept']}"
    )
