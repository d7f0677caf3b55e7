"""Uploads into the graph: mail, notes and records, through the same code as the CLI.

Uploads are written to a temporary folder and read by the same sources and pipelines as
`tacit ingest` and `tacit import`; the answer is the command line's summary, with every
failure named by the uploaded file's name. The NLP extractor is loaded on the first
ingest and reused; writes are serialised by the app's write lock.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile

from api.deps import Curator, ExtractorCache, Extractors, SettingsDep, StoreDep, WriteLock
from api.schemas import FailurePublic, IngestSummaryPublic
from graph.errors import InvalidRecord
from graph.settings import Settings
from graph.stores.base import GraphStore
from ingest.errors import SourceNotFound
from ingest.northwind import import_northwind
from ingest.report import BatchSummary
from ingest.sources import (
    read_email_paths,
    read_notes,
    read_stackexchange_posts,
    read_ticket_file,
)
from ingest.structured import import_records

router = APIRouter(prefix="/ingest", tags=["ingest"])

COPY_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
Uploads = Annotated[list[UploadFile], File(description="One or more files.")]


@router.post("/mail", response_model=IngestSummaryPublic)
def ingest_mail(
    files: Uploads,
    store: StoreDep,
    user: Curator,
    settings: SettingsDep,
    lock: WriteLock,
    extractors: Extractors,
) -> IngestSummaryPublic:
    """Ingest .eml files and mbox files: interactions, people, and facts with evidence."""
    return _ingest_messages(
        files, ".eml", "mail", read_email_paths, store, settings, lock, extractors
    )


@router.post("/notes", response_model=IngestSummaryPublic)
def ingest_notes(
    files: Uploads,
    store: StoreDep,
    user: Curator,
    settings: SettingsDep,
    lock: WriteLock,
    extractors: Extractors,
) -> IngestSummaryPublic:
    """Ingest meeting and call notes (Markdown or text, optional front matter)."""
    return _ingest_messages(files, ".md", "notes", read_notes, store, settings, lock, extractors)


@router.post("/tickets", response_model=IngestSummaryPublic)
def ingest_tickets(
    files: Uploads,
    store: StoreDep,
    user: Curator,
    settings: SettingsDep,
    lock: WriteLock,
    extractors: Extractors,
) -> IngestSummaryPublic:
    """Ingest support tickets (JSON Lines, one thread a line)."""
    return _ingest_messages(
        files, ".jsonl", "tickets", read_tickets, store, settings, lock, extractors
    )


@router.post("/stackexchange", response_model=IngestSummaryPublic)
def ingest_stackexchange(
    files: Uploads,
    store: StoreDep,
    user: Curator,
    settings: SettingsDep,
    lock: WriteLock,
    extractors: Extractors,
) -> IngestSummaryPublic:
    """Ingest StackExchange `Posts.xml` files: questions, answers, tags."""
    return _ingest_messages(
        files, ".xml", "stackexchange", read_posts, store, settings, lock, extractors
    )


@router.post("/northwind", response_model=IngestSummaryPublic)
def ingest_northwind(
    files: Uploads, store: StoreDep, user: Curator, lock: WriteLock, extractors: Extractors
) -> IngestSummaryPublic:
    """Import a Northwind export: upload its CSVs (customers.csv, orders.csv, ...)."""
    with tempfile.TemporaryDirectory(prefix="tacit-northwind-") as folder, lock:
        names: dict[str, str] = {}
        for number, upload in enumerate(files, start=1):
            original = Path(upload.filename or f"upload-{number}").name
            path = Path(folder) / (_UNSAFE.sub("_", original) or f"upload-{number}")
            with path.open("wb") as out:
                shutil.copyfileobj(upload.file, out, COPY_CHUNK)
            names[str(path)] = original
        try:
            summary = import_northwind(store, Path(folder))
        except SourceNotFound as e:
            raise InvalidRecord(str(e).replace(folder, "the upload")) from e
        extractors.invalidate()
    return summary_public(summary, names)


@router.post("/records", response_model=IngestSummaryPublic)
def ingest_records(
    files: Uploads, store: StoreDep, user: Curator, lock: WriteLock, extractors: Extractors
) -> IngestSummaryPublic:
    """Import nodes and relationships from JSON Lines (or .csv) files; bad lines are
    reported, the rest imported."""
    with saved_uploads(files, default_suffix=".jsonl", keep={".csv"}) as (paths, names), lock:
        summary = import_records(store, paths)
        extractors.invalidate()
    return summary_public(summary, names)


@contextmanager
def saved_uploads(
    files: list[UploadFile], default_suffix: str, keep: set[str] | None = None
) -> Iterator[tuple[list[Path], dict[str, str]]]:
    """The uploads saved in a temporary folder, and each saved path's original name."""
    with tempfile.TemporaryDirectory(prefix="tacit-upload-") as folder:
        paths: list[Path] = []
        names: dict[str, str] = {}
        for number, upload in enumerate(files, start=1):
            original = Path(upload.filename or f"upload-{number}").name or f"upload-{number}"
            path = Path(folder) / _saved_name(number, original, default_suffix, keep)
            with path.open("wb") as out:
                shutil.copyfileobj(upload.file, out, COPY_CHUNK)
            paths.append(path)
            names[str(path)] = original
        yield paths, names


def summary_public(summary: BatchSummary, names: dict[str, str]) -> IngestSummaryPublic:
    """The batch summary, with temporary paths replaced by the uploaded names."""
    return IngestSummaryPublic(
        read=summary.read,
        ingested=summary.ingested,
        unchanged=summary.unchanged,
        failed=summary.failed,
        skipped=summary.skipped,
        failures=[
            FailurePublic(
                source=_renamed(f.source, names),
                position=_renamed(f.position, names),
                reason=_renamed(f.reason, names),
            )
            for f in summary.failures
        ],
    )


def read_tickets(paths: list[Path]) -> Iterator[Any]:
    return (item for path in paths for item in read_ticket_file(path))


def read_posts(paths: list[Path]) -> Iterator[Any]:
    return (item for path in paths for item in read_stackexchange_posts(path))


def _ingest_messages(
    files: list[UploadFile],
    default_suffix: str,
    source: str,
    read: Callable[[list[Path]], Iterable[Any]],
    store: GraphStore,
    settings: Settings,
    lock: threading.Lock,
    extractors: ExtractorCache,
) -> IngestSummaryPublic:
    """Save the uploads, run them through the message pipeline, answer the summary."""
    from ingest.messages import MessageIngest

    with saved_uploads(files, default_suffix) as (paths, names), lock:
        pipeline = MessageIngest(
            store,
            source=source,
            internal_domains=settings.internal_domain_list(),
            extractor=extractors.extractor,
        )
        with extractors.lock:
            pipeline.prepare()
            extractors.extractor = pipeline.extractor
        summary = pipeline.run(read(paths))
    return summary_public(summary, names)


def _saved_name(number: int, original: str, default_suffix: str, keep: set[str] | None) -> str:
    stem = _UNSAFE.sub("_", original)[:100] or "upload"
    suffix = Path(original).suffix.lower()
    if keep is not None:
        suffix = suffix if suffix in keep else default_suffix
        stem = Path(stem).stem
    elif not suffix:
        suffix = default_suffix
        stem = Path(stem).stem
    else:
        stem = Path(stem).stem
    return f"{number:03d}-{stem}{suffix}"


def _renamed(text: str, names: dict[str, str]) -> str:
    for saved, original in names.items():
        text = text.replace(saved, original)
    return text
