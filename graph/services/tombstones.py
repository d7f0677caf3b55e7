"""Tombstones of erased people, and the keyed hashes that name them.

An erasure leaves one tombstone per id and per address the person had: its id is an
HMAC-SHA256 of the value under a random salt kept in the store (`StoreSecret`), so the
store holds no erased value, and nobody without the store can test a guess against it.
Ingest asks `erased_among` about every address and id of a record before writing it:
a record of an erased person is skipped, so old mail does not bring them back. The audit
entry of an erasure names the person by the same keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from graph.ids import normalize_email
from graph.queries import tombstones as queries
from graph.stores.base import GraphStore
from graph.writes import Statement

SALT_ID = "secret:erasure-salt"
PREFIX = "tombstone:"
BATCH = 1000


def keyed_hash(salt: str, value: str) -> str:
    """`hmac-sha256:<hex>` of a normalised value (ids as they are, addresses lower-case).

    >>> keyed_hash("s", "Jane@Example.com") == keyed_hash("s", "jane@example.com")
    True
    >>> keyed_hash("s", "x") != keyed_hash("t", "x")
    True
    """
    normal = normalize_email(value) if "@" in value and ":" not in value else value.strip()
    digest = hmac.new(salt.encode("utf-8"), normal.encode("utf-8"), hashlib.sha256)
    return "hmac-sha256:" + digest.hexdigest()


def store_salt(store: GraphStore, create: bool = False) -> str | None:
    """The store's salt; with `create`, made (once, at random) when there is none."""
    rows = store.read(queries.SECRET, {"id": SALT_ID})
    if rows:
        return str(rows[0]["value"])
    if not create:
        return None
    store.write(
        queries.ADD_SECRET, {"id": SALT_ID, "value": secrets.token_hex(32), "source": "tacit"}
    )
    return str(store.read(queries.SECRET, {"id": SALT_ID})[0]["value"])


def tombstone_statement(salt: str, values: Iterable[str], at: str) -> Statement:
    ids = sorted({PREFIX + keyed_hash(salt, v) for v in values if v and v.strip()})
    return queries.ADD_TOMBSTONES, {"ids": ids, "at": at, "source": "erasure"}


def erased_among(store: GraphStore, values: Iterable[str]) -> set[str]:
    """Which of these addresses and ids belong to an erased person."""
    wanted = sorted({v for v in values if v and v.strip()})
    if not wanted:
        return set()
    salt = store_salt(store)
    if salt is None:
        return set()
    by_hash: dict[str, list[str]] = {}
    for value in wanted:
        by_hash.setdefault(PREFIX + keyed_hash(salt, value), []).append(value)
    hashes = sorted(by_hash)
    erased: set[str] = set()
    for start in range(0, len(hashes), BATCH):
        rows = store.read(queries.EXISTING_TOMBSTONES, {"ids": hashes[start : start + BATCH]})
        for row in rows:
            erased.update(by_hash[row["id"]])
    return erased
