"""The `tacit` command line."""

from __future__ import annotations

import logging

import typer

from api.commands import (
    analytics,
    campaigns,
    demo,
    export,
    extract,
    imports,
    ingest,
    kb,
    prospects,
    serve,
    setup,
)

app = typer.Typer(
    name="tacit",
    help="Tacit Graph: a customer knowledge graph from CRM records, emails, notes and tickets.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
for family in (setup, imports, ingest, extract, demo, analytics, kb, serve):
    family.register(app)
for family in (export, prospects, campaigns):
    family.register(app)


@app.callback()
def _configure(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debug detail to stderr."),
) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
