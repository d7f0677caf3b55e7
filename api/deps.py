"""Dependencies routes declare: the store, settings, the caller and their role, the write lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth import ApiKeys, Principal, Role
from graph.settings import Settings
from graph.stores.base import GraphStore
from ingest.service import IngestService

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <key>`.")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_write_lock(request: Request) -> threading.Lock:
    lock: threading.Lock = request.app.state.write_lock
    return lock


def get_ingest_service(request: Request) -> IngestService:
    service: IngestService = request.app.state.ingest
    return service


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller of a request with a valid key; 401 otherwise."""
    if credentials is None:
        raise HTTPException(401, "an API key is required: Authorization: Bearer <key>", _CHALLENGE)
    keys: ApiKeys = request.app.state.api_keys
    principal = keys.authenticate(credentials.credentials)
    if principal is None:
        raise HTTPException(401, "the API key is not valid", _CHALLENGE)
    return principal


def requires(role: Role) -> Callable[[Principal], Principal]:
    def check(user: Annotated[Principal, Depends(current_user)]) -> Principal:
        if not user.role.allows(role):
            raise HTTPException(403, f"this needs the {role} role; the key has {user.role}")
        return user

    return check


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
WriteLock = Annotated[threading.Lock, Depends(get_write_lock)]
IngestServiceDep = Annotated[IngestService, Depends(get_ingest_service)]
CurrentUser = Annotated[Principal, Depends(current_user)]
Viewer = Annotated[Principal, Depends(requires(Role.VIEWER))]
Curator = Annotated[Principal, Depends(requires(Role.CURATOR))]
Admin = Annotated[Principal, Depends(requires(Role.ADMIN))]
