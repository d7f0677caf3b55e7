"""People: contacts, employees, and erasure of either on request."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Admin, StoreDep, Viewer, WriteLock
from api.routes.params import Id
from api.schemas import ContactPublic, EmployeePublic, ErasurePublic
from graph.services.erasure import ErasureReport, erase_person
from graph.services.listing import ContactDetail, EmployeeDetail, contact_detail, employee_detail

router = APIRouter(tags=["people"])


@router.get("/contacts/{contact_id}", response_model=ContactPublic)
def get_contact(contact_id: Id, store: StoreDep, user: Viewer) -> ContactDetail:
    """A contact, their account, the facts about them with evidence, who knows them."""
    return contact_detail(store, contact_id)


@router.get("/employees/{employee_id}", response_model=EmployeePublic)
def get_employee(employee_id: Id, store: StoreDep, user: Viewer) -> EmployeeDetail:
    """An employee: what they know and whom they know, with evidence."""
    return employee_detail(store, employee_id)


@router.delete("/people/{person_id}", response_model=ErasurePublic)
def erase(person_id: Id, store: StoreDep, user: Admin, lock: WriteLock) -> ErasureReport:
    """Erase a person: them, their participation, their own messages, every fact whose only
    evidence came from them; their name is redacted elsewhere. Audited (admin only)."""
    with lock:
        report = erase_person(store, person_id, actor=user.label)
    return report
