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
from graph.services.kb import (
    DuplicateArticles,
    KBHit,
    OutdatedArticle,
    duplicate_articles,
    kb_answer,
    outdated_articles,
)

router = APIRouter(prefix="/kb", tags=["kb"])
FAQ_LIMIT = 500  # customer questions the FAQ considers by default


class KBSearchPublic(BaseModel):
    """Articles for a question, and whether any is good enough (`no_good_article`), why."""

    query: str
    items: list[KBHit]
    no_good_article: bool
    reason: str
    threshold: float


class DuplicatesPublic(BaseModel):
    items: list[DuplicateArticles]


class OutdatedPublic(BaseModel):
    items: list[OutdatedArticle]


class SmartFaqPublic(SmartFaq):
    """Customer questions grouped by topic, each group answered by articles or not."""


@router.get("/search", response_model=KBSearchPublic)
def search_articles(
    store: StoreDep,
    user: Viewer,
    q: Annotated[str, Query(min_length=1, max_length=500, description="A customer question.")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> KBSearchPublic:
    """Articles for a question, explained, or "no good article" (below a threshold)."""
    answer = kb_answer(store, q, limit=limit)
    return KBSearchPublic(query=q, **answer.model_dump())


@router.get("/faq", response_model=SmartFaqPublic)
def faq(
    store: StoreDep,
    user: Viewer,
    limit: Annotated[int, Query(ge=1, le=2000, description="Questions considered.")] = FAQ_LIMIT,
    groups: Annotated[int | None, Query(ge=1, le=100, description="Topic groups.")] = None,
) -> SmartFaq:
    """The questions customers ask, grouped; which groups no article answers."""
    return smart_faq(store, limit=limit, groups=groups)


@router.get("/duplicates", response_model=DuplicatesPublic)
def duplicates(
    store: StoreDep,
    user: Viewer,
    min_similarity: Annotated[float, Query(ge=0.1, le=1.0, description="Cosine, 0-1.")] = 0.8,
) -> DuplicatesPublic:
    """Pairs of articles that say nearly the same thing, with the reasons."""
    return DuplicatesPublic(items=duplicate_articles(store, threshold=min_similarity))


@router.get("/outdated", response_model=OutdatedPublic)
def outdated(
    store: StoreDep,
    user: Viewer,
    stale_days: Annotated[int, Query(ge=1, le=36500, description="Unused this long.")] = 365,
) -> OutdatedPublic:
    """Articles unused or not updated for `stale_days`, mostly unhelpful, or retired; why."""
    return OutdatedPublic(items=outdated_articles(store, stale_days=stale_days))


@router.post("/articles/{article_id}/usage", response_model=ArticleUsagePublic)
def record_usage(
    article_id: Id, usage: ArticleUsageCreate, store: StoreDep, user: Curator, lock: WriteLock
) -> ArticleUsage:
    """Record that an article helped (or did not help) resolve an interaction."""
    with lock:
        return record_article_usage(store, article_id, usage.interaction_id, usage.helped)
