"""Prospecting from purchase history: what an account may buy next, who may buy a product."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import StoreDep, Viewer
from api.routes.params import MAX_ID
from graph.services.prospects import (
    AccountProspects,
    ProductProspects,
    prospects_for_account,
    prospects_for_product,
)

router = APIRouter(tags=["prospects"])

OptionalId = Annotated[str | None, Query(min_length=1, max_length=MAX_ID)]


@router.get("/prospects", response_model=AccountProspects | ProductProspects)
def prospects(
    store: StoreDep,
    user: Viewer,
    account: Annotated[
        str | None,
        Query(min_length=1, max_length=MAX_ID, description="Products this account may buy."),
    ] = None,
    product: Annotated[
        str | None,
        Query(min_length=1, max_length=MAX_ID, description="Accounts that may buy this product."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many prospects.")] = 10,
) -> AccountProspects | ProductProspects:
    """Give `account` for the products it does not own yet that similar accounts bought,
    or `product` for the accounts most likely to buy it next; each with its reasons."""
    if (account is None) == (product is None):
        raise HTTPException(422, "give exactly one of `account` and `product`")
    if account is not None:
        return prospects_for_account(store, account, limit)
    assert product is not None
    return prospects_for_product(store, product, limit)
