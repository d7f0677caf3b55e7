"""Accounts: the list, the account 360, and who knows an account best."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep, Viewer
from api.routes.params import Cursor, Id, Limit, Text
from api.schemas import Account360Public, AccountKnowersPublic, AccountsPublic
from graph.model import AccountStatus
from graph.services.accounts import Account360, account_360, who_knows_account
from graph.services.listing import AccountsPage, accounts_page

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
