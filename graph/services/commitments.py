"""Commitments: what we (or they) promised, to which account, and whether it was kept.

A commitment is one promise: made by one person in one interaction (its id is a hash of
the interaction, the promiser and the promise, never of the words alone, so the same words
to two customers are two commitments), PROMISED_TO the accounts and contacts of that
interaction. Its status is open, done or cancelled, with who changed it and when. It is
overdue when it is open and its due date is before today (or the `as_of` date asked for).
A later message that says the promise was kept is a FULFILLED fact in the review queue;
approving that fact marks the commitment done.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel

from graph.errors import InvalidRecord, NotFound
from graph.queries import commitments as queries
from graph.queries.account360 import ACCOUNT
from graph.queries.nodes import existing_ids_query_name
from graph.services.audit import audit_statement
from graph.services.evidence import EvidenceSpan, evidence_spans
from graph.services.listing import decode_cursor, encode_cursor
from graph.stores.base import GraphStore, Row
from graph.writes import Statement, utc_now

CommitmentStatus = Literal["open", "done", "cancelled"]
STATUSES: tuple[str, ...] = ("open", "done", "cancelled")


class PersonRef(BaseModel):
    id: str
    name: str | None
    label: str | None


class AccountRef(BaseModel):
    id: str
    name: str | None


class MadeIn(BaseModel):
    """The interaction a promise was made in."""

    id: str
    kind: str | None = None
    subject: str | None = None
    occurred_at: str | None = None


class ClosingProposal(BaseModel):
    """A later message that says the promise was kept: a FULFILLED fact to review."""

    fact_id: str | None
    status: str | None
    by: PersonRef
    confidence: float | None
    evidence: list[EvidenceSpan]


class CommitmentView(BaseModel):
    """One promise, to whom, by whom, where it was said, and where it stands."""

    id: str
    promise: str
    due: str | None
    status: str
    overdue: bool
    days_overdue: int | None
    as_of: str
    owner: PersonRef | None
    accounts: list[AccountRef]
    contacts: list[PersonRef]
    made_in: MadeIn | None
    fact_id: str | None
    fact_status: str | None
    confidence: float | None
    evidence: list[EvidenceSpan]
    status_changed_by: str | None
    status_changed_at: str | None
    closing_proposals: list[ClosingProposal]


class CommitmentsPage(BaseModel):
    items: list[CommitmentView]
    next_cursor: str | None


def today_utc() -> date:
    return datetime.now(UTC).date()


def overdue_days(due: str | None, status: str, as_of: date) -> int | None:
    """Days past due of an open commitment, None when it is not overdue.

    >>> overdue_days("2025-03-07", "open", date(2025, 3, 10))
    3
    >>> overdue_days("2025-03-07", "done", date(2025, 3, 10)) is None
    True
    >>> overdue_days("2025-03-07", "open", date(2025, 3, 7)) is None
    True
    """
    if status != "open" or not due:
        return None
    try:
        due_day = date.fromisoformat(str(due)[:10])
    except ValueError:
        return None
    late = (as_of - due_day).days
    return late if late > 0 else None


def commitments_page(
    store: GraphStore,
    *,
    account: str | None = None,
    owner: str | None = None,
    status: str | None = None,
    overdue: bool = False,
    as_of: date | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> CommitmentsPage:
    """Commitments by id, to `account`, by `owner`, with `status`, or overdue on `as_of`."""
    day = as_of or today_utc()
    if status is not None and status not in STATUSES:
        raise InvalidRecord(f"status: {status!r} is not one of {', '.join(STATUSES)}")
    if overdue and status not in (None, "open"):
        return CommitmentsPage(items=[], next_cursor=None)  # only open ones can be overdue
    params: dict[str, Any] = {
        "status": "open" if overdue else status,
        "due_before": day.isoformat() if overdue else None,
        "after": decode_cursor(cursor),
        "limit": limit + 1,
    }
    if account is not None:
        _check_account(store, account)
        params["account"] = account
    if owner is not None:
        params["owner"] = owner
        ids: list[str] = []
        for label in _owner_labels(store, owner):
            name = (
                queries.commitment_ids_of_account_and_owner_query_name(label)
                if account is not None
                else queries.commitment_ids_of_owner_query_name(label)
            )
            ids += [row["id"] for row in store.read(name, params)]
        ids = sorted(set(ids))[: limit + 1]
    elif account is not None:
        ids = [row["id"] for row in store.read(queries.COMMITMENT_IDS_OF_ACCOUNT, params)]
    else:
        ids = [row["id"] for row in store.read(queries.COMMITMENT_IDS, params)]
    views = commitments_by_ids(store, ids[:limit], day)
    next_cursor = encode_cursor(ids[limit - 1]) if len(ids) > limit else None
    return CommitmentsPage(items=views, next_cursor=next_cursor)


def commitment_by_id(
    store: GraphStore, commitment_id: str, as_of: date | None = None
) -> CommitmentView:
    views = commitments_by_ids(store, [commitment_id], as_of or today_utc())
    if not views:
        raise NotFound(f"no commitment with id {commitment_id!r}")
    return views[0]


def commitments_by_ids(store: GraphStore, ids: list[str], as_of: date) -> list[CommitmentView]:
    """The full answer for each commitment id that exists, in the order given."""
    if not ids:
        return []
    rows = {row["id"]: row for row in store.read(queries.COMMITMENTS_BY_IDS, {"ids": ids})}
    made_in_ids = sorted({str(r["made_in"]) for r in rows.values() if r["made_in"]})
    made_in = {
        row["id"]: MadeIn(
            id=row["id"],
            kind=row["kind"],
            subject=row["subject"],
            occurred_at=_text(row["occurred_at"]),
        )
        for row in (
            store.read(queries.INTERACTIONS_MADE_IN, {"ids": made_in_ids}) if made_in_ids else []
        )
    }
    return [_view(rows[i], made_in, as_of) for i in ids if i in rows]


def set_commitment_status(
    store: GraphStore, commitment_id: str, status: str, actor: str, as_of: date | None = None
) -> CommitmentView:
    """Mark a commitment open, done or cancelled; records who and when, and audits it."""
    if status not in STATUSES:
        raise InvalidRecord(f"status: {status!r} is not one of {', '.join(STATUSES)}")
    commitment_by_id(store, commitment_id)
    store.write_many(status_statements(commitment_id, status, actor, utc_now()))
    return commitment_by_id(store, commitment_id, as_of)


def status_statements(commitment_id: str, status: str, actor: str, now: str) -> list[Statement]:
    """The writes that set a commitment's status, with the audit entry."""
    return [
        (
            queries.SET_COMMITMENT_STATUS,
            {"id": commitment_id, "status": status, "actor": actor, "now": now},
        ),
        audit_statement(f"commitment.{status}", actor, commitment_id),
    ]


