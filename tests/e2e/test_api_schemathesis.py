"""The OpenAPI document fuzzed with schemathesis against a real server: never a 5xx.

Every operation gets a bounded number of generated requests, sent with the admin's key
so that each reaches its route's code (the auth matrix is tested on its own).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from graph.settings import Settings
from graph.stores import open_store
from tests.e2e.conftest import ADMIN_KEY, API_KEYS
from tests.e2e.test_api_auth import Server, _start, _stop
from tests.world import build_world

EXAMPLES_PER_OPERATION = int(os.environ.get("TACIT_FUZZ_EXAMPLES", "12"))

schema = schemathesis.openapi.from_dict(
    create_app(
        Settings(graph_url="grafeo:///unused", api_keys=API_KEYS, environment="test")  # type: ignore[arg-type]
    ).openapi()
)


@pytest.fixture(scope="module")
def fuzzed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    url = f"grafeo://{folder / 'graph'}"
    store = open_store(url)
    store.create_schema()
    build_world(store, folder)
    store.close()
    env = {
        "TACIT_API_KEYS": API_KEYS,
        "TACIT_ENVIRONMENT": "test",
        "TACIT_MAX_UPLOAD_BYTES": str(256 * 1024),
    }
    started = _start(url, env)
    yield started
    _stop(started)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_5xx(case: schemathesis.Case, fuzzed_server: Server) -> None:
    response = case.call(
        base_url=fuzzed_server.url, headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=60
    )
    case.validate_response(response, checks=[not_a_server_error])
