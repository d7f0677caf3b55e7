"""The embedded default: a Grafeo database on disk, owned by one process."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grafeo

from graph.errors import QueryFailed, StoreLocked, StoreUnavailable
from graph.queries import schema
from graph.queries.registry import NamedQuery
from graph.stores.base import Row, resolve

log = logging.getLogger(__name__)

DATABASE_FILE = "graph.grafeo"
ENGINE = "grafeo"


class GrafeoStore:
    """`GraphStore` on an embedded Grafeo database in directory `path`."""

    engine = ENGINE

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._db = _open(self.path)

    def read(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        query, values = resolve(name, params, "read")
        with self._lock:
            return self._execute(self._db, query, values)

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self.write_many([(name, params or {})])[0]

    def write_many(self, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> list[list[Row]]:
        resolved = [resolve(name, params, "write") for name, params in statements]
        with self._lock, self._db.begin_transaction() as tx:
            results = [self._execute(tx, query, values) for query, values in resolved]
            tx.commit()
        return results

    def create_schema(self) -> None:
        with self._lock:
            for name in schema.CONSTRAINT_QUERIES:
                self.write(name)
            for prop in ("id", *(prop for _, prop in schema.PROPERTY_INDEXES)):
                if not self._db.has_property_index(prop):
                    self._db.create_property_index(prop)
            for index in schema.FULLTEXT_INDEXES:
                for prop in index.properties:
                    _create_text_index(self._db, index.label, prop)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @staticmethod
    def _execute(executor: Any, query: NamedQuery, values: Row) -> list[Row]:
        try:
            result = executor.execute_cypher(query.cypher_for(ENGINE), values)
        except grafeo.GrafeoError as e:
            raise QueryFailed(f"query {query.name!r} failed on Grafeo: {e}") from e
        return [{key: _plain(value) for key, value in dict(row).items()} for row in result]


def _plain(value: Any) -> Any:
    """Grafeo keeps a datetime's instant but not its zone: give it back in UTC, as Neo4j's
    store does, so both engines return the same Python values."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _open(path: Path) -> Any:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreUnavailable(f"cannot create the graph directory {path}: {e}") from e
    database = path / DATABASE_FILE
    try:
        return grafeo.GrafeoDB(str(database))
    except grafeo.GrafeoError as e:
        if "lock" in str(e).lower():
            raise StoreLocked(
                f"the graph store at {path} is in use by another process "
                "(probably `tacit serve`). Stop that process, or send the work through the "
                "running server with --api-url (key from TACIT_API_KEY)."
            ) from e
        raise StoreUnavailable(f"cannot open the graph store at {path}: {e}") from e


def _create_text_index(db: Any, label: str, prop: str) -> None:
    try:
        db.create_text_index(label, prop)
    except grafeo.GrafeoError as e:
        if "exist" not in str(e).lower():
            raise
        log.debug("text index %s.%s exists", label, prop)
