"""API keys with roles: `TACIT_API_KEYS="key1:viewer,key2:curator,key3:admin"`.

A key may carry a name for the audit log (`key:curator:alice`); without one, the audit log
names the role and a short fingerprint of the key (never the key). Keys are compared in
constant time, every configured key every time, and never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from graph.settings import Settings

DEVELOPMENT = "development"
MIN_KEY_LENGTH = 16
FINGERPRINT_CHARS = 8


class Role(StrEnum):
    VIEWER = "viewer"
    CURATOR = "curator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """viewer reads; curator also curates and ingests; admin also erases and audits."""
        return self.rank >= needed.rank


class ApiKeyConfigError(ValueError):
    """TACIT_API_KEYS is malformed, or unsafe outside development."""


@dataclass(frozen=True)
class Principal:
    """Who sent a request: their role, and the label the audit log records."""

    role: Role
    label: str


@dataclass(frozen=True)
class _Key:
    secret: bytes
    principal: Principal


class ApiKeys:
    """The configured keys; `authenticate` finds the principal a bearer token belongs to."""

    def __init__(self, entries: list[tuple[str, Role, str | None]]) -> None:
        self._keys = [
            _Key(key.encode("utf-8"), Principal(role, name or f"{role}:{fingerprint(key)}"))
            for key, role, name in entries
        ]

    def __len__(self) -> int:
        return len(self._keys)

    def authenticate(self, token: str) -> Principal | None:
        given = token.encode("utf-8")
        found: Principal | None = None
        for key in self._keys:
            if hmac.compare_digest(given, key.secret) and found is None:
                found = key.principal
        return found

    @classmethod
    def from_settings(cls, settings: Settings) -> ApiKeys:
        entries = parse_api_keys(settings.api_keys.get_secret_value())
        if settings.environment != DEVELOPMENT:
            if not entries:
                raise ApiKeyConfigError(
                    f"TACIT_API_KEYS is empty and TACIT_ENVIRONMENT is {settings.environment!r}: "
                    "configure keys (key:role,...) or run in development"
                )
            short = [role for key, role, _ in entries if len(key) < MIN_KEY_LENGTH]
            if short:
                raise ApiKeyConfigError(
                    f"API keys must have at least {MIN_KEY_LENGTH} characters outside "
                    f"development (a {short[0]} key is shorter); generate one with "
                    "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
                )
        return cls(entries)


def parse_api_keys(value: str) -> list[tuple[str, Role, str | None]]:
    """`key:role[:name]` entries, comma-separated."""
    entries: list[tuple[str, Role, str | None]] = []
    for number, item in enumerate((i.strip() for i in value.split(",")), start=1):
        if not item:
            continue
        parts = item.split(":")
        if len(parts) not in (2, 3) or not parts[0]:
            raise ApiKeyConfigError(
                f"TACIT_API_KEYS entry {number} is not key:role or key:role:name"
            )
        try:
            role = Role(parts[1].strip().lower())
        except ValueError:
            raise ApiKeyConfigError(
                f"TACIT_API_KEYS entry {number}: role must be one of "
                f"{', '.join(r.value for r in Role)}"
            ) from None
        name = parts[2].strip() if len(parts) == 3 and parts[2].strip() else None
        entries.append((parts[0].strip(), role, name))
    return entries


def fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:FINGERPRINT_CHARS]


def generate_key() -> str:
    return secrets.token_urlsafe(32)
