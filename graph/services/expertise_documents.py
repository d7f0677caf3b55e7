"""Documents (questions, answers, tickets) matching a question, and who is behind them.

This is the document side of Balog et al.'s Model 2: p(q|d) from the full-text index,
p(d|e) from authorship (the author or handler of a document, the people who answered it).
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel

from graph.queries import experts as queries
from graph.services.lexicon import common_words, search_terms
from graph.stores.base import GraphStore

DOCUMENT_KINDS = ["question", "answer", "ticket"]
DOCUMENTS_RETRIEVED = 200
ACCEPTED_BONUS = 0.5


class MatchedDocument(BaseModel):
    id: str
    kind: str | None
    relevance: float


class DocumentCredit(BaseModel):
    """An employee credited for a matching document, with their own words on it."""

    document_id: str
    document_subject: str | None
    employee_id: str
    name: str | None
    external_id: str | None
    interaction_id: str
    kind: str | None
    association: float
    own_text: str


def matching_documents(
    store: GraphStore,
    text: str,
    before: str | None = None,
    k: int | None = None,
    kinds: list[str] | None = None,
) -> list[MatchedDocument]:
    """Interactions (of `kinds`) that match `text`, relevance normalised so the best is 1."""
    terms = search_terms(text, common=common_words(store))
    if not terms:
        return []
    k = k or DOCUMENTS_RETRIEVED
    params = {"q": terms, "k": k, "kinds": kinds or DOCUMENT_KINDS, "before": before}
    relevance: dict[str, float] = defaultdict(float)
    kind_of: dict[str, str | None] = {}
    for row in store.read(queries.MATCHING_INTERACTIONS, params):
        relevance[row["id"]] += float(row["score"])
        kind_of[row["id"]] = row["kind"]
    best = max(relevance.values(), default=0.0) or 1.0
    ranked = sorted(relevance.items(), key=lambda item: -item[1])[:k]
    return [MatchedDocument(id=i, kind=kind_of[i], relevance=s / best) for i, s in ranked]


def document_credits(
    store: GraphStore, documents: list[MatchedDocument], before: str | None = None
) -> list[DocumentCredit]:
    """Who is behind each document: its author or handler, and whoever answered it."""
    if not documents:
        return []
    rows = store.read(queries.DOCUMENT_PEOPLE, {"ids": [d.id for d in documents], "before": before})
    return [
        DocumentCredit(
            document_id=row["document_id"],
            document_subject=row["document_subject"],
            employee_id=row["employee_id"],
            name=row["name"],
            external_id=row["external_id"],
            interaction_id=row["interaction_id"],
            kind=row["kind"],
            association=1.0 + (ACCEPTED_BONUS if row["accepted"] else 0.0),
            own_text=row["own_text"] or "",
        )
        for row in rows
    ]
