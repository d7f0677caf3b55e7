"""Concepts: list, edit (name, synonyms, broader, status) and merge."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Curator, StoreDep, Viewer, WriteLock
from api.routes.params import Cursor, Id, Limit, Text
from api.schemas import ConceptMerge, ConceptPublic, ConceptsPublic, ConceptUpdate
from graph.model import ConceptStatus
from graph.services.curation import merge_concepts, update_concept
from graph.services.listing import ConceptsPage, ConceptSummary, concept_by_id, concepts_page

router = APIRouter(prefix="/concepts", tags=["concepts"])


@router.get("", response_model=ConceptsPublic)
def list_concepts(
    store: StoreDep,
    user: Viewer,
    q: Text = None,
    status: ConceptStatus | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ConceptsPage:
    """Concepts by id; `q` matches the name or a synonym, `status` filters (`candidate`:
    phrases found in text that do not yet have the support to be proposed)."""
    return concepts_page(
        store, q=q, status=status.value if status else None, limit=limit, cursor=cursor
    )


@router.get("/{concept_id}", response_model=ConceptPublic)
def get_concept(concept_id: Id, store: StoreDep, user: Viewer) -> ConceptSummary:
    return concept_by_id(store, concept_id)


@router.patch("/{concept_id}", response_model=ConceptPublic)
def edit_concept(
    concept_id: Id,
    change: ConceptUpdate,
    store: StoreDep,
    user: Curator,
    lock: WriteLock,
) -> ConceptSummary:
    """Rename, set synonyms, broader concepts or review status (curator)."""
    with lock:
        concept = update_concept(
            store,
            concept_id,
            user.label,
            name=change.name,
            synonyms=change.synonyms,
            broader=change.broader,
            status=change.status,
        )
    return concept


@router.post("/{concept_id}/merge", response_model=ConceptPublic)
def merge_concept(
    concept_id: Id,
    merge: ConceptMerge,
    store: StoreDep,
    user: Curator,
    lock: WriteLock,
) -> ConceptSummary:
    """Merge this concept into `into`: mentions, facts and taxonomy move, names become
    synonyms, this concept is deleted (curator). Returns the concept kept."""
    with lock:
        kept = merge_concepts(store, concept_id, merge.into, user.label)
    return kept
