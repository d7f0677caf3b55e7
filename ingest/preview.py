"""Extraction without writing: what the pipeline finds in files, against the graph's world."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph.stores.base import GraphStore
from ingest.context import message_context
from ingest.messages import MAX_ANALYSED_CHARS
from ingest.people import PeopleResolver
from ingest.sources import read_email_paths, read_notes
from ingest.sources.records import MessageRecord, SourceFailure
from nlp.pipeline import Extractor

MAIL_SUFFIXES = {".eml", ".mbox", ".msg"}


def extract_files(
    store: GraphStore,
    extractor: Extractor,
    paths: Sequence[Path],
    internal_domains: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """One result per file: facts, mentions and concepts, in the public JSON shape; a file
    that cannot be read or analysed gets an `error` instead."""
    people = PeopleResolver(store, internal_domains)
    results: list[dict[str, Any]] = []
    for path in paths:
        record = _first_record(path)
        if isinstance(record, SourceFailure):
            results.append({"file": str(path), "error": record.reason})
            continue
        try:
            context = message_context(record, people.resolve([record]))
            result = extractor.extract(record.text[:MAX_ANALYSED_CHARS], context)
        except Exception as e:  # one file's failure is that file's answer
            results.append({"file": str(path), "error": f"text analysis failed: {e}"})
            continue
        results.append({"file": str(path), **result.to_public()})
    return results


def _first_record(path: Path) -> MessageRecord | SourceFailure:
    reader = read_email_paths if path.suffix.lower() in MAIL_SUFFIXES else read_notes
    for item in reader([path]):
        return item
    return SourceFailure(source=str(path), position=str(path), reason="no message in the file")
