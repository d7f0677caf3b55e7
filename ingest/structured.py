"""Import structured records (JSON Lines, CSV) into the graph, batch by batch."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from graph.errors import GraphError
from graph.model import PEOPLE, Node
from graph.queries.identity import MERGEABLE
from graph.services.merge import survivor_ids
from graph.services.tombstones import erased_among
from graph.stores.base import GraphStore
from graph.writes import GraphWriter, Relationship
from ingest.errors import SourceNotFound
from ingest.records import (
    BadRecord,
    Located,
    ParsedRecord,
    implied_relationships,
)
from ingest.report import BatchSummary

log = logging.getLogger(__name__)

BATCH_SIZE = 500
Progress = Callable[[int], None]


def import_records(
    store: GraphStore, paths: Sequence[Path], on_progress: Progress | None = None
) -> BatchSummary:
    """Import every record of `paths` through the ingest service (which then refreshes the
    derived data of what they touched); bad records are reported, the rest imported.

    Nodes from all files are written before relationships, so a relationship may name
    a node defined in a later file.
    """
    from ingest.service import IngestService

    for path in paths:
        if not path.is_file():
            raise SourceNotFound(f"no such file: {path}")
    return IngestService(store).ingest("records", paths, on_progress=on_progress)


def import_parsed_records(
    store: GraphStore,
    records: Iterable[ParsedRecord],
    on_progress: Progress | None = None,
    touched: list[str] | None = None,
) -> BatchSummary:
    """Write parsed records (nodes before relationships); bad ones go to the summary.
    The interactions they write or link are added to `touched` (who knows whom may change
    by them: the ingest service refreshes it)."""
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
    if touched is not None:
        touched += _interactions_named(nodes, relationships)
    return summary


def write_located(
    store: GraphStore,
    nodes: Sequence[Located[Node]],
    relationships: Sequence[Located[Relationship]],
    summary: BatchSummary,
) -> None:
    """Write nodes, then the relationships they imply and the explicit ones. Records of
    erased people (and relationships to them) are skipped; a record merged into another
    lands on the survivor (its node is not written again, its relationships move)."""
    nodes, relationships = _without_erased(store, nodes, relationships, summary)
    survivors = survivor_ids(
        store,
        [n.value.id for n in nodes if n.value.label in MERGEABLE]
        + [end for r in relationships for end in (r.value.start, r.value.end)],
    )
    merged_away = [n for n in nodes if n.value.id in survivors]
    nodes = [n for n in nodes if n.value.id not in survivors]
    summary.unchanged += len(merged_away)
    writer = GraphWriter(store)
    written = _write_nodes(writer, nodes, summary)
    implied = [
        Located(node.source, node.position, rel)
        for node in [*written, *merged_away]
        for rel in implied_relationships(node.value)
    ]
    summary.ingested += len(written)
    all_relationships = [*implied, *relationships]
    if survivors:
        all_relationships = [_onto_survivors(item, survivors) for item in all_relationships]
    merged = _merge_relationships(writer, all_relationships, summary)
    explicit = {id(item) for item in all_relationships[len(implied) :]}
    summary.ingested += sum(1 for item in merged if id(item) in explicit)


def _interactions_named(
    nodes: Sequence[Located[Node]], relationships: Sequence[Located[Relationship]]
) -> list[str]:
    """Interactions the records write or link: who knows whom may change by them."""
    ids = [n.value.id for n in nodes if n.value.label == "Interaction"]
    for item in relationships:
        rel = item.value
        if rel.type == "PARTICIPATED_IN":
            ids.append(rel.end)
        elif rel.type in ("REPLY_TO", "ABOUT"):
            ids += [rel.start, rel.end] if rel.type == "REPLY_TO" else [rel.start]
    return ids


def _onto_survivors(
    item: Located[Relationship], survivors: dict[str, str]
) -> Located[Relationship]:
    rel = item.value
    start, end = survivors.get(rel.start, rel.start), survivors.get(rel.end, rel.end)
    if (start, end) == (rel.start, rel.end):
        return item
    return Located(item.source, item.position, replace(rel, start=start, end=end))


def _without_erased(
    store: GraphStore,
    nodes: Sequence[Located[Node]],
    relationships: Sequence[Located[Relationship]],
    summary: BatchSummary,
) -> tuple[Sequence[Located[Node]], Sequence[Located[Relationship]]]:
    def named(node: Node) -> list[str]:
        if node.label not in PEOPLE:
            return []
        email = getattr(node, "email", None)
        return [node.id, email] if email else [node.id]

    erased = erased_among(
        store,
        [v for item in nodes for v in named(item.value)]
        + [end for item in relationships for end in (item.value.start, item.value.end)],
    )
    if not erased:
        return nodes, relationships
    kept_nodes = [item for item in nodes if not erased.intersection(named(item.value))]
    kept_rels = [
        item
        for item in relationships
        if item.value.start not in erased and item.value.end not in erased
    ]
    summary.skipped += len(nodes) - len(kept_nodes) + len(relationships) - len(kept_rels)
    return kept_nodes, kept_rels


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
