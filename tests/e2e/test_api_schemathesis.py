"""The OpenAPI document fuzzed with schemathesis against a real server, with every check
schemathesis has (`--checks all`): never a 5xx, and every answer as documented: status
codes, content types, headers, bodies; bad input refused, good input accepted, an
undocumented method answered 405 with `Allow`.

Every operation gets a bounded number of generated requests, sent with the admin's key
so that each reaches its route's code (the auth matrix is tested on its own).

One named exception: `negative_data_rejection` does not apply to file uploads. A
multipart part carries bytes, never a JSON type, so the "boolean" or "number" schemathesis
puts in a `files` part to break the schema reaches the server as the file's bytes
(`true`, `-12308`): a valid upload, which the ingest reads and reports on like any file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks, negative_data_rejection

from api.app import create_app
from graph.settings import Settings
from graph.stores import open_store
from tests.e2e.conftest import ADMIN_KEY, API_KEYS
from tests.e2e.test_api_auth import Server, _start, _stop
from tests.world import build_world

EXAMPLES_PER_OPERATION = int(os.environ.get("TACIT_FUZZ_EXAMPLES", "12"))
load_all_checks()
ALL_CHECKS = [check for check in CHECKS.get_all() if callable(check)]
UPLOAD_CHECKS = [check for check in ALL_CHECKS if check is not negative_data_rejection]

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
def test_every_operation_answers_as_documented(
    case: schemathesis.Case, fuzzed_server: Server
) -> None:
    # The generated key is replaced by the admin's; a case that leaves the key out on
    # purpose (to see it refused) goes without one.
    keyed = "Authorization" in (case.headers or {})
    headers = {"Authorization": f"Bearer {ADMIN_KEY}"} if keyed else None
    response = case.call(base_url=fuzzed_server.url, headers=headers, timeout=60)
    uploads = case.media_type == "multipart/form-data"
    case.validate_response(response, checks=UPLOAD_CHECKS if uploads else ALL_CHECKS)
