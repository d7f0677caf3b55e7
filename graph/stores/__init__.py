"""Stores behind one protocol, chosen by `TACIT_GRAPH_URL`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from graph.errors import InvalidGraphUrl
from graph.settings import Settings
from graph.stores.base import GraphStore, Row

GRAFEO_SCHEME = "grafeo://"
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def grafeo_path(url: str) -> Path:
    """The directory a `grafeo://` url names: `grafeo:///abs/dir` or `grafeo://./rel/dir`."""
    if not url.startswith(GRAFEO_SCHEME):
        raise InvalidGraphUrl(f"not a grafeo url: {url!r}")
    path = unquote(url.removeprefix(GRAFEO_SCHEME))
    if not path:
        raise InvalidGraphUrl(f"graph url {url!r} names no directory, e.g. grafeo:///data/tacit")
    return Path(path)


def open_store(url: str | None = None, settings: Settings | None = None) -> GraphStore:
    """Open the store `url` names (default: the `TACIT_GRAPH_URL` setting)."""
    settings = settings or Settings()
    url = url or settings.graph_url
    if url.startswith(GRAFEO_SCHEME):
        from graph.stores.grafeo_store import GrafeoStore

        return GrafeoStore(grafeo_path(url))
    if url.startswith(NEO4J_SCHEMES):
        from graph.stores.neo4j_store import Neo4jStore

        return Neo4jStore(
            url,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
        )
    raise InvalidGraphUrl(
        f"graph url {url!r} is not supported; use grafeo:///path/to/dir "
        "or neo4j://host:7687 (also bolt://, neo4j+s://)"
    )


__all__ = ["GraphStore", "Row", "grafeo_path", "open_store"]
