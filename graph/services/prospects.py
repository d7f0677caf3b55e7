"""Prospecting: products an account is likely to buy next, accounts likely to buy a product.

The scoring is `graph.analytics.similar_accounts` on the graph's PURCHASED
relationships: a score is the share of an account's most similar accounts (by what they
bought) that bought the product, weighted by similarity; every reason is one of those
accounts, with its similarity, its contribution and the products the two share. A
product the account already owns is never proposed. An account that bought nothing yet
gets the products most accounts bought, each with that reason.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from graph.analytics.similar_accounts import Prospect, Reason, SimilarAccounts
from graph.errors import NotFound
from graph.queries import prospects as queries
from graph.stores.base import GraphStore

__all__ = [
    "AccountProspect",
    "AccountProspects",
    "ProductProspect",
    "ProductProspects",
    "prospects_for_account",
    "prospects_for_product",
]


class NamedRef(BaseModel):
    id: str
    name: str | None = None


class AccountRef(NamedRef):
    status: str | None = None


class ProspectReason(BaseModel):
    """Why: a similar account that bought it (or, for a new account, its popularity)."""

    kind: Literal["similar_account", "popular"]
    text: str
    account: NamedRef | None = None
    similarity: float | None = None
    contribution: float | None = None
    shared_products: list[NamedRef] = []


class ProductProspect(BaseModel):
    product: NamedRef
    score: float
    reasons: list[ProspectReason]


class AccountProspects(BaseModel):
    """Products the account does not own yet, most likely first."""

    account: AccountRef
    prospects: list[ProductProspect]


class AccountProspect(BaseModel):
    account: NamedRef
    score: float
    reasons: list[ProspectReason]


class ProductProspects(BaseModel):
    """Accounts that do not own the product yet, most likely buyers first."""

    product: NamedRef
    prospects: list[AccountProspect]


class _Catalogue:
    """The purchase model and the names to show, read once per request."""

    def __init__(self, store: GraphStore) -> None:
        purchases = store.read(queries.PURCHASES)
        self.model = SimilarAccounts((row["account"], row["product"]) for row in purchases)
        self.accounts = {row["id"]: row for row in store.read(queries.ACCOUNT_NAMES)}
        self.products = {row["id"]: row for row in store.read(queries.PRODUCT_NAMES)}

    def account(self, account_id: str) -> NamedRef:
        return NamedRef(id=account_id, name=self.accounts.get(account_id, {}).get("name"))

    def product(self, product_id: str) -> NamedRef:
        return NamedRef(id=product_id, name=self.products.get(product_id, {}).get("name"))

    def reasons(self, prospect: Prospect) -> list[ProspectReason]:
        if not prospect.reasons:
            total = len(self.model.accounts)
            return [
                ProspectReason(
                    kind="popular",
                    text=f"bought by {prospect.buyers} of {total} accounts; "
                    "no purchases of this account to compare yet",
                )
            ]
        return [self._reason(reason) for reason in prospect.reasons]

    def _reason(self, reason: Reason) -> ProspectReason:
        account = self.account(reason.account)
        shared = [self.product(product) for product in reason.shared_products]
        both = ", ".join(p.name or p.id for p in shared)
        text = (
            f"{account.name or account.id} bought it (similarity {reason.similarity:.2f}, "
            f"{reason.contribution:.0%} of the score)" + (f"; both bought {both}" if both else "")
        )
        return ProspectReason(
            kind="similar_account",
            text=text,
            account=account,
            similarity=reason.similarity,
            contribution=reason.contribution,
            shared_products=shared,
        )


def prospects_for_account(store: GraphStore, account_id: str, limit: int = 10) -> AccountProspects:
    """Products `account_id` has not bought, most likely first, each with its reasons."""
    catalogue = _Catalogue(store)
    row = catalogue.accounts.get(account_id)
    if row is None:
        raise NotFound(f"no account with id {account_id!r}")
    found = catalogue.model.products_for(account_id, limit)
    return AccountProspects(
        account=AccountRef(id=account_id, name=row.get("name"), status=row.get("status")),
        prospects=[
            ProductProspect(
                product=catalogue.product(prospect.item),
                score=round(prospect.score, 4),
                reasons=catalogue.reasons(prospect),
            )
            for prospect in found
        ],
    )


def prospects_for_product(store: GraphStore, product_id: str, limit: int = 10) -> ProductProspects:
    """Accounts that have not bought `product_id`, most likely buyers first, with reasons."""
    catalogue = _Catalogue(store)
    if product_id not in catalogue.products:
        raise NotFound(f"no product with id {product_id!r}")
    found = catalogue.model.accounts_for(product_id, limit)
    return ProductProspects(
        product=catalogue.product(product_id),
        prospects=[
            AccountProspect(
                account=catalogue.account(prospect.item),
                score=round(prospect.score, 4),
                reasons=catalogue.reasons(prospect),
            )
            for prospect in found
        ],
    )
