"""The graph as tidy pandas tables and networkx graphs, for data scientists in notebooks.

Every function takes a store or a reader (`graph.readers.connect()` picks the API when a
server holds the store, the store otherwise) and returns the same tables either way:

- one row per node or relationship; ids as strings; timestamps as UTC datetimes;
- a relationship's ends as `start_id` and `end_id`;
- score components (`components`, a JSON object) as flat `components.<name>.<field>`
  columns;
- a fact's evidence as its own table (`evidence_frame`): fact id, relation, interaction
  id, sentence, start and end offsets, one row per piece of evidence.

>>> from graph.readers import connect  # doctest: +SKIP
>>> with connect() as graph:  # doctest: +SKIP
...     accounts = nodes_frame(graph, "Account")
...     knows = knows_graph(graph)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from graph.model import FACT_TYPES
from graph.readers import GraphReader, reader_for
from graph.stores.base import GraphStore

__all__ = [
    "EVIDENCE_COLUMNS",
    "TIMESTAMP_COLUMNS",
    "evidence_frame",
    "facts_frame",
    "knows_graph",
    "nodes_frame",
    "relationships_frame",
    "tidy",
]

Source = GraphStore | GraphReader

TIMESTAMP_COLUMNS = frozenset(
    {
        "created_at",
        "updated_at",
        "occurred_at",
        "started_at",
        "at",
        "valid_from",
        "valid_to",
        "recorded_at",
        "computed_at",
        "last_interaction_at",
        "used_at",
        "first_date",
        "last_date",
        "date",
        "due",
    }
)
ID_COLUMNS = ("id", "start_id", "end_id", "fact_id", "interaction_id", "external_id")
EVIDENCE_COLUMNS = ["fact_id", "relation", "interaction_id", "text", "start", "end"]
# Columns a table always has, even empty or written by an older version, so code written
# against a full one keeps working.
FACT_COLUMNS = ["fact_id", "status", "confidence", "valid_from", "valid_to", "evidence_count"]
EMPTY_COLUMNS: dict[str, list[str]] = {
    **dict.fromkeys(FACT_TYPES, FACT_COLUMNS),
    "KNOWS": ["strength", "interaction_count", "last_interaction_at"],
    "PURCHASED": ["orders", "quantity", "revenue", "first_date", "last_date"],
}
# Fact properties that move to the evidence table or repeat it.
_EVIDENCE_PROPERTIES = ("evidence",)


def nodes_frame(source: Source, label: str) -> pd.DataFrame:
    """Every node of `label`, one row each, one column per property, sorted by id."""
    rows = list(reader_for(source).node_rows(label))
    return tidy(pd.DataFrame(rows, columns=None if rows else ["id"]))


def relationships_frame(source: Source, rel_type: str) -> pd.DataFrame:
    """Every relationship of `rel_type`: `start_id`, `end_id` and its properties.

    A fact's `id` is its `fact_id`; its evidence is in `evidence_frame`.
    """
    rows = [
        {"start_id": row["source"], "end_id": row["target"], **_flat(row["properties"])}
        for row in reader_for(source).relationship_rows(rel_type)
    ]
    frame = pd.DataFrame(rows, columns=None if rows else ["start_id", "end_id"])
    if rel_type in FACT_TYPES and "id" in frame:
        frame = frame.rename(columns={"id": "fact_id"})
    for column in EMPTY_COLUMNS.get(rel_type, []):
        if column not in frame:
            frame[column] = None
    return tidy(frame)


def facts_frame(source: Source, relations: Iterable[str] = FACT_TYPES) -> pd.DataFrame:
    """Every extracted fact of `relations` in one table, with a `relation` column."""
    frames = [
        relationships_frame(source, relation).assign(relation=relation) for relation in relations
    ]
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return tidy(pd.DataFrame(columns=["relation", "start_id", "end_id", *FACT_COLUMNS]))
    return pd.concat(frames, ignore_index=True)


def evidence_frame(source: Source, relations: Iterable[str] = FACT_TYPES) -> pd.DataFrame:
    """One row per piece of evidence of every fact of `relations`.

    Columns: fact_id, relation, interaction_id, text (the sentence), start, end.
    """
    reader = reader_for(source)
    rows: list[dict[str, Any]] = []
    for relation in relations:
        for row in reader.relationship_rows(relation):
            properties = row["properties"]
            for item in properties.get("evidence") or []:
                span = _evidence_span(item)
                rows.append({"fact_id": properties.get("id"), "relation": relation, **span})
    frame = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    frame["start"] = frame["start"].astype("Int64")
    frame["end"] = frame["end"].astype("Int64")
    return tidy(frame)


def knows_graph(source: Source) -> nx.DiGraph:
    """Who knows whom (employee -> person), weighted by `strength` (after `tacit derive`)."""
    graph: nx.DiGraph = nx.DiGraph()
    for row in reader_for(source).relationship_rows("KNOWS"):
        properties: dict[str, Any] = row["properties"]
        graph.add_edge(
            str(row["source"]),
            str(row["target"]),
            weight=float(properties.get("strength") or 0.0),
            interactions=int(properties.get("interaction_count") or 0),
        )
    return graph


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Ids as strings, known timestamp columns as UTC datetimes, rows in id order.

    >>> frame = tidy(pd.DataFrame({"id": [2, 1], "occurred_at": ["2024-03-02T09:00:00+00:00",
    ...                                                       "2024-03-01"]}))
    >>> list(frame["id"]), str(frame["occurred_at"].dtype)
    (['1', '2'], 'datetime64[us, UTC]')
    """
    frame = frame.copy()
    for column in ID_COLUMNS:
        if column in frame:
            frame[column] = frame[column].map(lambda v: None if _missing(v) else str(v))
    for column in frame.columns:
        if column in TIMESTAMP_COLUMNS:
            frame[column] = pd.to_datetime(
                frame[column], utc=True, format="ISO8601", errors="coerce"
            ).astype("datetime64[us, UTC]")
    order = [c for c in ("id", "start_id", "end_id", "fact_id", "start") if c in frame]
    if order and not frame.empty:
        frame = frame.sort_values(order, kind="stable", ignore_index=True)
    return frame


def _flat(properties: dict[str, Any]) -> dict[str, Any]:
    """Properties without the evidence list, score components as flat columns."""
    flat = {k: v for k, v in properties.items() if k not in (*_EVIDENCE_PROPERTIES, "components")}
    components = _json_object(properties.get("components"))
    for name, parts in components.items():
        if isinstance(parts, dict):
            for field, value in parts.items():
                flat[f"components.{name}.{field}"] = value
        else:
            flat[f"components.{name}"] = parts
    return flat


def _evidence_span(item: Any) -> dict[str, Any]:
    value = _json_object(item) if isinstance(item, str) else item
    if not isinstance(value, dict) or not value:
        return {"interaction_id": None, "text": str(item), "start": None, "end": None}
    return {key: value.get(key) for key in ("interaction_id", "text", "start", "end")}


def _json_object(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    if not isinstance(raw, str) or not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)