def open_commitments_of(store: GraphStore, people: dict[str, list[str]]) -> list[Row]:
    """Open commitments made by these people (ids by label): id, promise, made_in,
    accounts, and the person_id who made it."""
    rows: list[Row] = []
    for label, ids in people.items():
        name = queries.open_commitments_of_query_name(label)
        rows += store.read(name, {"ids": sorted(set(ids)), "open": "open"})
    return rows


def _check_account(store: GraphStore, account: str) -> None:
    if not store.read(ACCOUNT, {"id": account}):
        raise NotFound(f"no account with id {account!r}")


def _owner_labels(store: GraphStore, owner: str) -> list[str]:
    labels = [
        label
        for label in ("Employee", "Contact")
        if store.read(existing_ids_query_name(label), {"ids": [owner]})
    ]
    if not labels:
        raise NotFound(f"no employee or contact with id {owner!r}")
    return labels


def _view(row: Row, made_in: dict[str, MadeIn], as_of: date) -> CommitmentView:
    owners = sorted(row["owners"] or [], key=lambda o: str(o.get("id")))
    owner = owners[0] if owners else None
    due = _text(row["due"]) or (_text(owner.get("due")) if owner else None)
    status = str(row["status"] or "open")
    late = overdue_days(due, status, as_of)
    return CommitmentView(
        id=row["id"],
        promise=str(row["promise"] or ""),
        due=due,
        status=status,
        overdue=late is not None,
        days_overdue=late,
        as_of=as_of.isoformat(),
        owner=PersonRef(id=owner["id"], name=owner.get("name"), label=owner.get("label"))
        if owner
        else None,
        accounts=sorted(
            (AccountRef(id=a["id"], name=a.get("name")) for a in row["accounts"] or []),
            key=lambda a: a.id,
        ),
        contacts=sorted(
            (
                PersonRef(id=c["id"], name=c.get("name"), label="Contact")
                for c in row["contacts"] or []
            ),
            key=lambda c: c.id,
        ),
        made_in=made_in.get(str(row["made_in"])) if row["made_in"] else None,
        fact_id=owner.get("fact_id") if owner else None,
        fact_status=owner.get("fact_status") if owner else None,
        confidence=owner.get("confidence") if owner else None,
        evidence=evidence_spans(owner.get("evidence"), owner.get("interaction_ids"))
        if owner
        else [],
        status_changed_by=row["status_changed_by"],
        status_changed_at=_text(row["status_changed_at"]),
        closing_proposals=[
            ClosingProposal(
                fact_id=c.get("fact_id"),
                status=c.get("status"),
                by=PersonRef(id=c["by_id"], name=c.get("by_name"), label=None),
                confidence=c.get("confidence"),
                evidence=evidence_spans(c.get("evidence"), c.get("interaction_ids")),
            )
            for c in row["closing"] or []
        ],
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
