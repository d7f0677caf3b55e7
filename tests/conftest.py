"""Fixtures shared by every test layer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.stores import GraphStore, open_store

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


@pytest.fixture(params=["grafeo", "neo4j"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """The store contract runs on Grafeo always, on Neo4j when TACIT_NEO4J_URL is set."""
    if request.param == "grafeo":
        store = open_store(f"grafeo://{tmp_path / 'graph'}")
    else:
        url = os.environ.get("TACIT_NEO4J_URL")
        if not url:
            pytest.skip("TACIT_NEO4J_URL is not set: no Neo4j server to run the contract on")
        store = open_store(url)
        _empty_neo4j(store)
    store.create_schema()
    yield store
    store.close()


def _empty_neo4j(store: GraphStore) -> None:
    from graph.queries.maintenance import DELETE_EVERYTHING

    store.write(DELETE_EVERYTHING)


@pytest.fixture(scope="session")
def extractors() -> Any:
    """One NLP extractor cache for the session: spaCy loads once, each store sets its own
    gazetteer (an `ingest.service.ExtractorCache`)."""
    from ingest.service import ExtractorCache

    return ExtractorCache()
