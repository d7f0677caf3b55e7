"""Graph exports: a networkx graph, GraphML, Parquet tables, JSON Lines.

`labels` chooses the node labels (default: all but the audit log); a relationship is
exported when both its ends are. The JSON Lines file has the shape `tacit import records`
reads: `{"label": ..., "id": ..., ...}` per node, `{"rel": ..., "from", "to",
"properties"}` per relationship.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pandas as pd

from graph.frames import Source, evidence_frame, nodes_frame, relationships_frame
from graph.model import (
    FACT_TYPES,
    LABELS,
    RELATIONSHIP_TYPES,
    check_label,
    relationship_endpoints,
)
from graph.readers import reader_for

__all__ = [
    "EXPORTABLE_LABELS",
    "ExportCounts",
    "export_labels",
    "to_networkx",
    "write_graphml",
    "write_jsonl",
    "write_parquet",
]

# The audit log is read by admins at /audit, never exported with the graph.
EXPORTABLE_LABELS: tuple[str, ...] = tuple(label for label in LABELS if label != "AuditEntry")


@dataclass
class ExportCounts:
    """What an export wrote: nodes per label, relationships per type, files."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "relationships": self.relationships, "files": self.files}


def export_labels(labels: Iterable[str] | None) -> list[str]:
    """The labels to export: the given ones, checked, or every exportable label."""
    if not labels:
        return list(EXPORTABLE_LABELS)
    chosen = [check_label(label) for label in dict.fromkeys(labels)]
    refused = [label for label in chosen if label not in EXPORTABLE_LABELS]
    if refused:
        raise ValueError(f"{', '.join(refused)} cannot be exported; read the audit log at /audit")
    return chosen


def relationship_types_between(labels: Sequence[str]) -> list[str]:
    """Relationship types that can start and end at one of `labels`."""
    wanted = set(labels)
    return [
        rel_type
        for rel_type in RELATIONSHIP_TYPES
        if wanted & set(relationship_endpoints(rel_type)[0])
        and wanted & set(relationship_endpoints(rel_type)[1])
    ]


def to_networkx(source: Source, labels: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph: node attribute `label` and every property;
    edge key and attribute `type` and every property (evidence as JSON text)."""
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    for label, rows in _node_rows(source, export_labels(labels)):
        for row in rows:
            graph.add_node(str(row["id"]), label=label, **_without_id(row))
    chosen = export_labels(labels)
    for rel_type, rels in _relationship_rows(source, chosen):
        for rel in rels:
            start, end = str(rel["source"]), str(rel["target"])
            if start in graph and end in graph:
                graph.add_edge(start, end, key=rel_type, type=rel_type, **rel["properties"])
    return graph


def write_graphml(source: Source, path: Path, labels: Iterable[str] | None = None) -> ExportCounts:
    """A GraphML file: lists and objects become JSON text, missing values are left out."""
    graph = to_networkx(source, labels)
    for _, attributes in graph.nodes(data=True):
        _graphml_values(attributes)
    for _, _, attributes in graph.edges(data=True):
        _graphml_values(attributes)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(graph, path, named_key_ids=True)
    counts = _counts_of(graph)
    counts.files.append(str(path))
    return counts


def write_parquet(
    source: Source, folder: Path, labels: Iterable[str] | None = None
) -> ExportCounts:
    """One Parquet file per label (`nodes_<Label>.parquet`) and per relationship type
    (`relationships_<TYPE>.parquet`), and the facts' `evidence.parquet`: the tidy tables
    of `graph.frames`."""
    chosen = export_labels(labels)
    reader = reader_for(source)
    folder.mkdir(parents=True, exist_ok=True)
    counts = ExportCounts()
    kept_ids: set[str] = set()
    for label in chosen:
        frame = nodes_frame(reader, label)
        kept_ids.update(frame["id"])
        counts.nodes[label] = len(frame)
        counts.files.append(_parquet(frame, folder / f"nodes_{label}.parquet"))
    facts: list[str] = []
    for rel_type in relationship_types_between(chosen):
        frame = relationships_frame(reader, rel_type)
        if not frame.empty:
            frame = frame[frame["start_id"].isin(kept_ids) & frame["end_id"].isin(kept_ids)]
        counts.relationships[rel_type] = len(frame)
        counts.files.append(_parquet(frame, folder / f"relationships_{rel_type}.parquet"))
        if rel_type in FACT_TYPES and not frame.empty:
            facts.append(rel_type)
    evidence = evidence_frame(reader, facts)
    counts.files.append(_parquet(evidence, folder / "evidence.parquet"))
    return counts


def write_jsonl(source: Source, out: IO[str], labels: Iterable[str] | None = None) -> ExportCounts:
    """JSON Lines in the shape `tacit import records` reads, nodes first."""
    chosen = export_labels(labels)
    counts = ExportCounts()
    kept_ids: set[str] = set()
    for label, rows in _node_rows(source, chosen):
        counts.nodes[label] = 0
        for row in rows:
            kept_ids.add(str(row["id"]))
            out.write(_json_line({"label": label, **row}))
            counts.nodes[label] += 1
    for rel_type, rels in _relationship_rows(source, chosen):
        counts.relationships[rel_type] = 0
        for rel in rels:
            if str(rel["source"]) in kept_ids and str(rel["target"]) in kept_ids:
                line = {"rel": rel_type, "from": rel["source"], "to": rel["target"]}
                out.write(_json_line({**line, "properties": rel["properties"]}))
                counts.relationships[rel_type] += 1
    return counts


def _node_rows(
    source: Source, labels: Sequence[str]
) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    reader = reader_for(source)
    for label in labels:
        yield label, reader.node_rows(label)


def _relationship_rows(
    source: Source, labels: Sequence[str]
) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    reader = reader_for(source)
    for rel_type in relationship_types_between(labels):
        yield rel_type, reader.relationship_rows(rel_type)


def _without_id(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "id"}


def _graphml_values(attributes: dict[str, Any]) -> None:
    for key, value in list(attributes.items()):
        if value is None:
            del attributes[key]
        elif isinstance(value, list | dict):
            attributes[key] = json.dumps(value, ensure_ascii=False)


def _counts_of(graph: nx.MultiDiGraph) -> ExportCounts:
    counts = ExportCounts()
    for _, label in graph.nodes(data="label"):
        counts.nodes[label] = counts.nodes.get(label, 0) + 1
    for _, _, rel_type in graph.edges(data="type"):
        counts.relationships[rel_type] = counts.relationships.get(rel_type, 0) + 1
    return counts


def _parquet(frame: pd.DataFrame, path: Path) -> str:
    frame.to_parquet(path, index=False)
    return str(path)


def _json_line(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, default=str) + "\n"
