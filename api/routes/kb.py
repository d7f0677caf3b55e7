"""Knowledge base: search for a question, the smart FAQ, and whether an article helped."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import Curator, StoreDep, Viewer, WriteLock
from api.routes.params import Id
from api.schemas import ArticleUsageCreate, ArticleUsagePublic
from graph.services.curation import ArticleUsage, record_article_usage
from graph.services.faq import SmartFaq, smart_faq
from graph.services.kb import KBHit, kb_search

router = APIRouter(prefix="/kb", tags=["kb"])


class KBSearchPublic(BaseModel):
    query: str
    items: list[KBHit]


class SmartFaqPublic(SmartFaq):
    """Customer questions grouped by topic, each group answered by articles or not."""


@router.get("/search", response_model=KBSearchPublic)
def search_articles(
    store: StoreDep,
    user: Viewer,
    q: Annotated[str, Query(min_length=1, max_length=500, description="A customer question.")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> KBSearchPublic:
    """Articles for a question: text match, shared concepts and usefulness, explained."""
    return KBSearchPublic(query=q, items=kb_search(store, q, limit=limit))


@router.get("/faq", response_model=SmartFaqPublic)
def faq(
    store: StoreDep,
    user: Viewer,
    limit: Annotated[int, Query(ge=1, le=2000, description="Questions considered.")] = 500,
    groups: Annotated[int | None, Query(ge=1, le=100, description="Topic groups.")] = None,
) -> SmartFaq:
    """The questions customers ask, grouped; which groups no article answers."""
    return smart_faq(store, limit=limit, groups=groups)


@router.post("/articles/{article_id}/usage", response_model=ArticleUsagePublic)
def record_usage(
    article_id: Id, usage: ArticleUsageCreate, store: StoreDep, user: Curator, lock: WriteLock
) -> ArticleUsage:
    """Record that an article helped (or did not help) resolve an interaction."""
    with lock:
        return record_article_usage(store, article_id, usage.interaction_id, usage.helped)
