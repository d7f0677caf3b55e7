"""Lists people page through, and the detail of one contact or employee.

Pages are ordered by id and continue from an opaque cursor: the base64 of the last id seen.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from pydantic import BaseModel

from graph.errors import InvalidRecord, NotFound
from graph.model import FACT_TYPES, ReviewStatus
from graph.queries import listing as queries
from graph.queries.knows import INTERACTIONS_BY_IDS
from graph.services.evidence import EvidenceSpan, InteractionRef, evidence_spans, parse_components
from graph.stores.base import GraphStore, Row

RECENT_INTERACTIONS = 10
PEOPLE_KNOWN = 25
EVIDENCE_INTERACTIONS = 5
REJECTED = ReviewStatus.REJECTED.value


class InvalidCursor(InvalidRecord):
    """A pagination cursor this service did not hand out."""


def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(last_id.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    """The last id of the previous page, or None for the first page.

    A cursor is a position in id order: any well-formed one (`CURSOR_PATTERN`) is a
    position, even one this API did not hand out; only a malformed one is refused.
    """
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeError, ValueError) as e:
        raise InvalidCursor("cursor: not a cursor this API handed out") from e
    return raw.decode("utf-8", "replace")


# Unpadded base64url: what `encode_cursor` gives (never a length of 4n + 1).
CURSOR_PATTERN = r"^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$"


class AccountSummary(BaseModel):
    id: str
    name: str | None
    status: str | None
    domain: str | None
    industry: str | None
    city: str | None
    country: str | None


class AccountsPage(BaseModel):
    items: list[AccountSummary]
    next_cursor: str | None


class NodeRef(BaseModel):
    id: str
    name: str | None
    label: str | None


class FactDetail(BaseModel):
    """An extracted fact with its provenance and lifecycle."""

    id: str
    relation: str
    subject: NodeRef
    object: NodeRef
    status: str | None
    confidence: float | None
    valid_from: str | None
    valid_to: str | None
    recorded_at: str | None
    extractor: str | None
    extractor_version: str | None
    evidence: list[EvidenceSpan]


class FactsPage(BaseModel):
    items: list[FactDetail]
    next_cursor: str | None


class Acquaintance(BaseModel):
    """A KNOWS link, its strength explained, with the interactions behind it."""

    id: str
    name: str | None
    label: str | None
    strength: float
    components: dict[str, Any]
    interaction_count: int | None
    last_interaction_at: str | None
    evidence: list[InteractionRef]


class Expertise(BaseModel):
    """What an employee knows: derived (score, components) or stated (a fact, evidence)."""

    topic: NodeRef
    source: str
    score: float | None
    components: dict[str, Any]
    fact_id: str | None
    status: str | None
    evidence: list[EvidenceSpan]


class Participation(InteractionRef):
    role: str | None = None


class ContactDetail(BaseModel):
    contact: dict[str, Any]
    account: NodeRef | None
    facts: list[FactDetail]
    known_by: list[Acquaintance]
    recent_interactions: list[Participation]


class EmployeeDetail(BaseModel):
    employee: dict[str, Any]
    manager: NodeRef | None
    direct_reports: list[NodeRef]
    expertise: list[Expertise]
    knows: list[Acquaintance]
    facts: list[FactDetail]
    recent_interactions: list[Participation]


class ConceptSummary(BaseModel):
    id: str
    name: str | None
    synonyms: list[str]
    status: str
    broader: list[str]


class ConceptsPage(BaseModel):
    items: list[ConceptSummary]
    next_cursor: str | None


def _page_params(
    q: str | None, status: str | None, limit: int, cursor: str | None
) -> dict[str, object]:
    """A name filter, a status, and one row more than `limit` after the cursor's id."""
    return {
        "q": q.strip().lower() if q and q.strip() else None,
        "status": status,
        "after": decode_cursor(cursor),
        "limit": limit + 1,
    }


