"""`tacit serve`: the HTTP API, owning the store for as long as it runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import SecretStr

from api.auth import DEVELOPMENT, ApiKeyConfigError, generate_key
from api.client import ServerError, TacitClient, announced_server, server_for
from api.commands.common import GraphUrlOption, fail, opened_store
from graph.settings import Settings
from ingest.report import BatchSummary

ApiUrlOption = Annotated[
    str | None,
    typer.Option(
        "--api-url",
        help="Send the work to a running `tacit serve` (key from TACIT_API_KEY). "
        "Default: TACIT_API_URL, or the server that owns the store.",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    graph_url: GraphUrlOption = None,
    access_log: Annotated[
        bool, typer.Option(help="Log every request line (paths can hold ids and addresses).")
    ] = False,
) -> None:
    """Serve the HTTP API; it owns the embedded store while it runs.

    `tacit ingest` and `tacit import` send their work to it while it runs.
    """
    import uvicorn

    from api.app import create_app

    settings = Settings()
    if graph_url:
        settings = settings.model_copy(update={"graph_url": graph_url})
    if not settings.api_keys.get_secret_value() and settings.environment == DEVELOPMENT:
        key = generate_key()
        settings = settings.model_copy(update={"api_keys": SecretStr(f"{key}:admin")})
        typer.echo("No TACIT_API_KEYS configured: a development admin key for this run:")
        typer.echo(f"  {key}")
        typer.echo("  (set TACIT_API_KEY to it for `tacit ingest`/`tacit import`)")
    try:
        app = create_app(settings)
    except ApiKeyConfigError as e:
        raise fail(str(e)) from e
    with opened_store(settings.graph_url, schema=True):
        pass  # a clear message now if the store is locked or unreachable
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    typer.echo(f"The web app: http://{shown_host}:{port}/ (sign in with an API key)")
    with announced_server(settings.graph_url, f"http://{shown_host}:{port}"):
        uvicorn.run(app, host=host, port=port, workers=1, access_log=access_log)


def summary_from_server(
    kind: str, paths: list[Path], api_url: str | None, graph_url: str | None
) -> BatchSummary | None:
    """The server's summary when a server takes the work; None to do it here."""
    settings = Settings()
    url = server_for(api_url, graph_url, settings)
    if url is None:
        return None
    typer.echo(f"sending the work to the server at {url}", err=True)
    try:
        return TacitClient(url, settings.api_key.get_secret_value()).upload(kind, paths)
    except ServerError as e:
        raise fail(str(e)) from e
