"""Uploads into the graph: one route per source kind, each an adapter over the ingest
service the app owns (`ingest.service.IngestService`).

Uploads are written to a temporary folder under safe names and ingested by the same
service as `tacit ingest` and `tacit import`; the answer is the command line's summary,
with every temporary path replaced by the uploaded file's name. Writes are serialised by
the app's write lock.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile

from api.deps import Curator, GraphWrites, IngestServiceDep, WriteLock
from api.schemas import FailurePublic, IngestSummaryPublic
from ingest.errors import IngestError
from ingest.report import BatchSummary, Failure
from ingest.service import SOURCE_KINDS, IngestService, SourceKind

router = APIRouter(prefix="/ingest", tags=["ingest"])

COPY_CHUNK = 1024 * 1024
MAX_NAME_CHARS = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
Uploads = Annotated[list[UploadFile], File(description="One or more files.", min_length=1)]
UPLOAD_NOTE = " Every bad record is in `failures`; the others are ingested."


def _add_route(kind: SourceKind) -> None:
    def ingest(
        files: Uploads, user: Curator, service: IngestServiceDep, lock: WriteLock
    ) -> IngestSummaryPublic:
        return ingest_uploads(kind, files, service, lock)

    router.add_api_route(
        f"/{kind.name}",
        ingest,
        methods=["POST"],
        name=f"ingest_{kind.name}",
        summary=f"Ingest {kind.description}",
        description=f"Upload {kind.description}.{UPLOAD_NOTE}",
        response_model=IngestSummaryPublic,
    )


for _kind in SOURCE_KINDS.values():
    _add_route(_kind)


def ingest_uploads(
    kind: SourceKind, files: list[UploadFile], service: IngestService, lock: GraphWrites
) -> IngestSummaryPublic:
    """Save the uploads, ingest them as `kind`, answer the summary in the uploads' names."""
    with saved_uploads(files, kind) as (paths, names), lock:
        try:
            summary = service.ingest(kind.name, paths)
        except IngestError as e:
            raise type(e)(_renamed(str(e), names)) from e
    return summary_public(summary, names)


@contextmanager
def saved_uploads(
    files: list[UploadFile], kind: SourceKind
) -> Iterator[tuple[list[Path], dict[str, str]]]:
    """The uploads saved in a temporary folder, and each saved path's original name."""
    with tempfile.TemporaryDirectory(prefix="tacit-upload-") as folder:
        paths: list[Path] = []
        names: dict[str, str] = {folder: "the upload"}
        for number, upload in enumerate(files, start=1):
            original = Path(upload.filename or "").name or f"upload-{number}"
            path = Path(folder) / saved_name(number, original, kind)
            with path.open("wb") as out:
                shutil.copyfileobj(upload.file, out, COPY_CHUNK)
            paths.append(path)
            names[str(path)] = original
        yield paths, names


def saved_name(number: int, original: str, kind: SourceKind) -> str:
    """A safe file name for upload `number`: never a path, never hidden; the kind's suffix
    when the original has none of them. A Northwind export keeps its files' names, which
    say what each holds.

    >>> from ingest.service import SOURCE_KINDS
    >>> saved_name(1, "..", SOURCE_KINDS["mail"])
    '001-upload.eml'
    >>> saved_name(2, "customers.csv", SOURCE_KINDS["northwind"])
    'customers.csv'
    """
    cleaned = _UNSAFE.sub("_", original).strip("._")[:MAX_NAME_CHARS]
    suffix = Path(cleaned).suffix.lower()
    if suffix not in kind.suffixes:
        suffix = kind.upload_suffix
    stem = Path(cleaned).stem.strip("._") or "upload"
    if kind.pipeline == "northwind":
        return f"{stem}{suffix}"
    return f"{number:03d}-{stem}{suffix}"


def summary_public(summary: BatchSummary, names: dict[str, str]) -> IngestSummaryPublic:
    """The batch summary, with temporary paths replaced by the uploaded names."""
    return IngestSummaryPublic(
        read=summary.read,
        ingested=summary.ingested,
        unchanged=summary.unchanged,
        failed=summary.failed,
        failures=[_public(f, names) for f in summary.failures],
        notes=[_public(n, names) for n in summary.notes],
    )


def _public(entry: Failure, names: dict[str, str]) -> FailurePublic:
    return FailurePublic(
        source=_renamed(entry.source, names),
        position=_renamed(entry.position, names),
        reason=_renamed(entry.reason, names),
    )


def _renamed(text: str, names: dict[str, Any]) -> str:
    for saved in sorted(names, key=len, reverse=True):  # a file's path before its folder's
        text = text.replace(saved, names[saved])
    return text
