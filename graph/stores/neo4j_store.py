"""Neo4j 5+ through the official driver: one driver per process, managed transactions.

Reads run in read transactions (routed to a reader in a cluster or Aura), writes in write
transactions; the driver retries both on transient errors (a deadlock between two ingest
processes, a leader switch), so every transaction function reads its results inside itself
and every write is an idempotent MERGE. Several processes may write at once: there is no
single-writer lock as with the embedded store.

Values come back as plain Python, the same as from Grafeo: nodes and relationships as their
property dicts, a datetime with a zone as a `datetime` in UTC (Grafeo keeps no zone), dates
and times as `date`/`time`, lists and maps as such.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
import neo4j.graph
import neo4j.time
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable

from graph.errors import InvalidGraphUrl, QueryFailed, StoreUnavailable
from graph.queries import schema
from graph.stores.base import Row, resolve

log = logging.getLogger(__name__)

ENGINE = "neo4j"
INDEX_WAIT_SECONDS = 300

T = TypeVar("T")


@dataclass(frozen=True)
class Neo4jAddress:
    """A Neo4j URL without credentials, and the credentials to use with it."""

    url: str
    user: str
    password: str


def neo4j_address(url: str, user: str, password: str) -> Neo4jAddress:
    """Split `neo4j://user:password@host:7687` into a bare URL and credentials.

    Credentials in the URL win over `user`/`password` (TACIT_NEO4J_USER/_PASSWORD).

    >>> neo4j_address("bolt://ann:s%40cret@db:7687", "neo4j", "x")
    Neo4jAddress(url='bolt://db:7687', user='ann', password='s@cret')
    >>> neo4j_address("neo4j+s://abc.databases.neo4j.io", "neo4j", "pw").user
    'neo4j'
    """
    parts = urlsplit(url)
    if not parts.hostname:
        raise InvalidGraphUrl(f"graph url {redacted(url)!r} names no host, e.g. neo4j://host:7687")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as e:
        raise InvalidGraphUrl(f"graph url {redacted(url)!r} has a bad port: {e}") from e
    if parts.username is None and parts.password is None:
        return Neo4jAddress(url, user, password)
    host = parts.netloc.rpartition("@")[2]
    bare = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return Neo4jAddress(
        bare,
        unquote(parts.username) if parts.username else user,
        unquote(parts.password) if parts.password is not None else password,
    )


def redacted(url: str) -> str:
    """The URL with any password in it replaced by `***`, fit for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    name = user.partition(":")[0]
    return urlunsplit((parts.scheme, f"{name}:***@{host}", parts.path, parts.query, ""))


class Neo4jStore:
    """`GraphStore` on a Neo4j server, cluster or Aura."""

    engine = ENGINE

    def __init__(self, url: str, user: str, password: str, database: str | None = None) -> None:
        address = neo4j_address(url, user, password)
        self.url = address.url
        self._database = database
        try:
            self._driver = neo4j.GraphDatabase.driver(
                address.url, auth=(address.user, address.password)
            )
        except (ValueError, DriverError) as e:
            raise StoreUnavailable(f"cannot use Neo4j at {self.url}: {e}") from e
        try:
            self._driver.verify_connectivity()
        except (Neo4jError, DriverError, OSError) as e:
            self._driver.close()
            raise _unreachable(self.url, address.user, e) from e
        except BaseException:
            self._driver.close()
            raise

    def read(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        query, values = resolve(name, params, "read")
        cypher = query.cypher_for(ENGINE)

        def work(tx: neo4j.ManagedTransaction) -> list[Row]:
            return _rows(tx.run(cypher, values))

        return self._run(name, lambda session: session.execute_read(work))

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self.write_many([(name, params or {})])[0]

    def write_many(self, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> list[list[Row]]:
        resolved = [resolve(name, params, "write") for name, params in statements]

        def work(tx: neo4j.ManagedTransaction) -> list[list[Row]]:
            return [_rows(tx.run(query.cypher_for(ENGINE), values)) for query, values in resolved]

        names = ", ".join(name for name, _ in statements)
        return self._run(names, lambda session: session.execute_write(work))

    def create_schema(self) -> None:
        for name in (
            *schema.CONSTRAINT_QUERIES,
            *schema.FULLTEXT_QUERIES,
            *schema.PROPERTY_INDEX_QUERIES,
        ):
            self.write(name)
        self.read(schema.AWAIT_INDEXES, {"seconds": INDEX_WAIT_SECONDS})

    def close(self) -> None:
        self._driver.close()

    def _run(self, what: str, work: Callable[[neo4j.Session], T]) -> T:
        try:
            with self._driver.session(database=self._database) as session:
                return work(session)
        except Neo4jError as e:
            raise QueryFailed(f"query {what!r} failed on Neo4j: {e.code}: {e.message}") from e
        except ServiceUnavailable as e:
            raise StoreUnavailable(f"Neo4j at {self.url} is unavailable: {e}") from e
        except DriverError as e:
            raise QueryFailed(f"query {what!r} failed on Neo4j: {e}") from e


def _unreachable(url: str, user: str, error: Exception) -> StoreUnavailable:
    """Why the driver could not connect, in the user's words."""
    if isinstance(error, AuthError):
        return StoreUnavailable(
            f"Neo4j at {url} refused the credentials of user {user!r}: set "
            "TACIT_NEO4J_USER and TACIT_NEO4J_PASSWORD, or put them in the URL "
            "(neo4j://user:password@host:7687)"
        )
    return StoreUnavailable(f"cannot reach Neo4j at {url}: {error}")


def _rows(result: neo4j.Result) -> list[Row]:
    return [{key: plain(record[key]) for key in record.keys()} for record in result]  # noqa: SIM118


def plain(value: Any) -> Any:
    """A value from the driver as plain Python: what Grafeo returns for the same data."""
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, neo4j.graph.Path):
        return [plain(node) for node in value.nodes]
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, neo4j.time.DateTime):
        native = value.to_native()
        return native if native.tzinfo is None else native.astimezone(UTC)
    if isinstance(value, neo4j.time.Date | neo4j.time.Time):
        return value.to_native()
    if isinstance(value, neo4j.time.Duration):
        return value.iso_format()
    return value