def accounts_page(
    store: GraphStore,
    q: str | None = None,
    status: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> AccountsPage:
    """Accounts whose name (or an alias) contains `q`, with `status`, by id."""
    rows = store.read(queries.ACCOUNTS_PAGE, _page_params(q, status, limit, cursor))
    items = [AccountSummary(**{**row, "name": _text(row["name"])}) for row in rows[:limit]]
    return AccountsPage(items=items, next_cursor=_next(rows, limit))


def facts_page(
    store: GraphStore,
    status: str | None = "proposed",
    relation: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> FactsPage:
    """The review queue: facts with `status` (and `relation`), by id."""
    rows = store.read(
        queries.FACTS_PAGE,
        {
            "fact_types": list(FACT_TYPES),
            "status": status,
            "relation": relation,
            "after": decode_cursor(cursor),
            "limit": limit + 1,
        },
    )
    return FactsPage(
        items=[fact_detail(row) for row in rows[:limit]], next_cursor=_next(rows, limit)
    )


def fact_by_id(store: GraphStore, fact_id: str) -> FactDetail:
    rows = store.read(queries.FACT_BY_ID, {"id": fact_id, "fact_types": list(FACT_TYPES)})
    if not rows:
        raise NotFound(f"no fact with id {fact_id!r}")
    return fact_detail(rows[0])


def contact_detail(store: GraphStore, contact_id: str) -> ContactDetail:
    """A contact, their account, the facts about them and who knows them best."""
    rows = store.read(queries.CONTACT, {"id": contact_id})
    if not rows:
        raise NotFound(f"no contact with id {contact_id!r}")
    row = rows[0]
    account = (
        NodeRef(id=row["account_id"], name=row["account_name"], label="Account")
        if row["account_id"]
        else None
    )
    known_by = store.read(queries.CONTACT_KNOWN_BY, {"id": contact_id, "limit": PEOPLE_KNOWN})
    return ContactDetail(
        contact=_plain(row["contact"]),
        account=account,
        facts=_person_facts(store, "Contact", contact_id),
        known_by=_acquaintances(store, known_by),
        recent_interactions=_participation(store, "Contact", contact_id),
    )


def employee_detail(store: GraphStore, employee_id: str) -> EmployeeDetail:
    """An employee, what they know (with evidence) and whom they know (with strength)."""
    rows = store.read(queries.EMPLOYEE, {"id": employee_id})
    if not rows:
        raise NotFound(f"no employee with id {employee_id!r}")
    row = rows[0]
    manager = (
        NodeRef(id=row["manager_id"], name=row["manager_name"], label="Employee")
        if row["manager_id"]
        else None
    )
    knows = store.read(queries.EMPLOYEE_KNOWS, {"id": employee_id, "limit": PEOPLE_KNOWN})
    return EmployeeDetail(
        employee=_plain(row["employee"]),
        manager=manager,
        direct_reports=[
            NodeRef(id=r["id"], name=r["name"], label="Employee")
            for r in store.read(queries.EMPLOYEE_REPORTS, {"id": employee_id})
        ],
        expertise=[
            _expertise(r)
            for r in store.read(
                queries.EMPLOYEE_EXPERTISE, {"id": employee_id, "rejected": REJECTED}
            )
        ],
        knows=_acquaintances(store, knows),
        facts=_person_facts(store, "Employee", employee_id),
        recent_interactions=_participation(store, "Employee", employee_id),
    )


def concepts_page(
    store: GraphStore,
    q: str | None = None,
    status: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> ConceptsPage:
    rows = store.read(queries.CONCEPTS_PAGE, _page_params(q, status, limit, cursor))
    return ConceptsPage(
        items=[concept_summary(row) for row in rows[:limit]], next_cursor=_next(rows, limit)
    )


def concept_by_id(store: GraphStore, concept_id: str) -> ConceptSummary:
    rows = store.read(queries.CONCEPT, {"id": concept_id})
    if not rows:
        raise NotFound(f"no concept with id {concept_id!r}")
    return concept_summary(rows[0])


def concept_summary(row: Row) -> ConceptSummary:
    return ConceptSummary(
        id=row["id"],
        name=_text(row["name"]),
        synonyms=[str(s) for s in row["synonyms"] or []],
        status=str(row["status"]),
        broader=sorted(str(b) for b in row["broader"] or []),
    )


def fact_detail(row: Row) -> FactDetail:
    return FactDetail(
        id=row["id"],
        relation=row["relation"],
        subject=NodeRef(
            id=row["subject_id"], name=_text(row["subject_name"]), label=row["subject_label"]
        ),
        object=NodeRef(
            id=row["object_id"], name=_text(row["object_name"]), label=row["object_label"]
        ),
        status=row["status"],
        confidence=row["confidence"],
        valid_from=_text(row["valid_from"]),
        valid_to=_text(row["valid_to"]),
        recorded_at=_text(row["recorded_at"]),
        extractor=row["extractor"],
        extractor_version=row["extractor_version"],
        evidence=evidence_spans(row["evidence"], row["interaction_ids"]),
    )


def _person_facts(store: GraphStore, label: str, person_id: str) -> list[FactDetail]:
    name = queries.person_query_name("facts", label)
    return [
        fact_detail(r)
        for r in store.read(
            name, {"id": person_id, "fact_types": list(FACT_TYPES), "rejected": REJECTED}
        )
    ]


def _participation(store: GraphStore, label: str, person_id: str) -> list[Participation]:
    name = queries.person_query_name("interactions", label)
    rows = store.read(name, {"id": person_id, "limit": RECENT_INTERACTIONS})
    return [Participation(**{**r, "occurred_at": _text(r["occurred_at"])}) for r in rows]


def _acquaintances(store: GraphStore, rows: list[Row]) -> list[Acquaintance]:
    wanted = {i for r in rows for i in (r["interaction_ids"] or [])[:EVIDENCE_INTERACTIONS]}
    refs: dict[str, InteractionRef] = {}
    if wanted:
        for ref in store.read(INTERACTIONS_BY_IDS, {"ids": sorted(wanted)}):
            refs[ref["id"]] = InteractionRef(**{**ref, "occurred_at": _text(ref["occurred_at"])})
    return [
        Acquaintance(
            id=r["id"],
            name=_text(r["name"]),
            label=r["label"],
            strength=float(r["strength"] or 0.0),
            components=parse_components(r["components"]),
            interaction_count=r["interaction_count"],
            last_interaction_at=_text(r["last_interaction_at"]),
            evidence=[
                refs[i] for i in (r["interaction_ids"] or [])[:EVIDENCE_INTERACTIONS] if i in refs
            ],
        )
        for r in rows
    ]


def _expertise(row: Row) -> Expertise:
    derived = row["source"] == "derived"
    return Expertise(
        topic=NodeRef(id=row["topic_id"], name=_text(row["topic_name"]), label=row["topic_label"]),
        source="derived" if derived else "stated",
        score=float(row["score"]) if row["score"] is not None else row["confidence"],
        components=parse_components(row["components"]),
        fact_id=row["fact_id"],
        status=row["status"],
        evidence=evidence_spans(row["evidence"], row["interaction_ids"]),
    )


def _next(rows: list[Row], limit: int) -> str | None:
    return encode_cursor(str(rows[limit - 1]["id"])) if len(rows) > limit else None


def _plain(properties: dict[str, Any]) -> dict[str, Any]:
    return {key: _jsonable(value) for key, value in properties.items()}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
