"""The smart FAQ: frequent customer questions grouped by topic, unanswered groups first."""

from __future__ import annotations

from collections import Counter, defaultdict

from pydantic import BaseModel
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from graph.queries import kb as queries
from graph.services.faq_grouping import group_questions
from graph.services.kb import all_articles
from graph.stores.base import GraphStore, Row

MAX_QUESTIONS = 20_000
ANSWERED_SIMILARITY = 0.35
SAMPLE_QUESTIONS = 5


class FaqQuestion(BaseModel):
    id: str
    text: str


class FaqGroup(BaseModel):
    """A topic customers ask about, and whether an article answers it (and why we think so)."""

    topic: str
    terms: list[str]
    size: int
    answered: bool
    answered_by: list[str]
    answered_because: str
    questions: list[FaqQuestion]


class SmartFaq(BaseModel):
    questions: int
    groups: list[FaqGroup]
    unanswered_groups: int


def question_text(row: Row) -> str:
    return " ".join(part for part in (row["subject"], row["text"]) if part)


def smart_faq(store: GraphStore, limit: int = MAX_QUESTIONS, groups: int | None = None) -> SmartFaq:
    """Group recent customer questions and tickets; groups with no article come first."""
    rows = [r for r in store.read(queries.CUSTOMER_QUESTIONS, {"limit": limit}) if question_text(r)]
    texts = [question_text(r) for r in rows]
    grouping = group_questions(texts, groups)
    members: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(grouping.labels):
        members[label].append(index)
    articles = all_articles(store)
    similar = _most_similar_articles(texts, members, articles)
    faq_groups = []
    for label, indexes in members.items():
        resolved = Counter(a for i in indexes for a in rows[i]["article_ids"] or [])
        if resolved:
            answered_by = [a for a, _ in resolved.most_common(3)]
            because = f"{sum(resolved.values())} of these questions were resolved by an article"
        elif label in similar:
            answered_by = [similar[label][0]]
            because = f"an article's text is similar (cosine {similar[label][1]:.2f})"
        else:
            answered_by, because = [], "no article resolved or resembles these questions"
        terms = grouping.top_terms.get(label, [])
        faq_groups.append(
            FaqGroup(
                topic=" / ".join(terms[:3]) or texts[indexes[0]][:60],
                terms=terms,
                size=len(indexes),
                answered=bool(answered_by),
                answered_by=answered_by,
                answered_because=because,
                questions=[
                    FaqQuestion(id=rows[i]["id"], text=texts[i][:200])
                    for i in indexes[:SAMPLE_QUESTIONS]
                ],
            )
        )
    faq_groups.sort(key=lambda g: (g.answered, -g.size, g.topic))
    return SmartFaq(
        questions=len(rows),
        groups=faq_groups,
        unanswered_groups=sum(not g.answered for g in faq_groups),
    )


def _most_similar_articles(
    texts: list[str], members: dict[int, list[int]], articles: list[Row]
) -> dict[int, tuple[str, float]]:
    """For each group, the article most similar to its questions, if similar enough."""
    if not articles or not texts:
        return {}
    article_texts = [f"{a['title'] or ''} {a['body'] or ''}" for a in articles]
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    vectorizer.fit(texts + article_texts)
    group_docs = [" ".join(texts[i] for i in members[label]) for label in members]
    similarity = cosine_similarity(
        vectorizer.transform(group_docs), vectorizer.transform(article_texts)
    )
    found = {}
    for row_index, label in enumerate(members):
        best = int(similarity[row_index].argmax())
        if similarity[row_index, best] >= ANSWERED_SIMILARITY:
            found[label] = (articles[best]["id"], float(similarity[row_index, best]))
    return found
