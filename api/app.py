"""The FastAPI app: `create_app(settings)`; the server owns the store for its lifetime."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import ApiKeys
from api.deps import GraphWrites
from api.problems import PROBLEM_JSON, install_problem_handlers, problem
from api.routes import api_router
from api.web.ingest_log import IngestRunLog, IngestRuns
from api.web.mount import install_web_app
from api.web.sessions import WebSessions
from graph.services.search import forget_search_index, search_index
from graph.settings import Settings
from graph.stores import GraphStore, open_store
from ingest.service import IngestService

API_VERSION = "0.1.0"
log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """An app on `settings` (default: from TACIT_ variables); the store opens at startup."""
    settings = settings or Settings()
    api_keys = ApiKeys.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings.graph_url, settings)
        try:
            store.create_schema()
            app.state.store = store
            app.state.ingest = IngestService.from_settings(store, settings)
            # The first search, expert question and FAQ should not wait: read now, beside startup.
            app.state.warmed = threading.Event()
            warming = threading.Thread(
                target=_warm_caches, args=(store, app.state.warmed), daemon=True
            )
            warming.start()
            yield
            warming.join(timeout=30)
        finally:
            store.close()

    app = FastAPI(
        title="Tacit Graph",
        version=API_VERSION,
        description="A customer knowledge graph: every answer with its evidence.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.api_keys = api_keys
    app.state.write_lock = GraphWrites()
    # A write may add, rename, merge or erase names: the search box reads them again.
    app.state.write_lock.after_write.append(lambda: forget_search_index(app.state.store))
    app.state.web_sessions = WebSessions()
    app.state.ingest_runs = IngestRuns()
    install_problem_handlers(app)
    app.include_router(api_router)
    install_web_app(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(IngestRunLog, runs=app.state.ingest_runs)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


def _warm_caches(store: GraphStore, warmed: threading.Event) -> None:
    """Read what the first search, expert question and FAQ would otherwise wait for."""
    from api.routes.kb import FAQ_LIMIT
    from graph.services.faq import smart_faq
    from graph.services.kb_match import word_rarity

    for name, warm in (
        ("search index", lambda: search_index(store)),
        ("word rarity of experts and KB search", lambda: word_rarity(store)),
        ("frequent questions", lambda: smart_faq(store, limit=FAQ_LIMIT)),
    ):
        try:
            warm()
        except Exception:  # the first request reads it again, and reports what is wrong
            log.debug("the %s could not be read at startup", name, exc_info=True)
    warmed.set()


class BodySizeLimit:
    """413 for a request body over `max_bytes`: at once when Content-Length says so,
    otherwise as soon as the streamed body passes the limit (the rest is not read)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        received = 0
        exceeded = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                if not started and message["type"] == "http.response.start":
                    started = True
                    await self._too_large(scope, receive, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited_receive, guarded_send)
        if exceeded and not started:
            await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            413,
            f"the request body is larger than the limit of {self.max_bytes} bytes",
            kind="too-large",
            headers={"Connection": "close"},
        )
        assert response.media_type == PROBLEM_JSON
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
