"""The API over HTTP: the real app, its lifespan, a real store with a small world."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from anyio.from_thread import start_blocking_portal
from fastapi import FastAPI

from api.app import create_app
from graph.settings import Settings
from graph.stores import open_store
from tests.world import build_world

VIEWER_KEY = "viewer-key-0123456789"
CURATOR_KEY = "curator-key-0123456789"
ADMIN_KEY = "admin-key-0123456789"
API_KEYS = f"{VIEWER_KEY}:viewer,{CURATOR_KEY}:curator,{ADMIN_KEY}:admin:test-admin"
UPLOAD_LIMIT = 64 * 1024


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def world_url(tmp_path: Path) -> str:
    """A store holding the test world, closed so the app can open it."""
    url = f"grafeo://{tmp_path / 'graph'}"
    store = open_store(url)
    store.create_schema()
    build_world(store, tmp_path)
    store.close()
    return url


@pytest.fixture
def api_settings(world_url: str) -> Settings:
    return Settings(
        graph_url=world_url,
        api_keys=API_KEYS,  # type: ignore[arg-type]
        environment="test",
        max_upload_bytes=UPLOAD_LIMIT,
    )


class ApiClient:
    """httpx against the app through its ASGI transport, with its lifespan run, called
    synchronously from tests (an event loop runs in a portal thread)."""

    def __init__(self, app: FastAPI, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = headers
        self._stack = ExitStack()

    def __enter__(self) -> ApiClient:
        portal = self._stack.enter_context(start_blocking_portal())
        self._stack.enter_context(
            portal.wrap_async_context_manager(self.app.router.lifespan_context(self.app))
        )
        transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
        client = httpx.AsyncClient(
            transport=transport, base_url="http://tacit.test", headers=self.headers
        )
        self._stack.enter_context(portal.wrap_async_context_manager(client))
        self._portal, self._client = portal, client
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(lambda: self._client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)


@pytest.fixture
def client(api_settings: Settings) -> Iterator[ApiClient]:
    """The app with the world, sending the viewer's key unless a test says otherwise."""
    with ApiClient(create_app(api_settings), bearer(VIEWER_KEY)) as c:
        yield c
