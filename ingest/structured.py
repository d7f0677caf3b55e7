"""Import structured records (JSON Lines, CSV) into the graph, batch by batch."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from graph.errors import GraphError
from graph.model import Node
from graph.stores.base import GraphStore
from graph.writes import GraphWriter, Relationship
from ingest.errors import SourceNotFound
from ingest.records import (
    BadRecord,
    Located,
    ParsedRecord,
    implied_relationships,
    read_records,
)
from ingest.report import BatchSummary

log = logging.getLogger(__name__)

BATCH_SIZE = 500
Progress = Callable[[int], None]


def import_records(
    store: GraphStore, paths: Sequence[Path], on_progress: Progress | None = None
) -> BatchSummary:
    """Import every record of `paths`; bad records are reported, the rest imported.

    Nodes from all files are written before relationships, so a relationship may name
    a node defined in a later file.
    """
    for path in paths:
        if not path.is_file():
            raise SourceNotFound(f"no such file: {path}")
    records = (parsed for path in paths for parsed in read_records(path))
    return import_parsed_records(store, records, on_progress)


def import_parsed_records(
    store: GraphStore, records: Iterable[ParsedRecord], on_progress: Progress | None = None
) -> BatchSummary:
    """Write parsed records (nodes before relationships); bad ones go to the summary."""
    summary = BatchSummary()
    nodes: list[Located[Node]] = []
    relationships: list[Located[Relationship]] = []
    for parsed in records:
        summary.read += 1
        if isinstance(parsed, BadRecord):
            summary.fail(parsed.source, parsed.position, parsed.reason)
        elif isinstance(parsed.value, Node):
            nodes.append(parsed)
        else:
            relationships.append(parsed)
        if on_progress:
            on_progress(1)
    write_located(store, nodes, relationships, summary)
    return summary


def write_located(
    store: GraphStore,
    nodes: Sequence[Located[Node]],
    relationships: Sequence[Located[Relationship]],
    summary: BatchSummary,
) -> None:
    """Write nodes, then the relationships they imply and the explicit ones."""
    writer = GraphWriter(store)
    written = _write_nodes(writer, nodes, summary)
    implied = [
        Located(node.source, node.position, rel)
        for node in written
        for rel in implied_relationships(node.value)
    ]
    summary.ingested += len(written)
    merged = _merge_relationships(writer, [*implied, *relationships], summary)
    explicit = {id(item) for item in relationships}
    summary.ingested += sum(1 for item in merged if id(item) in explicit)


def _write_nodes(
    writer: GraphWriter, nodes: Sequence[Located[Node]], summary: BatchSummary
) -> list[Located[Node]]:
    written: list[Located[Node]] = []
    for batch in _batches(nodes):
        try:
            writer.upsert_nodes(item.value for item in batch)
            written.extend(batch)
            continue
        except GraphError:
            log.debug("node batch failed; retrying its records one by one", exc_info=True)
        for item in batch:
            try:
                writer.upsert_nodes([item.value])
                written.append(item)
            except GraphError as e:
                summary.fail(item.source, item.position, f"{item.value.label}: {e}")
    return written


def _merge_relationships(
    writer: GraphWriter, rels: Sequence[Located[Relationship]], summary: BatchSummary
) -> list[Located[Relationship]]:
    merged: list[Located[Relationship]] = []
    for batch in _batches(rels):
        where = {id(item.value): item for item in batch}
        try:
            rejected = writer.merge_relationships([item.value for item in batch])
        except GraphError as e:
            for item in batch:
                summary.fail(item.source, item.position, f"{item.value.type}: {e}")
            continue
        refused = set()
        for rejection in rejected:
            item = where[id(rejection.relationship)]
            refused.add(id(item.value))
            summary.fail(item.source, item.position, rejection.reason)
        merged.extend(item for item in batch if id(item.value) not in refused)
    return merged


def _batches[T](items: Sequence[T]) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]
