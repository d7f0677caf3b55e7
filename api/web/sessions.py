"""Web sessions: signing in with an API key gives the browser an opaque session token in an
HttpOnly, SameSite=Strict cookie; the key itself never reaches the page, a URL or a log.

Sessions live in the server's memory: they end at sign-out, after `IDLE_SECONDS` without
a request, after `MAX_SECONDS` in all, or when the server restarts. A token the server
no longer knows is reported as expired, so the page can say so.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from enum import StrEnum

from api.auth import Principal

COOKIE = "tacit_session"
# Unsafe requests authenticated by the cookie must carry this header: a page of another
# site cannot set it without the server's consent (CORS), so it cannot act for the user.
WEB_HEADER = "X-Tacit-Web"
IDLE_SECONDS = 8 * 3600
MAX_SECONDS = 24 * 3600


class SessionState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"


@dataclass
class _Session:
    principal: Principal
    started: float
    last_seen: float


class WebSessions:
    def __init__(self, idle_seconds: float = IDLE_SECONDS, max_seconds: float = MAX_SECONDS):
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def start(self, principal: Principal) -> str:
        token = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self._lock:
            self._forget_expired(now)
            self._sessions[token] = _Session(principal, now, now)
        return token

    def lookup(self, token: str) -> tuple[SessionState, Principal | None]:
        """The signed-in principal, or EXPIRED for a token that is no longer valid."""
        now = time.monotonic()
        with self._lock:
            session = self._sessions.get(token)
            if session is None or self._expired(session, now):
                self._sessions.pop(token, None)
                return SessionState.EXPIRED, None
            session.last_seen = now
            return SessionState.VALID, session.principal

    def end(self, token: str) -> None:
        with self._lock:
            self._sessions.pop(token, None)

    def _expired(self, session: _Session, now: float) -> bool:
        return (
            now - session.last_seen > self.idle_seconds or now - session.started > self.max_seconds
        )

    def _forget_expired(self, now: float) -> None:
        for token in [t for t, s in self._sessions.items() if self._expired(s, now)]:
            del self._sessions[token]
