"""Errors as `application/problem+json` (RFC 9457): type, title, status, detail.

Graph and ingest errors map to their HTTP status; validation errors name the field;
anything unexpected is a 500 that says nothing about the code (it is logged, without the
request's values).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from graph.errors import (
    GraphError,
    InvalidRecord,
    NotFound,
    StoreLocked,
    StoreUnavailable,
    UnknownIdentifier,
)
from ingest.errors import IngestError, SourceNotFound, UnsupportedSource

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE = "urn:tacit:problem:"


def problem(
    status: int,
    detail: str,
    *,
    kind: str | None = None,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    """A problem response; `kind` names the problem type (else `about:blank`)."""
    body: dict[str, Any] = {
        "type": f"{PROBLEM_TYPE}{kind}" if kind else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(
        jsonable_encoder(body), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def field_of(location: tuple[Any, ...] | list[Any]) -> str:
    """`("query", "limit")` -> `limit`; `("body", "broader", 0)` -> `broader[0]`."""
    parts = [p for p in location if p not in ("body", "query", "path", "header", "cookie")]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or str(location[0] if location else "body")


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": field_of(tuple(e.get("loc", ()))), "message": str(e.get("msg", "invalid"))}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
    return problem(422, detail, kind="invalid-request", errors=errors)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    headers = dict(exc.headers or {})
    if exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem(exc.status_code, detail, headers=headers or None)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at the request's path (Starlette names only the
    first route that matches the path, though GET and PATCH may be two routes)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    return problem(404, str(exc), kind="not-found")


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    field = getattr(exc, "field", None)
    errors = [{"field": str(field), "message": str(exc)}] if field else None
    return problem(422, str(exc), kind="invalid-request", errors=errors)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.error("graph store unavailable: %s", type(exc).__name__)
    detail = (
        "the graph store is in use by another process"
        if isinstance(exc, StoreLocked)
        else "the graph store is unavailable; try again later"
    )
    return problem(503, detail, kind="store-unavailable", headers={"Retry-After": "5"})


async def _ingest(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, SourceNotFound | UnsupportedSource):
        return problem(422, str(exc), kind="invalid-upload")
    return await _unexpected(request, exc)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    route = getattr(request.scope.get("route"), "path", "?")
    log.error("unexpected %s on %s %s", type(exc).__name__, request.method, route)
    # The traceback's messages may quote stored values (names, addresses): debug only.
    log.debug("traceback of the unexpected error", exc_info=exc)
    return problem(500, "an unexpected error occurred; it has been logged", kind="internal")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(InvalidRecord, _invalid)
    app.add_exception_handler(UnknownIdentifier, _invalid)
    app.add_exception_handler(StoreUnavailable, _unavailable)
    app.add_exception_handler(GraphError, _unexpected)
    app.add_exception_handler(IngestError, _ingest)
    app.add_exception_handler(Exception, _unexpected)
