"""Neo4j 5+ through the official driver: one driver per process, managed transactions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import neo4j
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from graph.errors import QueryFailed, StoreUnavailable
from graph.queries import schema
from graph.stores.base import Compaction, Row, resolve

ENGINE = "neo4j"


class Neo4jStore:
    """`GraphStore` on a Neo4j server, cluster or Aura."""

    engine = ENGINE

    def __init__(self, url: str, user: str, password: str, database: str | None = None) -> None:
        self.url = url
        self._database = database
        try:
            self._driver = neo4j.GraphDatabase.driver(url, auth=(user, password))
            self._driver.verify_connectivity()
        except (Neo4jError, ServiceUnavailable, ValueError, OSError) as e:
            raise StoreUnavailable(f"cannot reach Neo4j at {url}: {e}") from e

    def read(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        query, values = resolve(name, params, "read")
        cypher = query.cypher_for(ENGINE)

        def work(tx: neo4j.ManagedTransaction) -> list[Row]:
            return [record.data() for record in tx.run(cypher, values)]

        rows: list[Row] = self._run(name, lambda session: session.execute_read(work))
        return rows

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self.write_many([(name, params or {})])[0]

    def write_many(self, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> list[list[Row]]:
        resolved = [resolve(name, params, "write") for name, params in statements]

        def work(tx: neo4j.ManagedTransaction) -> list[list[Row]]:
            return [
                [record.data() for record in tx.run(query.cypher_for(ENGINE), values)]
                for query, values in resolved
            ]

        names = ", ".join(name for name, _ in statements)
        results: list[list[Row]] = self._run(names, lambda session: session.execute_write(work))
        return results

    def create_schema(self) -> None:
        for name in (*schema.CONSTRAINT_QUERIES, *schema.FULLTEXT_QUERIES):
            self.write(name)

    def compact(self) -> Compaction:
        return {
            "compacted": False,
            "detail": "Neo4j keeps deleted values in its store and transaction log files until "
            "the server reuses the space and rotates the logs; the server's operator must "
            "do that (neo4j-admin), a client cannot",
        }

    def data_files(self) -> list[Path]:
        return []

    def close(self) -> None:
        self._driver.close()

    def _run(self, what: str, work: Any) -> Any:
        try:
            with self._driver.session(database=self._database) as session:
                return work(session)
        except Neo4jError as e:
            raise QueryFailed(f"query {what!r} failed on Neo4j: {e.code}: {e.message}") from e
        except ServiceUnavailable as e:
            raise StoreUnavailable(f"Neo4j at {self.url} is unavailable: {e}") from e
