"""The `GraphStore` protocol: run named queries, return plain dicts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypedDict, runtime_checkable

from graph.errors import QueryParameterError
from graph.queries.registry import REGISTRY, NamedQuery

Row = dict[str, Any]


@runtime_checkable
class GraphStore(Protocol):
    """A graph engine behind the registry of named queries."""

    engine: str

    def read(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run the named read query in a read transaction."""
        ...

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run the named write query in a write transaction."""
        ...

    def write_many(self, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> list[list[Row]]:
        """Run several named write queries in one write transaction, all or nothing."""
        ...

    def create_schema(self) -> None:
        """Create uniqueness constraints and indexes; safe to run again."""
        ...

    def compact(self) -> Compaction:
        """Rewrite the store's files so deleted and overwritten values leave the disk."""
        ...

    def data_files(self) -> list[Path]:
        """The files the store keeps its data in (none for a server we reach by network)."""
        ...

    def close(self) -> None: ...


class Compaction(TypedDict):
    """What `compact` did: whether deleted values are gone from disk, and if not, why."""

    compacted: bool
    detail: str


def resolve(name: str, params: Mapping[str, Any] | None, mode: str) -> tuple[NamedQuery, Row]:
    """Look up a named query and check its parameters and transaction mode."""
    query = REGISTRY.get(name)
    given = dict(params or {})
    if query.mode != mode and not (query.mode == "read" and mode == "write"):
        raise QueryParameterError(f"query {name!r} is a {query.mode} query, run as {mode}")
    missing = query.parameters - given.keys()
    unexpected = given.keys() - query.parameters
    if missing or unexpected:
        problems = []
        if missing:
            problems.append(f"missing {sorted(missing)}")
        if unexpected:
            problems.append(f"unexpected {sorted(unexpected)}")
        raise QueryParameterError(f"query {name!r}: parameters {'; '.join(problems)}")
    return query, given
