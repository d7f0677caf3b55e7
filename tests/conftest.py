"""Fixtures shared by every test layer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from graph.stores import GraphStore, open_store
from tests.neo4j_server import (
    Neo4jConnection,
    Neo4jServerProcess,
    Neo4jUnavailable,
    connection_from_environment,
    empty_neo4j_store,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data beside the project (`../shared/data`)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the shared real data is not at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def grafeo_url(tmp_path: Path) -> str:
    return f"grafeo://{tmp_path / 'graph'}"


@pytest.fixture
def grafeo_store(grafeo_url: str) -> Iterator[GraphStore]:
    """A real Grafeo store on disk in a temporary directory, with its schema."""
    store = open_store(grafeo_url)
    store.create_schema()
    yield store
    store.close()


_NEO4J = Neo4jServerProcess()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Boot the test Neo4j now, while other tests run, when any collected test needs it."""
    needs_neo4j = any(
        {"neo4j_server", "any_store"} & set(getattr(item, "fixturenames", ()))
        for item in session.items
    )
    if needs_neo4j and connection_from_environment() is None:
        with suppress(Neo4jUnavailable):  # the neo4j_server fixture raises it where needed
            _NEO4J.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    _NEO4J.stop()


@pytest.fixture(scope="session")
def neo4j_server() -> Neo4jConnection:
    """A real Neo4j 5.26 started for this session, or the one TACIT_NEO4J_URL names."""
    return connection_from_environment() or _NEO4J.connection()


@pytest.fixture
def neo4j_store(neo4j_server: Neo4jConnection) -> Iterator[GraphStore]:
    """The session's Neo4j, empty, with the schema."""
    store = empty_neo4j_store(neo4j_server)
    store.create_schema()
    yield store
    store.close()


@pytest.fixture(params=["grafeo", "neo4j"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """The store contract runs on both engines: Grafeo on disk and the session's Neo4j."""
    if request.param == "grafeo":
        store = open_store(f"grafeo://{tmp_path / 'graph'}")
    else:
        store = empty_neo4j_store(request.getfixturevalue("neo4j_server"))
    store.create_schema()
    yield store
    store.close()


@pytest.fixture(scope="session")
def extractors() -> Any:
    """One NLP extractor cache for the session: spaCy loads once, each store sets its own
    gazetteer (an `ingest.service.ExtractorCache`)."""
    from ingest.service import ExtractorCache

    return ExtractorCache()
