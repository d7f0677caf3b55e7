"""Who knows an account best, and the account 360 view."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import Any

from pydantic import BaseModel

from graph.errors import NotFound
from graph.queries import account360 as queries
from graph.queries.commitments import COMMITMENT_IDS_OF_ACCOUNT
from graph.services.commitments import commitments_by_ids, today_utc
from graph.services.evidence import EvidenceSpan, InteractionRef, evidence_spans, parse_components
from graph.services.scores import Component, weighted_sum
from graph.stores.base import GraphStore, Row

ACCOUNT_KNOWER_WEIGHTS = {"best_contact": 0.75, "breadth": 0.25}
RECENT_INTERACTIONS = 10
OPEN_COMMITMENTS = 200
FACT_GROUPS: dict[str, str] = {
    "INTERESTED_IN": "interests",
    "ASKED_ABOUT": "interests",
    "COMPLAINED_ABOUT": "complaints",
    "PRAISED": "praise",
    "EVALUATING": "competitors_evaluated",
    "USES": "uses",
    "PREFERS": "preferences",
    "INTRODUCED": "introductions",
    "REPORTS_TO": "reporting_lines",
}


class KnownContact(BaseModel):
    contact_id: str
    contact_name: str | None
    strength: float
    components: dict[str, Any]
    interaction_count: int | None
    last_interaction_at: str | None
    last_interaction_id: str | None


class AccountKnower(BaseModel):
    """An employee who knows people at an account, with the contacts behind the score."""

    employee_id: str
    employee_name: str | None
    employee_title: str | None
    score: float
    components: dict[str, Component]
    contacts: list[KnownContact]


class ContactWithRoles(BaseModel):
    id: str
    name: str | None
    title: str | None
    email: str | None
    roles: list[str]


class ProductPurchased(BaseModel):
    id: str
    name: str | None
    orders: float | None
    quantity: float | None
    revenue: float | None
    first_date: str | None
    last_date: str | None


class FactWithEvidence(BaseModel):
    fact: str
    subject_id: str
    subject_name: str | None
    object_id: str
    object_name: str | None
    fact_id: str | None
    status: str | None
    confidence: float | None
    valid_from: str | None
    evidence: list[EvidenceSpan]


class Commitment(FactWithEvidence):
    """An open promise made to the account, with its own evidence only."""

    commitment_status: str | None
    due: str | None
    overdue: bool = False
    days_overdue: int | None = None
    made_in: str | None = None


class AccountFacts(BaseModel):
    interests: list[FactWithEvidence] = []
    complaints: list[FactWithEvidence] = []
    praise: list[FactWithEvidence] = []
    competitors_evaluated: list[FactWithEvidence] = []
    uses: list[FactWithEvidence] = []
    preferences: list[FactWithEvidence] = []
    introductions: list[FactWithEvidence] = []
    reporting_lines: list[FactWithEvidence] = []


class Account360(BaseModel):
    account: dict[str, Any]
    contacts: list[ContactWithRoles]
    products: list[ProductPurchased]
    open_commitments: list[Commitment]
    recent_interactions: list[InteractionRef]
    facts: AccountFacts
    who_knows_best: list[AccountKnower]


def account_knower_score(strengths: list[float]) -> tuple[float, dict[str, Component]]:
    """Roll contact strengths up to the account: the best contact, plus breadth.

    >>> account_knower_score([0.5])[0]
    0.375
    """
    ordered = sorted(strengths, reverse=True)
    best = ordered[0] if ordered else 0.0
    breadth = 1 - math.exp(-sum(ordered[1:]))
    return weighted_sum({"best_contact": best, "breadth": breadth}, ACCOUNT_KNOWER_WEIGHTS)


def who_knows_account(store: GraphStore, account_id: str, limit: int = 10) -> list[AccountKnower]:
    """Employees ranked by the strength of their KNOWS edges to the account's contacts."""
    _account(store, account_id)
    return _knowers(store.read(queries.WHO_KNOWS_ACCOUNT, {"id": account_id}), limit)


