"""Prospecting from purchase history: what an account may buy next, who may buy a product.

Two questions, two operations, each with the id it needs in its path (one route with two
optional query parameters could not say in its OpenAPI document that exactly one is needed).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep, Viewer
from api.routes.params import Id
from graph.services.prospects import (
    AccountProspects,
    ProductProspects,
    prospects_for_account,
    prospects_for_product,
)

router = APIRouter(tags=["prospects"])

ProspectLimit = Annotated[int, Query(ge=1, le=100, description="At most this many prospects.")]


@router.get("/accounts/{account_id}/prospects", response_model=AccountProspects)
def account_prospects(
    account_id: Id, store: StoreDep, user: Viewer, limit: ProspectLimit = 10
) -> AccountProspects:
    """Products this account does not own yet that similar accounts bought, each with its
    reasons."""
    return prospects_for_account(store, account_id, limit)


@router.get("/products/{product_id}/prospects", response_model=ProductProspects)
def product_prospects(
    product_id: Id, store: StoreDep, user: Viewer, limit: ProspectLimit = 10
) -> ProductProspects:
    """The accounts most likely to buy this product next, each with its reasons."""
    return prospects_for_product(store, product_id, limit)
