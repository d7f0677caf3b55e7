"""Structured records from JSON Lines or CSV files: nodes and relationships.

A JSON Lines file holds one object a line, either a node
(`{"label": "Account", "id": "acme", "name": "Acme Corp"}`) or a relationship
(`{"rel": "PURCHASED", "from": "acme", "to": "prod-1", "properties": {...}}`).
A CSV file holds one label (or one relationship type) named by the file, e.g.
`accounts.csv`, `Contact.csv` or `purchased.csv`, or by a `label`/`rel` column; list
fields (aliases, synonyms, broader, about) are separated by `|`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.model import (
    NODE_MODELS,
    STRUCTURAL_RELATIONSHIPS,
    Node,
    check_relationship_properties,
)
from graph.writes import Relationship
from ingest.sources.csv_rows import CsvRowError, read_csv_rows
from ingest.sources.text import decode_bytes

IMPORTABLE_LABELS = tuple(label for label in NODE_MODELS if label != "AuditEntry")
LIST_FIELDS = frozenset({"aliases", "synonyms", "broader", "about", "attachments"})
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Located[T]:
    """A parsed record and where it came from (`file:line`)."""

    source: str
    position: str
    value: T


@dataclass(frozen=True)
class BadRecord:
    source: str
    position: str
    reason: str


ParsedRecord = Located[Node] | Located[Relationship] | BadRecord


RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json", ".csv"})


def read_record_files(paths: Sequence[Path]) -> Iterator[ParsedRecord]:
    """Every record of every file in `paths` (folders: their record files, sorted)."""
    for path in files_in(paths, RECORD_SUFFIXES):
        yield from read_records(path)


def read_records(path: Path) -> Iterator[ParsedRecord]:
    """Parse a `.jsonl`/`.ndjson`/`.json` or `.csv` file, one result per record."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            yield from _read_csv(path)
        elif suffix in {".jsonl", ".ndjson", ".json"}:
            yield from _read_json_lines(path)
        else:
            yield BadRecord(str(path), str(path), "unsupported file type; use .jsonl or .csv")
    except OSError as e:
        yield BadRecord(str(path), str(path), f"cannot read: {e.strerror or e}")


def files_in(paths: Iterable[Path], suffixes: Iterable[str]) -> Iterator[Path]:
    """Files as given; folders as their files with one of `suffixes`, recursively, sorted."""
    wanted = frozenset(suffixes)
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in wanted
            )
        else:
            yield path


def parse_record(data: Mapping[str, Any], source: str, position: str) -> ParsedRecord:
    """Turn one record's fields into a node or a relationship, or say why not."""
    if "label" in data and "rel" in data:
        return BadRecord(source, position, "a record has either 'label' or 'rel', not both")
    if "label" in data:
        return _parse_node(data, source, position)
    if "rel" in data:
        return _parse_relationship(data, source, position)
    return BadRecord(source, position, "record has neither 'label' (a node) nor 'rel'")


def implied_relationships(node: Node) -> list[Relationship]:
    """Relationships a node record states through its fields (account, manager, ...)."""
    fields = node.model_dump()
    rels: list[Relationship] = []
    if fields.get("account"):
        rels.append(Relationship("WORKS_AT", node.id, fields["account"], start_label=node.label))
    if fields.get("manager"):
        rels.append(Relationship("REPORTS_TO", node.id, fields["manager"], start_label=node.label))
    rels.extend(
        Relationship("BROADER", node.id, broader, start_label=node.label)
        for broader in fields.get("broader") or []
    )
    rels.extend(
        Relationship("ABOUT", node.id, about, start_label=node.label)
        for about in fields.get("about") or []
    )
    if fields.get("author"):
        rels.append(Relationship("WROTE", fields["author"], node.id, end_label=node.label))
    return rels


def _parse_node(data: Mapping[str, Any], source: str, position: str) -> ParsedRecord:
    label = data["label"]
    model = NODE_MODELS.get(label) if isinstance(label, str) else None
    if model is None or label not in IMPORTABLE_LABELS:
        return BadRecord(
            source,
            position,
            f"unknown label {label!r}; use one of {', '.join(IMPORTABLE_LABELS)}",
        )
    fields = {key: value for key, value in data.items() if key != "label"}
    try:
        return Located(source, position, model.model_validate(fields))
    except ValidationError as e:
        return BadRecord(source, position, f"{label}: {_describe(e)}")
    except RecursionError:
        return BadRecord(source, position, f"{label}: a value is nested too deeply")


