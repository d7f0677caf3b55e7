"""People: contacts, employees, duplicates and merges, and erasure of either on request."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Admin, Curator, StoreDep, Viewer, WriteLock
from api.routes.params import Id, Limit
from api.schemas import (
    ContactPublic,
    DuplicatesPublic,
    EmployeePublic,
    ErasurePublic,
    MergePublic,
    MergeRequest,
    UnmergePublic,
    UnmergeRequest,
)
from graph.services.erasure import ErasureReport, erase_person
from graph.services.identity import MIN_SCORE, duplicate_people
from graph.services.listing import ContactDetail, EmployeeDetail, contact_detail, employee_detail
from graph.services.merge import UnmergeReport, merge_records, person_label, unmerge_records

router = APIRouter(tags=["people"])

MinScore = Annotated[
    float, Query(ge=0, le=1, description="Only pairs scoring at least this (0 to 1).")
]


@router.get("/contacts/{contact_id}", response_model=ContactPublic)
def get_contact(contact_id: Id, store: StoreDep, user: Viewer) -> ContactDetail:
    """A contact, their account, the facts about them with evidence, who knows them."""
    return contact_detail(store, contact_id)


@router.get("/employees/{employee_id}", response_model=EmployeePublic)
def get_employee(employee_id: Id, store: StoreDep, user: Viewer) -> EmployeeDetail:
    """An employee: what they know and whom they know, with evidence."""
    return employee_detail(store, employee_id)


@router.get("/people/duplicates", response_model=DuplicatesPublic)
def people_duplicates(
    store: StoreDep, user: Viewer, min_score: MinScore = MIN_SCORE, limit: Limit = 100
) -> DuplicatesPublic:
    """Contacts (and employees) that look like one person: a score and the reasons."""
    return DuplicatesPublic(items=duplicate_people(store, min_score=min_score, limit=limit))


@router.post("/people/merge", response_model=MergePublic)
def merge_people(
    request: MergeRequest, store: StoreDep, user: Curator, lock: WriteLock
) -> MergePublic:
    """Merge people into the one to `keep` (curator): every relationship, fact and piece
    of evidence moves to it, the merged ids stay as its aliases. Undo with /people/unmerge."""
    with lock:
        reports = []
        for merge in request.merge:
            label = person_label(store, request.keep, merge)
            reports.append(merge_records(store, label, request.keep, merge, actor=user.label))
    return MergePublic(items=reports)


@router.post("/people/unmerge", response_model=UnmergePublic)
def unmerge_people(
    request: UnmergeRequest,
    store: StoreDep,
    user: Curator,
    lock: WriteLock,
) -> UnmergeReport:
    """Restore a merged person and the survivor as they were, from the merge's audit record."""
    with lock:
        report = unmerge_records(store, "person", request.id, user.label, request.audit_id)
    return report


@router.delete("/people/{person_id}", response_model=ErasurePublic)
def erase(person_id: Id, store: StoreDep, user: Admin, lock: WriteLock) -> ErasureReport:
    """Erase a person (contact, employee, or both under the id): them, their own messages,
    every fact whose only evidence came from them; every trace of them (names in any
    spelling, addresses, phone numbers) redacted elsewhere; a tombstone so old mail does not
    bring them back; the store compacted and its files searched for what is left. Audited
    under a keyed hash (admin only)."""
    with lock:
        report = erase_person(store, person_id, actor=user.label)
    return report