def account_360(store: GraphStore, account_id: str) -> Account360:
    """Everything about an account in one answer, every fact with its evidence."""
    account = _account(store, account_id)
    params = {"id": account_id}
    facts: dict[str, list[FactWithEvidence]] = defaultdict(list)
    for row in store.read(queries.ACCOUNT_FACTS, params):
        facts[FACT_GROUPS[row["fact"]]].append(_fact(row))
    for group in facts.values():  # newest first, in the same order on every engine
        group.sort(key=lambda f: f.fact_id or "")
        group.sort(key=lambda f: f.valid_from or "", reverse=True)
    return Account360(
        account=account,
        contacts=[
            ContactWithRoles(
                id=row["id"],
                name=row["name"],
                title=row["title"],
                email=row["email"],
                roles=sorted({r for r in row["roles"] if r}),
            )
            for row in store.read(queries.ACCOUNT_CONTACTS, params)
        ],
        products=[
            ProductPurchased(
                **{
                    **row,
                    "first_date": _text(row["first_date"]),
                    "last_date": _text(row["last_date"]),
                }
            )
            for row in sorted(
                store.read(queries.ACCOUNT_PRODUCTS, params),
                key=lambda row: (-(row["revenue"] or 0.0), row["id"]),
            )
        ],
        open_commitments=open_commitments(store, account_id, today_utc()),
        recent_interactions=[
            InteractionRef(**{**row, "occurred_at": _text(row["occurred_at"])})
            for row in store.read(
                queries.ACCOUNT_RECENT_INTERACTIONS,
                {"id": account_id, "limit": RECENT_INTERACTIONS},
            )
        ],
        facts=AccountFacts(**facts),
        who_knows_best=_knowers(store.read(queries.WHO_KNOWS_ACCOUNT, params), 5),
    )


def open_commitments(store: GraphStore, account_id: str, as_of: date) -> list[Commitment]:
    """Open promises made to the account, soonest due first, overdue ones marked."""
    ids = [
        row["id"]
        for row in store.read(
            COMMITMENT_IDS_OF_ACCOUNT,
            {
                "account": account_id,
                "status": "open",
                "due_before": None,
                "after": None,
                "limit": OPEN_COMMITMENTS,
            },
        )
    ]
    shown = [
        Commitment(
            fact="COMMITTED_TO",
            subject_id=view.owner.id if view.owner else "",
            subject_name=view.owner.name if view.owner else None,
            object_id=view.id,
            object_name=view.promise,
            fact_id=view.fact_id,
            status=view.fact_status,
            confidence=view.confidence,
            valid_from=view.made_in.occurred_at if view.made_in else None,
            evidence=view.evidence,
            commitment_status=view.status,
            due=view.due,
            overdue=view.overdue,
            days_overdue=view.days_overdue,
            made_in=view.made_in.id if view.made_in else None,
        )
        for view in commitments_by_ids(store, ids, as_of)
        if view.owner is not None
    ]
    return sorted(shown, key=lambda c: (c.due or "9999", c.object_name or "", c.object_id))


def account_360_header(store: GraphStore, account_id: str) -> dict[str, Any]:
    """The account's own properties; `NotFound` when there is no such account."""
    return _account(store, account_id)


def _account(store: GraphStore, account_id: str) -> dict[str, Any]:
    rows = store.read(queries.ACCOUNT, {"id": account_id})
    if not rows:
        raise NotFound(f"no account with id {account_id!r}")
    return dict(rows[0]["account"])


def _knowers(rows: list[Row], limit: int) -> list[AccountKnower]:
    by_employee: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_employee[row["employee_id"]].append(row)
    knowers = []
    for employee_id, contact_rows in by_employee.items():
        score, components = account_knower_score([float(r["strength"]) for r in contact_rows])
        first = contact_rows[0]
        knowers.append(
            AccountKnower(
                employee_id=employee_id,
                employee_name=first["employee_name"],
                employee_title=first["employee_title"],
                score=score,
                components=components,
                contacts=[
                    KnownContact(
                        contact_id=r["contact_id"],
                        contact_name=r["contact_name"],
                        strength=float(r["strength"]),
                        components=parse_components(r["components"]),
                        interaction_count=r["interaction_count"],
                        last_interaction_at=r["last_interaction_at"],
                        last_interaction_id=r["last_interaction_id"],
                    )
                    for r in sorted(
                        contact_rows, key=lambda r: (-float(r["strength"]), r["contact_id"])
                    )
                ],
            )
        )
    knowers.sort(key=lambda k: (-k.score, k.employee_id))
    return knowers[:limit]


def _fact(row: Row) -> FactWithEvidence:
    return FactWithEvidence(
        fact=row["fact"],
        subject_id=row["subject_id"],
        subject_name=row["subject_name"],
        object_id=row["object_id"],
        object_name=row["object_name"],
        fact_id=row["fact_id"],
        status=row["status"],
        confidence=row["confidence"],
        valid_from=_text(row["valid_from"]),
        evidence=evidence_spans(row["evidence"], row["interaction_ids"]),
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
