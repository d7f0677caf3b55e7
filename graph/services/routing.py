"""`route_request`: where a new email or ticket should go, and what may already answer it.

The request's topics are the concepts (names, synonyms, taxonomy neighbours) and products
(names, aliases) it names, and the concepts of the article that answers it (when one is
good enough: "429 errors" is about API rate limits if the rate-limits article answers it).
Each queue (`Queue` records: the concepts and products it covers, its members by id or
department) scores
- `concepts`: the share of the request's topics it covers (weighted as matched), and
- `expertise`: the share of the experts' score (`experts_for` on the request, top
  EXPERT_POOL) held by its members: who answered, resolved and wrote on such requests.
The best queue is the highest score; the people are the top experts with their queues
and current load; the articles come from `kb_answer`, with its "no good article" verdict.
"""

from __future__ import annotations

import time
from collections import defaultdict
from weakref import WeakKeyDictionary

from pydantic import BaseModel

from graph.queries import routing as queries
from graph.queries.identity import survivors_query_name
from graph.services.expertise_evidence import ExpertEvidence
from graph.services.expertise_topics import topics_of
from graph.services.experts import Expert, experts_for
from graph.services.kb import KBHit, kb_answer
from graph.services.lexicon import ConceptLexicon, concept_lexicon
from graph.services.scores import Component, weighted_sum
from graph.stores.base import GraphStore, Row

QUEUE_WEIGHTS = {"concepts": 0.4, "expertise": 0.6}
EXPERT_POOL = 20
PEOPLE_SHARE_OF_BEST = 0.05
CACHE_SECONDS = 60.0


class RequestTopic(BaseModel):
    """A concept or product the request names, or (`via`) that the article answering it
    is about."""

    id: str
    name: str
    kind: str
    weight: float
    via: str | None = None


class QueueChoice(BaseModel):
    id: str
    name: str
    score: float
    components: dict[str, Component]
    members: list[str]
    reason: str


class PersonLoad(BaseModel):
    """Open work: commitments not done, tickets awaiting their reply."""

    open_commitments: int
    open_tickets: int


class RoutedPerson(BaseModel):
    id: str
    name: str | None
    score: float
    queues: list[str]
    load: PersonLoad
    evidence: list[ExpertEvidence]


class Routing(BaseModel):
    topics: list[RequestTopic]
    queue: QueueChoice | None
    queues: list[QueueChoice]
    people: list[RoutedPerson]
    articles: list[KBHit]
    no_good_article: bool
    articles_reason: str


def route_request(store: GraphStore, text: str, people: int = 5, articles: int = 3) -> Routing:
    """Topics, best queue, top people with load, and articles for a request's text."""
    answer = kb_answer(store, text, articles)
    topics = request_topics(store, text)
    named = {t.id for t in topics}
    if not answer.no_good_article:
        # A request is also about what the article that answers it is about.
        answering = answer.items[0]
        topics += [
            RequestTopic(
                id=c,
                name=concept_lexicon(store).names.get(c, c),
                kind="concept",
                weight=round(answering.score, 4),
                via=answering.id,
            )
            for c in answering.about
            if c not in named
        ]
    given = [t.id for t in topics if t.via is not None]
    experts = experts_for(store, text, limit=EXPERT_POOL, concepts=given)
    queues = rank_queues(store, topics, experts)
    membership: dict[str, list[str]] = defaultdict(list)
    for queue in queues:
        for member in queue.members:
            membership[member].append(queue.id)
    best = experts[0].score if experts else 0.0
    chosen = [e for e in experts if e.score >= PEOPLE_SHARE_OF_BEST * best][:people]
    load = employee_load(store, [e.id for e in chosen])
    return Routing(
        topics=topics,
        queue=queues[0] if queues and queues[0].score > 0 else None,
        queues=queues,
        people=[
            RoutedPerson(
                id=e.id,
                name=e.name,
                score=e.score,
                queues=membership.get(e.id, []),
                load=load.get(e.id, PersonLoad(open_commitments=0, open_tickets=0)),
                evidence=e.evidence,
            )
            for e in chosen
        ],
        articles=answer.items,
        no_good_article=answer.no_good_article,
        articles_reason=answer.reason,
    )


