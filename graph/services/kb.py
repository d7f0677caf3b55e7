"""Knowledge base: search for a customer question, usefulness, duplicates, outdated."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from graph.errors import NotFound
from graph.queries import kb as queries
from graph.services.lexicon import concept_lexicon, search_terms
from graph.services.scores import Component, weighted_sum
from graph.services.timeparse import parse_time, utc_now
from graph.stores.base import GraphStore, Row

KB_SEARCH_WEIGHTS = {"text": 0.6, "concepts": 0.25, "usefulness": 0.15}
SEARCH_CANDIDATES = 50
USEFULNESS_SCALE = 5.0
DUPLICATE_SIMILARITY = 0.8
STALE_DAYS = 365


class Usefulness(BaseModel):
    """How often an article resolved something (RESOLVED_BY links), and when last."""

    reuse_count: int
    helped_count: int
    last_used_at: str | None


class KBHit(BaseModel):
    id: str
    title: str | None
    snippet: str
    score: float
    components: dict[str, Component]
    matched_concepts: list[str]
    usefulness: Usefulness


class DuplicateArticles(BaseModel):
    first_id: str
    first_title: str | None
    second_id: str
    second_title: str | None
    similarity: float


class OutdatedArticle(BaseModel):
    id: str
    title: str | None
    reasons: list[str]
    usefulness: Usefulness
    updated_at: str | None


def usefulness_of(row: Row) -> Usefulness:
    return Usefulness(
        reuse_count=int(row["reuse_count"] or 0),
        helped_count=int(row["helped_count"] or 0),
        last_used_at=None if row["last_used_at"] is None else str(row["last_used_at"]),
    )


def kb_search(store: GraphStore, text: str, limit: int = 10) -> list[KBHit]:
    """Articles for a customer question: full text, concepts (with synonyms), usefulness."""
    lexicon = concept_lexicon(store)
    concepts = lexicon.concepts_in(text)
    synonyms = [phrase for phrase, ids in lexicon.phrases.items() if ids & concepts.keys()]
    terms = search_terms(" ".join([text, *synonyms]))
    relevance: dict[str, float] = defaultdict(float)
    if terms:
        for row in store.read(queries.KB_TEXT_SEARCH, {"q": terms, "k": SEARCH_CANDIDATES}):
            relevance[row["id"]] += float(row["score"])
    about: dict[str, list[str]] = defaultdict(list)
    if concepts:
        for row in store.read(queries.KB_ARTICLES_FOR_CONCEPTS, {"concept_ids": sorted(concepts)}):
            about[row["id"]].append(row["concept_id"])
    candidates = sorted(set(relevance) | set(about))
    if not candidates:
        return []
    best = max(relevance.values(), default=0.0) or 1.0
    strongest = sum(concepts.values()) or 1.0
    hits = []
    for row in store.read(queries.KB_ARTICLES_BY_IDS, {"ids": candidates}):
        usefulness = usefulness_of(row)
        matched = sorted(about.get(row["id"], []))
        score, components = weighted_sum(
            {
                "text": relevance.get(row["id"], 0.0) / best,
                "concepts": min(1.0, sum(concepts[c] for c in matched) / strongest),
                "usefulness": 1 - math.exp(-usefulness.helped_count / USEFULNESS_SCALE),
            },
            KB_SEARCH_WEIGHTS,
        )
        hits.append(
            KBHit(
                id=row["id"],
                title=row["title"],
                snippet=row["snippet"] or "",
                score=score,
                components=components,
                matched_concepts=[lexicon.names.get(c, c) for c in matched],
                usefulness=usefulness,
            )
        )
    hits.sort(key=lambda h: (-h.score, h.id))
    return hits[:limit]


def article_usefulness(store: GraphStore, article_id: str) -> Usefulness:
    rows = store.read(queries.KB_ARTICLES_BY_IDS, {"ids": [article_id]})
    if not rows:
        raise NotFound(f"no knowledge base article with id {article_id!r}")
    return usefulness_of(rows[0])


def all_articles(store: GraphStore) -> list[Row]:
    return store.read(queries.KB_ALL_ARTICLES)


def duplicate_articles(
    store: GraphStore, threshold: float = DUPLICATE_SIMILARITY
) -> list[DuplicateArticles]:
    """Pairs of articles whose title and body are nearly the same (TF-IDF cosine)."""
    articles = all_articles(store)
    if len(articles) < 2:
        return []
    texts = [f"{a['title'] or ''}\n{a['body'] or ''}" for a in articles]
    similarity = cosine_similarity(TfidfVectorizer(sublinear_tf=True).fit_transform(texts))
    pairs = []
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            if similarity[i, j] >= threshold:
                pairs.append(
                    DuplicateArticles(
                        first_id=articles[i]["id"],
                        first_title=articles[i]["title"],
                        second_id=articles[j]["id"],
                        second_title=articles[j]["title"],
                        similarity=round(float(similarity[i, j]), 4),
                    )
                )
    pairs.sort(key=lambda p: -p.similarity)
    return pairs


def outdated_articles(
    store: GraphStore, as_of: datetime | None = None, stale_days: int = STALE_DAYS
) -> list[OutdatedArticle]:
    """Articles not used (or not updated) for `stale_days`, mostly unhelpful, or retired."""
    moment = as_of or utc_now()
    found = []
    for row in all_articles(store):
        usefulness = usefulness_of(row)
        reasons = _outdated_reasons(row, usefulness, moment, stale_days)
        if reasons:
            found.append(
                OutdatedArticle(
                    id=row["id"],
                    title=row["title"],
                    reasons=reasons,
                    usefulness=usefulness,
                    updated_at=None if row["updated_at"] is None else str(row["updated_at"]),
                )
            )
    found.sort(key=lambda a: (-len(a.reasons), a.id))
    return found


def _outdated_reasons(
    row: Row, usefulness: Usefulness, as_of: datetime, stale_days: int
) -> list[str]:
    reasons = []
    last_used = parse_time(usefulness.last_used_at)
    updated = parse_time(row["updated_at"])
    if last_used is not None and _days(as_of, last_used) > stale_days:
        reasons.append(f"not used to resolve anything for {int(_days(as_of, last_used))} days")
    if last_used is None and updated is not None and _days(as_of, updated) > stale_days:
        reasons.append(f"never used, last updated {int(_days(as_of, updated))} days ago")
    if usefulness.reuse_count >= 3 and usefulness.helped_count / usefulness.reuse_count < 0.5:
        reasons.append(f"helped in {usefulness.helped_count} of {usefulness.reuse_count} uses")
    if (row["status"] or "published") in {"archived", "deprecated", "obsolete", "retired"}:
        reasons.append(f"status is {row['status']}")
    return reasons


def _days(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / 86400


def as_jsonable(items: list[Any]) -> list[dict[str, Any]]:
    return [item.model_dump() for item in items]
