"""Campaigns: the list, response rates by segment, replies linked to their campaign."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import Curator, StoreDep, Viewer, WriteLock
from api.routes.params import Id
from graph.model import CampaignResponseKind
from graph.services.campaigns import (
    CampaignResponseRates,
    CampaignSummary,
    ReplyLink,
    Segment,
    link_campaign_replies,
    list_campaigns,
    response_rates,
)

router = APIRouter(prefix="/campaigns", tags=["campaigns"])


class CampaignsPublic(BaseModel):
    items: list[CampaignSummary]


class ReplyLinksPublic(BaseModel):
    """Replies found and linked: each mail, its campaign, its sender, the rule that matched."""

    links: list[ReplyLink]


@router.get("", response_model=CampaignsPublic)
def get_campaigns(store: StoreDep, user: Viewer) -> CampaignsPublic:
    """Every campaign with how many it was sent to and how many responded."""
    return CampaignsPublic(items=list_campaigns(store))


@router.get("/{campaign_id}/response-rates", response_model=CampaignResponseRates)
def get_response_rates(
    campaign_id: Id,
    store: StoreDep,
    user: Viewer,
    by: Annotated[Segment, Query(description="Segment by the account's field.")] = "industry",
    kind: Annotated[
        CampaignResponseKind | None,
        Query(description="Count responders who got at least this far (default: any)."),
    ] = None,
) -> CampaignResponseRates:
    """Recipients, responders and the response rate (with a 95% interval) per segment."""
    return response_rates(store, campaign_id, by=by, kind=kind.value if kind else None)


@router.post("/link-replies", response_model=ReplyLinksPublic)
def post_link_replies(store: StoreDep, user: Curator, lock: WriteLock) -> ReplyLinksPublic:
    """Link mail already in the graph to the campaigns it answers (curator). Ingested mail
    is linked as it arrives; this is for campaigns imported after their replies."""
    with lock:
        return ReplyLinksPublic(links=link_campaign_replies(store))