def request_topics(store: GraphStore, text: str) -> list[RequestTopic]:
    """The concepts and products a request names, with their match weight."""
    _, concepts = topics_of(store, text, ())
    names = concept_lexicon(store).names
    found = [
        RequestTopic(id=c, name=names.get(c, c), kind="concept", weight=w)
        for c, w in concepts.items()
    ]
    products = product_lexicon(store)
    found += [
        RequestTopic(id=p, name=products.names.get(p, p), kind="product", weight=w)
        for p, w in products.concepts_in(text).items()
    ]
    return sorted(found, key=lambda t: (-t.weight, t.id))


def rank_queues(
    store: GraphStore, topics: list[RequestTopic], experts: list[Expert]
) -> list[QueueChoice]:
    """Every queue, scored by the topics it covers and its members' expertise."""
    rows = store.read(queries.QUEUES)
    members = _members(store, rows)
    topic_weight = {t.id: t.weight for t in topics}
    total_topics = sum(topic_weight.values())
    total_expertise = sum(e.score for e in experts)
    choices = []
    for row in rows:
        covered = set(row["concept_ids"] or []) | set(row["product_ids"] or [])
        matched = sorted(covered & topic_weight.keys())
        held = [e for e in experts if e.id in members[row["id"]]]
        score, components = weighted_sum(
            {
                "concepts": sum(topic_weight[t] for t in matched) / total_topics
                if total_topics
                else 0.0,
                "expertise": sum(e.score for e in held) / total_expertise
                if total_expertise
                else 0.0,
            },
            QUEUE_WEIGHTS,
        )
        reasons = []
        if matched:
            reasons.append(f"covers {', '.join(matched)}")
        if held:
            reasons.append(f"{len(held)} of the top experts are members ({held[0].name})")
        choices.append(
            QueueChoice(
                id=row["id"],
                name=row["name"],
                score=score,
                components=components,
                members=sorted(members[row["id"]]),
                reason="; ".join(reasons) or "nothing in the request points here",
            )
        )
    choices.sort(key=lambda q: (-q.score, q.id))
    return choices


def _members(store: GraphStore, queues: list[Row]) -> dict[str, set[str]]:
    departments = sorted({q["department"] for q in queues if q["department"]})
    by_department: dict[str, set[str]] = defaultdict(set)
    if departments:
        for row in store.read(queries.DEPARTMENT_MEMBERS, {"departments": departments}):
            by_department[row["department"]].add(row["employee_id"])
    moved = _survivors(store, {m for q in queues for m in q["members"] or []})
    return {
        q["id"]: {moved.get(m, m) for m in q["members"] or []}
        | by_department.get(q["department"] or "", set())
        for q in queues
    }


def _survivors(store: GraphStore, member_ids: set[str]) -> dict[str, str]:
    """A listed member merged into another employee record counts as that record."""
    if not member_ids:
        return {}
    rows = store.read(survivors_query_name("Employee"), {"ids": sorted(member_ids), "emails": []})
    return {
        merged: row["id"] for row in rows for merged in row["merged_ids"] if merged in member_ids
    }


def employee_load(store: GraphStore, employee_ids: list[str]) -> dict[str, PersonLoad]:
    if not employee_ids:
        return {}
    return {
        row["employee_id"]: PersonLoad(
            open_commitments=int(row["open_commitments"] or 0),
            open_tickets=int(row["unanswered_tickets"] or 0) + int(row["awaiting_reply"] or 0),
        )
        for row in store.read(queries.EMPLOYEE_LOAD, {"ids": employee_ids, "open": "open"})
    }


_PRODUCTS: WeakKeyDictionary[GraphStore, tuple[float, ConceptLexicon]] = WeakKeyDictionary()


def product_lexicon(store: GraphStore, max_age: float = CACHE_SECONDS) -> ConceptLexicon:
    """Product names and aliases, read at most once every `max_age` seconds."""
    cached = _PRODUCTS.get(store)
    if cached is not None and time.monotonic() - cached[0] < max_age:
        return cached[1]
    lexicon = ConceptLexicon()
    for row in store.read(queries.PRODUCT_NAMES):
        lexicon.add(row["id"], row["name"] or "", list(row["aliases"] or []), [])
    _PRODUCTS[store] = (time.monotonic(), lexicon)
    return lexicon
