"""`tacit serve` announces itself in the store's folder and removes the file however it
stops: SIGTERM (a service manager) or SIGHUP (a closed terminal); Ctrl-C was never the
problem (Python turns it into an exception that unwinds)."""

from __future__ import annotations

import signal

import pytest

from api.client import SERVER_FILE
from graph.stores import grafeo_path
from tests.e2e.conftest import API_KEYS
from tests.e2e.test_api_auth import _start


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_the_server_file_is_removed_when_the_server_stops(
    world_url: str, stop: signal.Signals
) -> None:
    announced = grafeo_path(world_url) / SERVER_FILE
    server = _start(world_url, {"TACIT_API_KEYS": API_KEYS, "TACIT_ENVIRONMENT": "test"})
    assert announced.is_file()
    server.process.send_signal(stop)
    try:
        output, _ = server.process.communicate(timeout=60)
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.communicate()
    assert not announced.exists(), output[-2000:]
    assert server.process.returncode == 128 + signal.SIGTERM, "SIGHUP stops it as SIGTERM does"
