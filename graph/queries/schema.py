"""Schema statements: uniqueness of `id` per label and full-text indexes, re-runnable."""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import LABELS, check_label
from graph.queries.registry import read_query, write_query


@dataclass(frozen=True)
class FullTextIndex:
    name: str
    label: str
    properties: tuple[str, ...]


FULLTEXT_INDEXES: tuple[FullTextIndex, ...] = (
    FullTextIndex("kb_article_text", "KBArticle", ("title", "body")),
    FullTextIndex("interaction_text", "Interaction", ("subject", "text")),
    FullTextIndex("concept_names", "Concept", ("name",)),
    FullTextIndex("account_names", "Account", ("name",)),
)


def constraint_query_name(label: str) -> str:
    return f"schema_unique_id_{check_label(label).lower()}"


def fulltext_query_name(index: FullTextIndex) -> str:
    return f"schema_fulltext_{index.name}"


CONSTRAINT_QUERIES: tuple[str, ...] = tuple(
    write_query(
        constraint_query_name(label),
        f"CREATE CONSTRAINT {label.lower()}_id_unique IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.id IS UNIQUE",
    )
    for label in LABELS
)

FULLTEXT_QUERIES: tuple[str, ...] = tuple(
    write_query(
        fulltext_query_name(index),
        f"CREATE FULLTEXT INDEX {index.name} IF NOT EXISTS "
        f"FOR (n:{check_label(index.label)}) "
        f"ON EACH [{', '.join(f'n.{prop}' for prop in index.properties)}]",
    )
    for index in FULLTEXT_INDEXES
)

# Property indexes beyond `id`: the reply links look replies up by the parent they name.
PROPERTY_INDEXES: tuple[tuple[str, str], ...] = (("Interaction", "in_reply_to"),)

PROPERTY_INDEX_QUERIES: tuple[str, ...] = tuple(
    write_query(
        f"schema_index_{check_label(label).lower()}_{prop}",
        f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})",
    )
    for label, prop in PROPERTY_INDEXES
)

# Neo4j builds new indexes in the background; schema setup waits until they are online.
AWAIT_INDEXES = read_query("schema_await_indexes", "CALL db.awaitIndexes($seconds)")
