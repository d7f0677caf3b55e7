"""`tacit demo`: build a demo store from real data and a generated company, then serve it."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from api.commands.common import fail, opened_store
from graph.queries.accounts import TOP_ACCOUNTS_BY_REVENUE
from graph.queries.people import REPORTING_LINES
from graph.stats import graph_counts
from graph.stores import GraphStore
from ingest.report import BatchSummary

DEFAULT_DEMO_DIR = Path("data/demo.grafeo")
DEFAULT_COMPANY_DIR = Path("data/demo-company")
DEFAULT_SHARED_DATA = Path("../shared/data")
COMPANY_DOMAIN = "lumen.example"
ENRON_DOMAIN = "enron.com"
FAQ_QUESTIONS = 500  # what GET /kb/faq considers by default


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    data: Annotated[
        Path, typer.Option("--data", help="The shared real-data folder.", envvar="TACIT_DEMO_DATA")
    ] = DEFAULT_SHARED_DATA,
    store_dir: Annotated[
        Path, typer.Option("--store", help="Where to build the demo store (replaced).")
    ] = DEFAULT_DEMO_DIR,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Start the API on the demo store.")
    ] = True,
    host: Annotated[str, typer.Option(help="Interface the API listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port the API listens on.")] = 8000,
) -> None:
    """Build a demo store from real data and a generated company, then serve the API.

    Northwind, the Enron mailboxes, StackExchange beer and a generated company's mail,
    notes and tickets; then derive who knows whom and who knows what, and show answers.
    """
    required = {
        "Northwind": data / "crm" / "northwind" / "import",
        "Enron": data / "enron" / "maildir",
        "StackExchange": data / "stackexchange" / "beer" / "Posts.xml",
    }
    missing = [f"{name} ({path})" for name, path in required.items() if not path.exists()]
    if missing:
        raise fail(f"demo data not found: {', '.join(missing)}; pass --data DIR")
    if store_dir.exists():
        shutil.rmtree(store_dir)
    url = f"grafeo://{store_dir.resolve()}"
    started = time.monotonic()
    with opened_store(url, schema=True) as store:
        build_demo_store(store, required, store_dir.parent / DEFAULT_COMPANY_DIR.name)
        print_summary(store)
    typer.secho(f"\nBuilt in {time.monotonic() - started:.0f} s at {store_dir}", bold=True)
    if serve:
        serve_demo(url, host, port)


def build_demo_store(store: GraphStore, sources: dict[str, Path], company_dir: Path) -> None:
    """Every demo source through the ingest service; it derives KNOWS and EXPERT_IN after
    each message source."""
    from ingest.demo_company import generate
    from ingest.service import IngestService  # spaCy is slow to import

    service = IngestService(store)
    step("Northwind CRM", lambda: service.ingest("northwind", [sources["Northwind"]]))
    company = generate(company_dir)
    step(
        "Lumen Data (generated company): accounts, people, products, KB",
        lambda: service.ingest("records", [company["world"]]),
    )

    def company_source(kind: str) -> Callable[[], BatchSummary]:
        path = company[kind]
        return lambda: service.ingest(
            kind, [path], source="demo", internal_domains=[COMPANY_DOMAIN]
        )

    step("  its emails", company_source("mail"))
    step("  its call notes", company_source("notes"))
    step("  its support tickets", company_source("tickets"))
    step(
        "Enron mailboxes",
        lambda: service.ingest(
            "mail", [sources["Enron"]], source="enron", internal_domains=[ENRON_DOMAIN]
        ),
    )
    step(
        "StackExchange beer Q&A",
        lambda: service.ingest("stackexchange", [sources["StackExchange"]], internal_domains=[]),
    )
    timed("Grouping customer questions (smart FAQ, cached for the API)", lambda: faq(store))


def faq(store: GraphStore) -> object:
    from graph.services.faq import smart_faq

    return smart_faq(store, limit=FAQ_QUESTIONS)


def step(title: str, work: Callable[[], BatchSummary]) -> None:
    started = time.monotonic()
    typer.echo(f"{title} ...", nl=False)
    summary = work()
    typer.echo(
        f" {summary.ingested} ingested, {summary.unchanged} unchanged, {summary.failed} failed"
        f" ({time.monotonic() - started:.1f} s)"
    )


def timed(title: str, work: Callable[[], object]) -> None:
    started = time.monotonic()
    typer.echo(f"{title} ...", nl=False)
    work()
    typer.echo(f" done ({time.monotonic() - started:.1f} s)")


def print_summary(store: GraphStore) -> None:
    from graph.services.accounts import who_knows_account
    from graph.services.concept_support import concept_proposals, concepts_by_status
    from graph.services.experts import experts_for

    counts = graph_counts(store)
    typer.secho("\nWhat the graph holds", bold=True)
    typer.echo("  " + ", ".join(f"{n:,} {label}" for label, n in counts["nodes"].items()))
    typer.echo("  " + ", ".join(f"{n:,} {rel}" for rel, n in counts["relationships"].items()))
    typer.secho("\nTop accounts by revenue (Northwind)", bold=True)
    for rank, row in enumerate(store.read(TOP_ACCOUNTS_BY_REVENUE, {"limit": 5}), start=1):
        typer.echo(
            f"  {rank}. {row['name']:<32} {row['revenue']:>12,.2f}  "
            f"({row['orders']} order lines, {row['products']} products)"
        )
    typer.secho("\nWho reports to whom", bold=True)
    for row in store.read(REPORTING_LINES):
        typer.echo(f"  {row['name']} ({row['title']}) -> {row['manager_name']}")
    typer.secho("\nWho is our expert on single sign-on?", bold=True)
    for expert in experts_for(store, "single sign-on SAML login", limit=3):
        evidence = expert.evidence[0].snippet if expert.evidence else ""
        typer.echo(f"  {expert.name:<20} {expert.score:.2f}  e.g. \u201c{evidence[:70]}\u201d")
    typer.secho("\nWho knows Acme Corp best?", bold=True)
    for knower in who_knows_account(store, "acc:acme", limit=3):
        typer.echo(f"  {knower.employee_name:<20} {knower.score:.2f}")
    statuses = concepts_by_status(store)
    typer.secho("\nConcepts for a curator to review, most supported first", bold=True)
    typer.echo(
        f"  {statuses.get('proposed', 0):,} proposed (found by two writers in two interactions,"
        f" or defined in text); {statuses.get('candidate', 0):,} candidates still without support"
    )
    for proposal in concept_proposals(store, limit=5).items:
        support = proposal.support
        typer.echo(
            f"  {proposal.name:<32} {support.interactions} interactions, {support.writers} writers"
        )


def serve_demo(graph_url: str, host: str, port: int) -> None:
    import uvicorn
    from pydantic import SecretStr

    from api.app import create_app
    from api.auth import generate_key
    from api.client import announced_server
    from graph.settings import Settings

    key, curator_key, viewer_key = generate_key(), generate_key(), generate_key()
    keys = f"{key}:admin,{curator_key}:curator:demo-curator,{viewer_key}:viewer:demo-viewer"
    settings = Settings(graph_url=graph_url, api_keys=SecretStr(keys))
    base = f"http://{host}:{port}"
    typer.secho("\nThe API is starting. Try:", bold=True)
    typer.echo(f"  OpenAPI docs:  {base}/docs")
    auth = f'-H "Authorization: Bearer {key}"'
    for path in (
        "/stats",
        "/accounts/acc:acme",
        "/experts?q=single%20sign-on&limit=3",
        "/paths/intro?to=contact:jane.roe@acme.example",
        "/kb/search?q=how%20do%20I%20export%20to%20CSV",
        "/facts?status=proposed&limit=5",
    ):
        typer.echo(f"  curl -s {auth} '{base}{path}'")
    typer.echo("  (an admin key for this run; stop the server with Ctrl-C)")
    typer.echo(
        f"  While it runs, `TACIT_API_KEY={key} tacit ingest mail DIR --graph-url {graph_url}`"
    )
    typer.echo("  sends the work to it.\n")
    typer.secho(f"Open the web app: {base}/  and sign in with one of these keys:", bold=True)
    typer.echo(f"  admin    {key}")
    typer.echo(f"  curator  {curator_key}   (reviews facts and concepts)")
    typer.echo(f"  viewer   {viewer_key}   (reads only)\n")
    with announced_server(graph_url, base):
        uvicorn.run(create_app(settings), host=host, port=port, workers=1, access_log=False)
