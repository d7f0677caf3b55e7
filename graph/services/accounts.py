"""Who knows an account best, and the account 360 view."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from graph.errors import NotFound
from graph.queries import account360 as queries
from graph.services.evidence import EvidenceSpan, InteractionRef, evidence_spans, parse_components
from graph.services.scores import Component, weighted_sum
from graph.stores.base import GraphStore, Row

ACCOUNT_KNOWER_WEIGHTS = {"best_contact": 0.75, "breadth": 0.25}
RECENT_INTERACTIONS = 10
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
    commitment_status: str | None
    due: str | None


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
    fact_rows = store.read(queries.ACCOUNT_FACTS, params)
    fact_rows += store.read(queries.ACCOUNT_EMPLOYEE_COMMITMENTS, params)
    facts: dict[str, list[FactWithEvidence]] = defaultdict(list)
    commitments: list[Commitment] = []
    for row in fact_rows:
        if row["fact"] == "COMMITTED_TO":
            if (row["object_status"] or "open") == "open":
                commitments.append(
                    Commitment(
                        **_fact(row).model_dump(),
                        commitment_status=row["object_status"] or "open",
                        due=_text(row["object_due"] or row["due"]),
                    )
                )
        else:
            facts[FACT_GROUPS[row["fact"]]].append(_fact(row))
    commitments.sort(key=lambda c: (c.due or "9999", c.object_name or "", c.fact_id or ""))
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
        open_commitments=list({c.fact_id or c.object_id: c for c in commitments}.values()),
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
