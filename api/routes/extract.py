"""What the pipeline finds in uploaded files, against the graph's world; writes nothing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel

from api.deps import Extractors, SettingsDep, StoreDep, Viewer, WriteLock
from api.routes.ingest import saved_uploads

router = APIRouter(tags=["extract"])


class ExtractionsPublic(BaseModel):
    """One result per file: facts with evidence, mentions, concepts (or the file's error),
    the shape of `tacit extract --json`."""

    results: list[dict[str, Any]]


@router.post("/extract", response_model=ExtractionsPublic)
def extract(
    files: Annotated[list[UploadFile], File(description=".eml, Markdown or text files.")],
    store: StoreDep,
    user: Viewer,
    settings: SettingsDep,
    extractors: Extractors,
    lock: WriteLock,
) -> ExtractionsPublic:
    """Extract mentions, concepts and facts from the files; nothing is written. (It takes
    its turn with ingests, which share the loaded pipeline.)"""
    from ingest.preview import extract_files, load_extractor  # spaCy is slow to import

    with extractors.lock:
        if extractors.extractor is None:
            extractors.extractor = load_extractor(store)
        extractor = extractors.extractor

    suffixes = {".eml", ".mbox", ".md", ".txt", ".markdown"}
    with saved_uploads(files, ".eml", keep=suffixes) as (paths, names), lock:
        results = extract_files(store, paths, settings.internal_domain_list(), extractor)
    for result in results:
        result["file"] = names.get(result["file"], result["file"])
    return ExtractionsPublic(results=results)
