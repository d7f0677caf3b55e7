"""The registry of named queries: every statement either engine ever runs.

A query is written once, in Neo4j Cypher. Where one engine needs a different statement,
it registers an override under the same name for that engine; the default stays the
Neo4j text, which the Cypher check lints.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from graph.errors import UnknownQuery

Mode = Literal["read", "write"]
Engine = Literal["grafeo", "neo4j"]

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    cypher: str
    mode: Mode
    overrides: dict[str, str] = field(default_factory=dict)

    @property
    def parameters(self) -> frozenset[str]:
        return parameters_of(self.cypher)

    def cypher_for(self, engine: str) -> str:
        return self.overrides.get(engine, self.cypher)


def parameters_of(cypher: str) -> frozenset[str]:
    """The `$parameter` names a statement uses."""
    return frozenset(_PARAMETER.findall(cypher))


class QueryRegistry:
    def __init__(self) -> None:
        self._queries: dict[str, NamedQuery] = {}

    def add(self, name: str, cypher: str, mode: Mode) -> NamedQuery:
        if name in self._queries:
            raise ValueError(f"query {name!r} is registered twice")
        query = NamedQuery(name=name, cypher=textwrap.dedent(cypher).strip(), mode=mode)
        self._queries[name] = query
        return query

    def override(self, name: str, engine: Engine, cypher: str) -> None:
        """Give `engine` its own statement for query `name`; parameters must match."""
        query = self.get(name)
        if parameters_of(cypher) - query.parameters:
            extra = sorted(parameters_of(cypher) - query.parameters)
            raise ValueError(f"override of {name!r} for {engine} uses unknown parameters {extra}")
        query.overrides[engine] = textwrap.dedent(cypher).strip()

    def get(self, name: str) -> NamedQuery:
        try:
            return self._queries[name]
        except KeyError:
            raise UnknownQuery(f"no named query {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._queries

    def __iter__(self) -> Iterator[NamedQuery]:
        return iter(self._queries.values())

    def __len__(self) -> int:
        return len(self._queries)


REGISTRY = QueryRegistry()


def read_query(name: str, cypher: str) -> str:
    REGISTRY.add(name, cypher, "read")
    return name


def write_query(name: str, cypher: str) -> str:
    REGISTRY.add(name, cypher, "write")
    return name
