"""What the pipeline finds in uploaded files, against the graph's world; writes nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel

from api.deps import IngestServiceDep, Viewer, WriteLock
from api.routes.ingest import saved_uploads
from ingest.service import SOURCE_KINDS

router = APIRouter(tags=["extract"])
# Mail or notes, as `tacit extract` reads them: an upload keeps its suffix, or becomes .eml.
PREVIEWED = replace(
    SOURCE_KINDS["mail"], suffixes=SOURCE_KINDS["mail"].suffixes | SOURCE_KINDS["notes"].suffixes
)


class ExtractionsPublic(BaseModel):
    """One result per file: facts with evidence, mentions, concepts (or the file's error),
    the shape of `tacit extract --json`."""

    results: list[dict[str, Any]]


@router.post("/extract", response_model=ExtractionsPublic)
def extract(
    files: Annotated[
        list[UploadFile], File(description=".eml, Markdown or text files.", min_length=1)
    ],
    service: IngestServiceDep,
    user: Viewer,
    lock: WriteLock,
) -> ExtractionsPublic:
    """Extract mentions, concepts and facts from the files; nothing is written. (It takes
    its turn with ingests, which share the loaded pipeline.)"""
    with saved_uploads(files, PREVIEWED) as (paths, names), lock:
        results = service.preview(paths)
    for result in results:
        result["file"] = names.get(result["file"], result["file"])
    return ExtractionsPublic(results=results)
