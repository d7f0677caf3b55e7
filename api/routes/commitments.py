"""Commitments: what was promised to whom, overdue ones, and marking them done."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BeforeValidator

from api.deps import Curator, StoreDep, Viewer, WriteLock
from api.routes.params import Cursor, Id, Limit
from api.schemas import CommitmentPublic, CommitmentsPublic, CommitmentUpdate
from graph.services.commitments import (
    CommitmentsPage,
    CommitmentView,
    commitment_by_id,
    commitments_page,
    set_commitment_status,
)

router = APIRouter(prefix="/commitments", tags=["commitments"])

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    """A day only as YYYY-MM-DD (not a number of seconds, which pydantic would take)."""
    if isinstance(value, str) and not _DAY.fullmatch(value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


AsOf = Annotated[
    date | None,
    BeforeValidator(_iso_day),
    Query(alias="as_of", description="The day overdue is computed against (default: today)."),
]
PersonId = Annotated[str | None, Query(max_length=500, description="A person's id.")]


@router.get("", response_model=CommitmentsPublic)
def list_commitments(
    store: StoreDep,
    user: Viewer,
    account: Annotated[
        str | None, Query(max_length=500, description="Only those made to this account.")
    ] = None,
    owner: Annotated[
        str | None, Query(max_length=500, description="Only those this person made.")
    ] = None,
    status: Annotated[
        str | None, Query(pattern="^(open|done|cancelled)$", description="open, done, cancelled")
    ] = None,
    overdue: Annotated[bool, Query(description="Only open ones past their due date.")] = False,
    as_of: AsOf = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> CommitmentsPage:
    """Commitments by id, each with its promiser, accounts, evidence and status."""
    return commitments_page(
        store,
        account=account,
        owner=owner,
        status=status,
        overdue=overdue,
        as_of=as_of,
        limit=limit,
        cursor=cursor,
    )


@router.get("/{commitment_id}", response_model=CommitmentPublic)
def get_commitment(
    commitment_id: Id, store: StoreDep, user: Viewer, as_of: AsOf = None
) -> CommitmentView:
    """One commitment, with its evidence and any proposal to close it."""
    return commitment_by_id(store, commitment_id, as_of)


@router.patch("/{commitment_id}", response_model=CommitmentPublic)
def update_commitment(
    commitment_id: Id,
    change: CommitmentUpdate,
    store: StoreDep,
    user: Curator,
    lock: WriteLock,
) -> CommitmentView:
    """Mark a commitment done, cancelled or open again (curator); records who and when."""
    with lock:
        return set_commitment_status(store, commitment_id, change.status, actor=user.label)
