"""Accounts: the list, the account 360, who knows an account best, duplicates and merges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Curator, StoreDep, Viewer, WriteLock
from api.routes.params import Cursor, Id, Limit, Text
from api.schemas import (
    Account360Public,
    AccountKnowersPublic,
    AccountsPublic,
    DuplicatesPublic,
    MergePublic,
    MergeRequest,
    UnmergePublic,
    UnmergeRequest,
)
from graph.model import AccountStatus
from graph.services.accounts import Account360, account_360, who_knows_account
from graph.services.identity import MIN_SCORE, duplicate_accounts
from graph.services.listing import AccountsPage, accounts_page
from graph.services.merge import UnmergeReport, merge_records, unmerge_records

router = APIRouter(prefix="/accounts", tags=["accounts"])


@router.get("", response_model=AccountsPublic)
def list_accounts(
    store: StoreDep,
    user: Viewer,
    q: Text = None,
    status: AccountStatus | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AccountsPage:
    """Accounts by id; `q` matches the name or an alias, `status` filters."""
    return accounts_page(
        store, q=q, status=status.value if status else None, limit=limit, cursor=cursor
    )


@router.get("/duplicates", response_model=DuplicatesPublic)
def account_duplicates(
    store: StoreDep,
    user: Viewer,
    min_score: Annotated[float, Query(ge=0, le=1, description="Only pairs scoring this.")] = (
        MIN_SCORE
    ),
    limit: Limit = 100,
) -> DuplicatesPublic:
    """Accounts that look like one company (name and domain variants), with the reasons."""
    return DuplicatesPublic(items=duplicate_accounts(store, min_score=min_score, limit=limit))


@router.post("/merge", response_model=MergePublic)
def merge_accounts(
    request: MergeRequest, store: StoreDep, user: Curator, lock: WriteLock
) -> MergePublic:
    """Merge accounts into the one to `keep` (curator): contacts, purchases, interactions,
    facts and commitments move to it; the merged ids stay as its aliases."""
    with lock:
        reports = [
            merge_records(store, "Account", request.keep, merge, actor=user.label)
            for merge in request.merge
        ]
    return MergePublic(items=reports)


@router.post("/unmerge", response_model=UnmergePublic)
def unmerge_accounts(
    request: UnmergeRequest,
    store: StoreDep,
    user: Curator,
    lock: WriteLock,
) -> UnmergeReport:
    """Restore a merged account and the survivor as they were, from the merge's audit record."""
    with lock:
        report = unmerge_records(store, "account", request.id, user.label, request.audit_id)
    return report


@router.get("/{account_id}", response_model=Account360Public)
def get_account(account_id: Id, store: StoreDep, user: Viewer) -> Account360:
    """The account 360: contacts, products, commitments, facts with evidence, who knows it."""
    return account_360(store, account_id)


@router.get("/{account_id}/knowers", response_model=AccountKnowersPublic)
def get_account_knowers(
    account_id: Id, store: StoreDep, user: Viewer, limit: Limit = 10
) -> AccountKnowersPublic:
    """Employees who know people at the account, strongest first, scores explained."""
    return AccountKnowersPublic(items=who_knows_account(store, account_id, limit))