def _parse_relationship(data: Mapping[str, Any], source: str, position: str) -> ParsedRecord:
    rel_type = data["rel"]
    if rel_type not in STRUCTURAL_RELATIONSHIPS:
        return BadRecord(
            source,
            position,
            f"unknown relationship {rel_type!r}; use one of {', '.join(STRUCTURAL_RELATIONSHIPS)}",
        )
    start, end = data.get("from"), data.get("to")
    if not isinstance(start, str) or not start or not isinstance(end, str) or not end:
        return BadRecord(source, position, f"{rel_type}: 'from' and 'to' must be node ids")
    properties = data.get("properties") or {}
    if not isinstance(properties, dict):
        return BadRecord(source, position, f"{rel_type}: 'properties' must be an object")
    try:
        check_relationship_properties(rel_type, properties)
    except ValueError as e:
        return BadRecord(source, position, str(e))
    return Located(source, position, Relationship(rel_type, start, end, properties))


def _read_json_lines(path: Path) -> Iterator[ParsedRecord]:
    source = str(path)
    lines = decode_bytes(path.read_bytes()).splitlines()
    for number, line in enumerate(lines, start=1):
        position = f"{source}:{number}"
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            yield BadRecord(source, position, f"malformed JSON: {e.msg} at column {e.colno}")
            continue
        except RecursionError:
            yield BadRecord(source, position, "malformed JSON: nested too deeply")
            continue
        if not isinstance(data, dict):
            yield BadRecord(source, position, "a line must hold one JSON object")
            continue
        yield parse_record(data, source, position)


def _read_csv(path: Path) -> Iterator[ParsedRecord]:
    source = str(path)
    kind = _kind_from_file_name(path)
    for row in read_csv_rows(path):
        position = f"{source}:{row.line}"
        if isinstance(row, CsvRowError):
            yield BadRecord(source, position, row.reason)
            continue
        if None in row.fields:
            yield BadRecord(source, position, "row has more fields than the header")
            continue
        fields = {
            key: _csv_value(key, value)
            for key, value in row.fields.items()
            if key is not None and not isinstance(value, list)
        }
        fields = {key: value for key, value in fields.items() if value is not None}
        if "label" not in fields and "rel" not in fields and kind is not None:
            fields[kind[0]] = kind[1]
        if "rel" in fields:
            fields = _relationship_fields_from_csv(fields)
        yield parse_record(fields, source, position)


def _kind_from_file_name(path: Path) -> tuple[str, str] | None:
    stem = path.stem.lower().replace("-", "").replace("_", "")
    for label in IMPORTABLE_LABELS:
        if stem in {label.lower(), f"{label.lower()}s", f"{label.lower()}es"}:
            return ("label", label)
    if stem.endswith("ies") and f"{stem[:-3]}y" in {lbl.lower() for lbl in IMPORTABLE_LABELS}:
        return ("label", next(lbl for lbl in IMPORTABLE_LABELS if lbl.lower() == stem[:-3] + "y"))
    for rel_type in STRUCTURAL_RELATIONSHIPS:
        if stem == rel_type.lower().replace("_", ""):
            return ("rel", rel_type)
    return None


def _relationship_fields_from_csv(fields: dict[str, Any]) -> dict[str, Any]:
    core: dict[str, Any] = {key: fields[key] for key in ("rel", "from", "to") if key in fields}
    core["properties"] = {k: v for k, v in fields.items() if k not in {"rel", "from", "to"}}
    return core


def _csv_value(key: str, value: str | None) -> Any:
    if value is None:
        return None
    value = value.strip()
    if value == "" or value.upper() == "NULL":
        return None
    if key in LIST_FIELDS:
        return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
    return value


def _describe(error: ValidationError) -> str:
    parts = []
    for problem in error.errors():
        field = ".".join(str(p) for p in problem["loc"]) or "record"
        parts.append(f"{field}: {problem['msg']}")
    return "; ".join(parts)
