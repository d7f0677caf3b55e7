"""Settings from `TACIT_` environment variables, built on demand, never at import."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_GRAPH_URL = "grafeo://./data/tacit.grafeo"


class Settings(BaseSettings):
    """Everything configurable; see the README's Configuration section."""

    model_config = SettingsConfigDict(env_prefix="TACIT_", extra="ignore")

    graph_url: str = DEFAULT_GRAPH_URL
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str | None = None
    api_keys: SecretStr = SecretStr("")
    api_url: str | None = None
    api_key: SecretStr = SecretStr("")
    cors_origins: str = ""
    environment: str = "development"
    max_upload_bytes: int = 25 * 1024 * 1024
    internal_domains: str = ""
    ingest_batch_size: int = Field(default=64, ge=1, le=10_000)

    def internal_domain_list(self) -> list[str]:
        """Our own company's email domains (comma-separated in TACIT_INTERNAL_DOMAINS)."""
        return [d.strip().lower() for d in self.internal_domains.split(",") if d.strip()]
