"""Extraction without writing: what the pipeline finds in files, against the graph's world."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph.stores.base import GraphStore
from ingest.context import message_context
from ingest.gazetteer import build_gazetteer
from ingest.people import PeopleResolver
from ingest.sources import read_email_paths, read_notes
from ingest.sources.records import MessageRecord, SourceFailure
from nlp.pipeline import Extractor, load_pipeline

MAIL_SUFFIXES = {".eml", ".mbox", ".msg"}


def load_extractor(store: GraphStore) -> Extractor:
    """The NLP pipeline with the graph's gazetteer."""
    return load_pipeline(build_gazetteer(store))


def extract_files(
    store: GraphStore,
    paths: Sequence[Path],
    internal_domains: Sequence[str] = (),
    extractor: Extractor | None = None,
) -> list[dict[str, Any]]:
    """One result per file: facts, mentions and concepts, in the public JSON shape."""
    extractor = extractor or load_extractor(store)
    people = PeopleResolver(store, internal_domains)
    results: list[dict[str, Any]] = []
    for path in paths:
        record = _first_record(path)
        if isinstance(record, SourceFailure):
            results.append({"file": str(path), "error": record.reason})
            continue
        found = people.resolve([record])
        context = message_context(record, found)
        result = extractor.extract(record.text, context)
        results.append({"file": str(path), **result.to_public()})
    return results


def _first_record(path: Path) -> MessageRecord | SourceFailure:
    reader = read_email_paths if path.suffix.lower() in MAIL_SUFFIXES else read_notes
    for item in reader([path]):
        return item
    return SourceFailure(source=str(path), position=str(path), reason="no message in the file")
