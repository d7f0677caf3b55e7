"""The smart FAQ: what customers keep asking, grouped by topic, unanswered groups first.

Only customer questions count (Q&A questions, the first message of a ticket that no
employee wrote), never replies or answers. Questions are grouped (`faq_grouping`); a group
keeps the questions that fit it (cosine to its centre at least `CORE_FIT`) and is shown
when at least `MIN_GROUP_SIZE` do: a question asked once is not frequent. A group is
labelled with the concepts most of its questions mention, or else with the words and
pairs of words that set it apart from the other questions (a class-based TF-IDF).

The answer is cached per store until questions or articles change (or `CACHE_SECONDS`
pass), so the API answers at once after the first computation.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from graph.queries import kb as queries
from graph.services.faq_grouping import group_questions
from graph.services.kb import all_articles
from graph.services.kb_match import QUESTION_WORDS
from graph.stores.base import GraphStore, Row

MAX_QUESTIONS = 20_000
ANSWERED_SIMILARITY = 0.35
SAMPLE_QUESTIONS = 5
CORE_FIT = 0.5
MIN_GROUP_SIZE = 2
CONCEPT_LABEL_SHARE = 0.4
LABEL_PHRASES = 3
CACHE_SECONDS = 600.0
_WORD = re.compile(r"[a-z][a-z0-9]+")
_LABEL_STOP = ENGLISH_STOP_WORDS | QUESTION_WORDS | {"just", "does", "did", "really", "ve"}


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
    ungrouped: int


def question_text(row: Row) -> str:
    return " ".join(part for part in (row["subject"], row["text"]) if part)


_CACHE: dict[tuple[Any, ...], tuple[float, SmartFaq]] = {}
_CACHE_LOCK = threading.Lock()


def smart_faq(store: GraphStore, limit: int = MAX_QUESTIONS, groups: int | None = None) -> SmartFaq:
    """The FAQ from the cache while questions and articles are unchanged, else computed."""
    fingerprint = tuple(sorted(store.read(queries.FAQ_FINGERPRINT)[0].items()))
    place = getattr(store, "path", None) or getattr(store, "url", None) or id(store)
    key = (str(place), fingerprint, limit, groups)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    faq = compute_smart_faq(store, limit, groups)
    with _CACHE_LOCK:
        for old in [k for k in _CACHE if k[0] == key[0]]:
            del _CACHE[old]
        _CACHE[key] = (time.monotonic(), faq)
    return faq


def compute_smart_faq(
    store: GraphStore, limit: int = MAX_QUESTIONS, groups: int | None = None
) -> SmartFaq:
    """Group recent customer questions; groups with no article come first."""
    rows = [r for r in store.read(queries.CUSTOMER_QUESTIONS, {"limit": limit}) if question_text(r)]
    texts = [question_text(r) for r in rows]
    grouping = group_questions(texts, groups)
    members: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(grouping.labels):
        if grouping.fit[index] >= CORE_FIT:
            members[label].append(index)
    members = {label: m for label, m in members.items() if len(m) >= MIN_GROUP_SIZE}
    similar = _most_similar_articles(texts, members, all_articles(store))
    phrases = distinctive_phrases(texts, members)
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
        concepts = _shared_concepts([rows[i] for i in indexes])
        terms = phrases.get(label, [])
        faq_groups.append(
            FaqGroup(
                topic=_topic(concepts, terms) or texts[indexes[0]][:60],
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
        ungrouped=len(rows) - sum(g.size for g in faq_groups),
    )


def _topic(concepts: list[str], phrases: list[str]) -> str:
    """'dashboards: weekly schedule, emailed weekly', or the phrases alone."""
    if not concepts:
        return ", ".join(phrases[:LABEL_PHRASES])
    named = ", ".join(concepts[:2])
    return f"{named}: {', '.join(phrases[:2])}" if phrases else named


def _shared_concepts(rows: list[Row]) -> list[str]:
    """Concept names that at least CONCEPT_LABEL_SHARE of the questions mention."""
    counts = Counter(name for row in rows for name in set(row["concepts"] or []))
    return [name for name, n in counts.most_common() if n >= CONCEPT_LABEL_SHARE * len(rows)]


def label_words(text: str) -> list[str]:
    """Content words and adjacent pairs of them, for labels.

    >>> label_words("Schedule dashboards weekly?")
    ['schedule', 'dashboards', 'weekly', 'schedule dashboards', 'dashboards weekly']
    """
    words = [w for w in _WORD.findall(text.lower()) if w not in _LABEL_STOP and len(w) > 2]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def distinctive_phrases(
    texts: Sequence[str], members: dict[int, list[int]], count: int = 5
) -> dict[int, list[str]]:
    """Per group, the words and pairs most frequent in it and rare elsewhere
    (class-based TF-IDF: share of the group's questions with the phrase, times its idf
    over all questions); a word inside a chosen pair is not repeated."""
    bags = [set(label_words(text)) for text in texts]
    frequency: Counter[str] = Counter(p for bag in bags for p in bag)
    found: dict[int, list[str]] = {}
    for label, indexes in members.items():
        inside: Counter[str] = Counter(p for i in indexes for p in bags[i])
        scored = sorted(
            (
                (n / len(indexes)) * math.log(len(texts) / frequency[p]) * (1.2 if " " in p else 1),
                p,
            )
            for p, n in inside.items()
            if n >= 2 or len(indexes) < 2
        )
        chosen: list[str] = []
        for _, phrase in reversed(scored):
            if any(phrase in other or other in phrase for other in chosen):
                continue
            chosen.append(phrase)
            if len(chosen) == count:
                break
        found[label] = chosen
    return found


def _most_similar_articles(
    texts: list[str], members: dict[int, list[int]], articles: list[Row]
) -> dict[int, tuple[str, float]]:
    """For each group, the article most similar to its questions, if similar enough."""
    if not articles or not members:
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
