"""Dependencies routes declare: the store, settings, the caller and their role, the write lock."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth import ApiKeys, Principal, Role
from api.web.sessions import COOKIE, WEB_HEADER, WebSessions
from graph.settings import Settings
from graph.stores.base import GraphStore
from ingest.service import IngestService

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <key>`.")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


class GraphWrites:
    """The API's writes, one at a time (the embedded store has one writer), and what
    follows each one: `after_write` callbacks, which make caches built from the graph's
    names read them again (a write may add, rename, merge or erase names). Routes write
    inside `with lock:`; the ingest service checks its own gazetteer before every run.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.after_write: list[Callable[[], None]] = []

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(self, *exc_info: object) -> None:
        try:
            for forget in self.after_write:
                forget()
        finally:
            self._lock.release()


def query_parameters_once(request: Request) -> None:
    """422 for a query parameter given more than once: each takes one value, and which of
    two the route would use is not the caller's to guess."""
    counts = Counter(name for name, _ in request.query_params.multi_items())
    repeated = sorted(name for name, count in counts.items() if count > 1)
    if repeated:
        raise RequestValidationError(
            [
                {"loc": ("query", name), "msg": "given more than once", "type": "value_error"}
                for name in repeated
            ]
        )


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_write_lock(request: Request) -> GraphWrites:
    lock: GraphWrites = request.app.state.write_lock
    return lock


def get_ingest_service(request: Request) -> IngestService:
    service: IngestService = request.app.state.ingest
    return service


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller of a request with a valid key, or signed in to the web app; 401 otherwise."""
    if credentials is None:
        signed_in = web_session_user(request)
        if signed_in is not None:
            return signed_in
        raise HTTPException(401, "an API key is required: Authorization: Bearer <key>", _CHALLENGE)
    keys: ApiKeys = request.app.state.api_keys
    principal = keys.authenticate(credentials.credentials)
    if principal is None:
        raise HTTPException(401, "the API key is not valid", _CHALLENGE)
    return principal


def web_session_user(request: Request) -> Principal | None:
    """The web app's signed-in user (session cookie), if any. Unsafe methods also need the
    web app's header, which other sites' pages cannot send."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    sessions: WebSessions = request.app.state.web_sessions
    _, principal = sessions.lookup(token)
    if principal is None:
        raise HTTPException(401, "your session has expired: sign in again")
    if request.method not in ("GET", "HEAD", "OPTIONS") and not request.headers.get(WEB_HEADER):
        raise HTTPException(403, f"a request from the web app must carry the {WEB_HEADER} header")
    return principal


def requires(role: Role) -> Callable[[Principal], Principal]:
    def check(user: Annotated[Principal, Depends(current_user)]) -> Principal:
        if not user.role.allows(role):
            raise HTTPException(403, f"this needs the {role} role; the key has {user.role}")
        return user

    return check


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
WriteLock = Annotated[GraphWrites, Depends(get_write_lock)]
IngestServiceDep = Annotated[IngestService, Depends(get_ingest_service)]
CurrentUser = Annotated[Principal, Depends(current_user)]
Viewer = Annotated[Principal, Depends(requires(Role.VIEWER))]
Curator = Annotated[Principal, Depends(requires(Role.CURATOR))]
Admin = Annotated[Principal, Depends(requires(Role.ADMIN))]
