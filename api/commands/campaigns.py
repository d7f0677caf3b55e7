"""`tacit campaign import|list|rates|link-replies`: campaigns and their responses."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from api.client import ServerError, TacitClient, server_for
from api.commands.common import GraphUrlOption, JsonOption, fail, opened_store, print_json
from api.commands.imports import ErrorsOption, report_summary
from api.commands.serve import ApiUrlOption
from graph.errors import GraphError
from graph.model import CampaignResponseKind
from graph.readers import ApiReader, connect
from graph.services.campaigns import (
    SEGMENTS,
    link_campaign_replies,
    list_campaigns,
    response_rates,
)
from graph.settings import Settings
from ingest.errors import IngestError
from ingest.service import IngestService

campaign_app = typer.Typer(help="Marketing campaigns: import, response rates, replies.")

REQUEST_TIMEOUT_SECONDS = 300.0


def register(app: typer.Typer) -> None:
    app.add_typer(campaign_app, name="campaign")


@campaign_app.command("import")
def import_campaigns(
    files: Annotated[list[Path], typer.Argument(help="JSON Lines or CSV files.")],
    graph_url: GraphUrlOption = None,
    errors: ErrorsOption = None,
    as_json: JsonOption = False,
    api_url: ApiUrlOption = None,
) -> None:
    """Import campaigns, SENT_TO and RESPONDED records, then link mail replies to them.

    JSON Lines: {"label": "Campaign", "id", "name", "subject", "channel", "started_at",
    "message_id"}, {"rel": "SENT_TO", "from": campaign, "to": contact, "properties":
    {"date", "channel"}}, {"rel": "RESPONDED", "from": contact, "to": campaign,
    "properties": {"kind", "date"}}; or campaigns.csv, sent_to.csv, responded.csv.
    """
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        raise fail(f"no such file: {', '.join(missing)}")
    settings = Settings()
    server = server_for(api_url, graph_url, settings)
    if server is not None:
        typer.echo(f"sending the work to the server at {server}", err=True)
        key = settings.api_key.get_secret_value()
        try:
            summary = TacitClient(server, key).upload("records", files)
        except ServerError as e:
            raise fail(str(e)) from e
        links = _post(server, key, "/campaigns/link-replies")["links"]
    else:
        with opened_store(graph_url, schema=True) as store:
            try:
                summary = IngestService(store).ingest("records", files)
            except IngestError as e:
                raise fail(str(e)) from e
            links = [link.model_dump() for link in link_campaign_replies(store)]
    if not as_json:
        typer.echo(f"replies linked to campaigns: {len(links)}")
    report_summary(summary, errors, as_json)


@campaign_app.command("list")
def list_command(
    graph_url: GraphUrlOption = None, api_url: ApiUrlOption = None, as_json: JsonOption = False
) -> None:
    """Every campaign with how many it was sent to and how many responded."""
    items = _read(
        graph_url,
        api_url,
        "/campaigns",
        {},
        lambda store: {"items": [c.model_dump() for c in list_campaigns(store)]},
    )["items"]
    if as_json:
        print_json({"items": items})
        return
    if not items:
        typer.echo("no campaigns: import some with `tacit campaign import`")
    for item in items:
        rate = f"{item['response_rate']:.1%}" if item["response_rate"] is not None else "-"
        typer.echo(
            f"{item['id']}  {item.get('name') or ''}  sent {item['sent']}, "
            f"responded {item['responded']} ({rate})"
        )


@campaign_app.command("rates")
def rates(
    campaign_id: Annotated[str, typer.Argument(help="The campaign's id.")],
    by: Annotated[
        str, typer.Option("--by", help=f"Segment by the account's {', '.join(SEGMENTS)}.")
    ] = "industry",
    kind: Annotated[
        CampaignResponseKind | None,
        typer.Option("--kind", help="Count responders who got at least this far."),
    ] = None,
    graph_url: GraphUrlOption = None,
    api_url: ApiUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """A campaign's response rate per segment, with a 95% interval."""
    if by not in SEGMENTS:
        raise fail(f"--by must be one of {', '.join(SEGMENTS)}; got {by!r}")
    params: dict[str, Any] = {"by": by, **({"kind": kind.value} if kind else {})}
    answer = _read(
        graph_url,
        api_url,
        f"/campaigns/{campaign_id}/response-rates",
        params,
        lambda store: response_rates(
            store,
            campaign_id,
            by=by,
            kind=kind.value if kind else None,
        ).model_dump(),
    )
    if as_json:
        print_json(answer)
        return
    campaign = answer["campaign"]
    typer.echo(f"{campaign.get('name') or campaign['id']} ({campaign['id']}), by {by}")
    for row in [answer["overall"], *answer["segments"]]:
        typer.echo(
            f"  {row['segment']:<24} sent {row['sent']:>5}  responded {row['responded']:>5}  "
            f"{row['rate']:>6.1%}  (95%: {row['rate_low']:.1%}-{row['rate_high']:.1%})"
        )


@campaign_app.command("link-replies")
def link_replies(
    graph_url: GraphUrlOption = None, api_url: ApiUrlOption = None, as_json: JsonOption = False
) -> None:
    """Link mail already in the graph to the campaigns it answers (by In-Reply-To or
    subject). Mail ingested after its campaign is linked as it arrives."""
    settings = Settings()
    server = server_for(api_url, graph_url, settings)
    if server is not None:
        links = _post(server, settings.api_key.get_secret_value(), "/campaigns/link-replies")
        found = links["links"]
    else:
        with opened_store(graph_url) as store:
            found = [link.model_dump() for link in link_campaign_replies(store)]
    if as_json:
        print_json({"links": found})
        return
    typer.echo(f"replies linked to campaigns: {len(found)}")


def _read(
    graph_url: str | None,
    api_url: str | None,
    path: str,
    params: dict[str, Any],
    here: Any,
) -> dict[str, Any]:
    """The answer of `path` on the server that holds the store, or of `here(store)`."""
    try:
        reader = connect(graph_url, api_url=api_url)
    except GraphError as e:
        raise fail(str(e)) from e
    with reader:
        try:
            if isinstance(reader, ApiReader):
                typer.echo(f"reading through {reader.where}", err=True)
                answer: dict[str, Any] = reader.get(path, params)
                return answer
            result: dict[str, Any] = here(reader.store)
            return result
        except (GraphError, ValueError) as e:
            raise fail(str(e)) from e


def _post(server: str, key: str, path: str) -> dict[str, Any]:
    try:
        response = httpx.post(
            f"{server.rstrip('/')}{path}",
            headers={"Authorization": f"Bearer {key}"} if key else {},
            timeout=REQUEST_TIMEOUT_SECONDS,
        )
    except httpx.HTTPError as e:
        raise fail(f"cannot reach the server at {server}: {e}") from e
    if response.status_code != 200:
        raise fail(f"the server answered {response.status_code}: {response.text[:300]}")
    body: dict[str, Any] = response.json()
    return body
