"""Knowledge base: search for a customer question, usefulness, duplicates, outdated."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from graph.errors import NotFound
from graph.queries import kb as queries
from graph.services.expertise_documents import matching_documents
from graph.services.kb_match import WordRarity, content_stems, word_rarity
from graph.services.lexicon import concept_lexicon, search_terms
from graph.services.scores import Component, weighted_sum
from graph.services.timeparse import parse_time, utc_now
from graph.stores.base import GraphStore, Row

# The weights of an article's match to a question, and the score below which no article
# answers it: calibrated by bench/kb_gaps.py on beer.stackexchange (accepted answers as
# articles, each question asked with and without its own), best balanced accuracy; the
# separation there is weak (0.54 on beer, 0.61 on coffee), see the README.
KB_SEARCH_WEIGHTS = {"text": 0.5, "concepts": 0.2, "history": 0.3}
NO_GOOD_ARTICLE_BELOW = 0.48
# Coverage reads an article's title and opening, where it says what it is about.
ARTICLE_OPENING = 400
# An earlier question this similar that no article resolved says "no good article" too.
UNRESOLVED_SIMILARITY = 0.8
SEARCH_CANDIDATES = 50
QUESTION_KINDS = ["question", "ticket"]
EARLIER_QUESTIONS = 20
DUPLICATE_SIMILARITY = 0.8
STALE_DAYS = 365


class Usefulness(BaseModel):
    """How often an article resolved something (RESOLVED_BY links), and when last."""

    reuse_count: int
    helped_count: int
    last_used_at: str | None


class KBHit(BaseModel):
    """An article for a question. `score` is absolute (the same scale for every question):
    how much of the question the article covers (`text`), the question's concepts it is
    about (`concepts`), and how similar the question is to earlier ones it resolved
    (`history`). `about`: the concept ids the article is about."""

    id: str
    title: str | None
    snippet: str
    score: float
    components: dict[str, Component]
    matched_concepts: list[str]
    about: list[str]
    usefulness: Usefulness


class KBAnswer(BaseModel):
    """Articles for a question, and whether any is good enough, with why."""

    items: list[KBHit]
    no_good_article: bool
    reason: str
    threshold: float


class DuplicateArticles(BaseModel):
    first_id: str
    first_title: str | None
    second_id: str
    second_title: str | None
    similarity: float
    reasons: list[str]


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
    """Articles for a customer question, best first (see `kb_answer`)."""
    return kb_answer(store, text, limit).items


def kb_answer(
    store: GraphStore, text: str, limit: int = 10, threshold: float = NO_GOOD_ARTICLE_BELOW
) -> KBAnswer:
    """Articles for a customer question, and "no good article" when none scores `threshold`
    or an earlier question this similar went unresolved by any article."""
    lexicon = concept_lexicon(store)
    rarity = word_rarity(store)
    question = content_stems(text)
    concepts = lexicon.concepts_in(text)
    synonyms = [phrase for phrase, ids in lexicon.phrases.items() if ids & concepts.keys()]
    terms = search_terms(" ".join([text, *synonyms]))
    candidates: set[str] = set()
    if terms:
        rows = store.read(queries.KB_TEXT_SEARCH, {"q": terms, "k": SEARCH_CANDIDATES})
        candidates.update(row["id"] for row in rows)
    about: dict[str, list[str]] = defaultdict(list)
    if concepts:
        for row in store.read(queries.KB_ARTICLES_FOR_CONCEPTS, {"concept_ids": sorted(concepts)}):
            about[row["id"]].append(row["concept_id"])
            candidates.add(row["id"])
    earlier = _earlier_questions(store, text, question, rarity)
    for resolved in earlier.resolved.values():
        candidates.add(resolved[1])
    hits = _scored_hits(
        store, sorted(candidates), question, concepts, about, earlier, rarity, limit
    )
    hits.sort(key=lambda h: (-h.score, h.id))
    return _verdict(hits, earlier, threshold)


@dataclass
class _EarlierQuestions:
    """Earlier customer questions like this one: per article the most similar it resolved
    (similarity, article id, question id), and the most similar one nothing resolved."""

    resolved: dict[str, tuple[float, str, str]] = field(default_factory=dict)
    unresolved: tuple[float, str, str] | None = None
    unresolved_count: int = 0


def _earlier_questions(
    store: GraphStore, text: str, question: list[str], rarity: WordRarity
) -> _EarlierQuestions:
    found = _EarlierQuestions()
    documents = matching_documents(store, text, k=EARLIER_QUESTIONS, kinds=QUESTION_KINDS)
    if not documents:
        return found
    for row in store.read(queries.EARLIER_QUESTIONS, {"ids": [d.id for d in documents]}):
        earlier_text = " ".join(part for part in (row["subject"], row["text"]) if part)
        similarity = rarity.coverage(question, set(content_stems(earlier_text)))
        for article_id in row["resolved_by"] or []:
            if similarity > found.resolved.get(article_id, (0.0, "", ""))[0]:
                found.resolved[article_id] = (similarity, article_id, row["id"])
        if not row["resolved_by"] and similarity >= UNRESOLVED_SIMILARITY:
            found.unresolved_count += 1
            if found.unresolved is None or similarity > found.unresolved[0]:
                found.unresolved = (similarity, earlier_text[:120], row["id"])
    return found


def _scored_hits(
    store: GraphStore,
    candidates: list[str],
    question: list[str],
    concepts: dict[str, float],
    about: dict[str, list[str]],
    earlier: _EarlierQuestions,
    rarity: WordRarity,
    limit: int,
) -> list[KBHit]:
    """Every candidate scored; the best `limit` with their usefulness."""
    if not candidates:
        return []
    lexicon = concept_lexicon(store)
    strongest = sum(concepts.values()) or 1.0
    scored = []
    for article in store.read(queries.KB_ARTICLE_WORDS, {"ids": candidates}):
        concept_ids = list(article["concept_ids"] or [])
        names = [
            phrase
            for concept_id in concept_ids
            for phrase in (lexicon.names.get(concept_id, ""), *lexicon.synonyms.get(concept_id, []))
        ]
        opening = (article["body"] or "")[:ARTICLE_OPENING]
        article_stems = set(content_stems(" ".join([article["title"] or "", opening, *names])))
        matched = sorted(set(about.get(article["id"], [])) | (set(concept_ids) & concepts.keys()))
        values = {
            "text": rarity.coverage(question, article_stems),
            "concepts": min(1.0, sum(concepts[c] for c in matched) / strongest)
            if concepts
            else 0.0,
            "history": earlier.resolved.get(article["id"], (0.0, "", ""))[0],
        }
        score = sum(KB_SEARCH_WEIGHTS[n] * v for n, v in values.items())
        scored.append((score, article["id"], values, matched, sorted(concept_ids)))
    scored.sort(key=lambda item: (-round(item[0], 6), item[1]))
    top = scored[: max(0, limit)]
    ids = [article_id for _, article_id, _, _, _ in top]
    rows = {row["id"]: row for row in store.read(queries.KB_HITS_BY_IDS, {"ids": ids})}
    hits = []
    for _, article_id, values, matched, concept_ids in top:
        row = rows[article_id]
        score, components = weighted_sum(values, KB_SEARCH_WEIGHTS)
        hits.append(
            KBHit(
                id=article_id,
                title=row["title"],
                snippet=row["snippet"] or "",
                score=score,
                components=components,
                matched_concepts=[lexicon.names.get(c, c) for c in matched],
                about=concept_ids,
                usefulness=_uses(row),
            )
        )
    return hits


def _uses(row: Row) -> Usefulness:
    used = [str(at) for at in row["used_at"] or [] if at is not None]
    return Usefulness(
        reuse_count=len(row["helped"] or []),
        helped_count=sum(1 for helped in row["helped"] or [] if helped),
        last_used_at=max(used, default=None),
    )


def _verdict(hits: list[KBHit], earlier: _EarlierQuestions, threshold: float) -> KBAnswer:
    best = hits[0] if hits else None
    if earlier.unresolved is not None and (
        best is None or earlier.unresolved[0] > best.components["history"].value
    ):
        similarity, example, _ = earlier.unresolved
        reason = (
            f"no good article: {earlier.unresolved_count} earlier question(s) like this one "
            f"were not resolved by any article (e.g. \u201c{example}\u201d, "
            f"similarity {similarity:.2f})"
        )
        return KBAnswer(items=hits, no_good_article=True, reason=reason, threshold=threshold)
    if best is None:
        reason = "no good article: no article shares words or concepts with the question"
        return KBAnswer(items=hits, no_good_article=True, reason=reason, threshold=threshold)
    if best.score < threshold:
        reason = (
            f"no good article: the best, {best.id}, scores {best.score:.2f}, "
            f"below the threshold {threshold:.2f}"
        )
        return KBAnswer(items=hits, no_good_article=True, reason=reason, threshold=threshold)
    reason = f"{best.id} scores {best.score:.2f} (threshold {threshold:.2f})"
    return KBAnswer(items=hits, no_good_article=False, reason=reason, threshold=threshold)


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
                        reasons=_duplicate_reasons(articles[i], articles[j], similarity[i, j]),
                    )
                )
    pairs.sort(key=lambda p: -p.similarity)
    return pairs


def _duplicate_reasons(first: Row, second: Row, similarity: float) -> list[str]:
    reasons = [f"title and body are {similarity:.0%} alike (TF-IDF cosine)"]
    if (first["title"] or "").strip().lower() == (second["title"] or "").strip().lower():
        reasons.append("same title")
    shared = sorted(set(first["concept_ids"] or []) & set(second["concept_ids"] or []))
    if shared:
        reasons.append(f"both about {', '.join(shared)}")
    return reasons


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
