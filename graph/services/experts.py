"""`experts_for`: employees ranked by the evidence in the graph for a text or concept.

The model is log-linear: an employee's score is the weighted sum of the logarithms of
four kinds of evidence, each smoothed and scaled to [0, 1] against the best candidate
(`log_scaled`), so the score decomposes into named components:

- documents (Balog et al. 2006, Model 2): interactions matching the text, by full-text
  (BM25) relevance relative to the best match, sharpened; credited to the employees who
  wrote, handled or answered them (accepted answers more);
- concepts: the employee's answers and tickets on the concepts the question is about
  (named in the text by name or synonym, or given with it as tags; taxonomy neighbours
  at half weight), from the derived EXPERT_IN edges, each concept weighted by how
  specific it is (an idf);
- stated: stated EXPERT_IN facts on those concepts;
- activity: the employee's prior, answers and tickets decayed by how many answers and
  tickets (anyone's) came after them, accepted answers counting double (precomputed by
  `derive_expertise`, or as of `before` when given).

Summing logarithms multiplies the evidence: a prolific employee with a little topical
evidence outranks a one-off answerer with a little more, and vice versa only when the
topical evidence is much stronger. Candidates are the employees with documents,
concept or stated evidence, plus the most active employees.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel

from graph.errors import NotFound
from graph.queries import experts as queries
from graph.queries import knows as knows_queries
from graph.services.expertise_profile import EmployeeActivity, activity_timeline
from graph.services.lexicon import (
    TAXONOMY_WEIGHT,
    common_words,
    concept_lexicon,
    phrase_key,
    search_terms,
)
from graph.services.scores import Component, weighted_sum
from graph.services.timeparse import parse_time
from graph.stores.base import GraphStore, Row

EXPERT_WEIGHTS: dict[str, float] = {
    "documents": 0.30,
    "concepts": 0.15,
    "stated": 0.10,
    "activity": 0.45,
}
# Smoothing of each log component: the value a candidate with none of that evidence has,
# relative to the best candidate (log(1 + r / s) / log(1 + 1 / s)).
SMOOTHING: dict[str, float] = {
    "documents": 1.0,
    "concepts": 0.05,
    "stated": 0.5,
    "activity": 0.5,
}
DOCUMENT_KINDS = ["question", "answer", "ticket"]
DOCUMENTS_RETRIEVED = 100
RELEVANCE_SHARPNESS = 2.0
ACCEPTED_BONUS = 0.5
ACTIVE_CANDIDATES = 20
EVIDENCE_PER_EXPERT = 3


class ExpertEvidence(BaseModel):
    interaction_id: str
    snippet: str
    reason: str


class Expert(BaseModel):
    id: str
    name: str | None
    external_id: str | None
    score: float
    components: dict[str, Component]
    concepts: dict[str, float]
    evidence: list[ExpertEvidence]


class MatchedDocument(BaseModel):
    id: str
    kind: str | None
    relevance: float


class DocumentCredit(BaseModel):
    """An employee credited for a matching document, with how much association."""

    document_id: str
    employee_id: str
    name: str | None
    external_id: str | None
    interaction_id: str
    association: float
    snippet: str


def matching_documents(
    store: GraphStore, text: str, before: str | None = None, k: int = DOCUMENTS_RETRIEVED
) -> list[MatchedDocument]:
    """Interactions that match `text`, relevance normalised so the best is 1."""
    terms = search_terms(text, common=common_words(store))
    if not terms:
        return []
    params = {"q": terms, "k": k, "kinds": DOCUMENT_KINDS, "before": before}
    relevance: dict[str, float] = defaultdict(float)
    kinds: dict[str, str | None] = {}
    for row in store.read(queries.MATCHING_INTERACTIONS, params):
        relevance[row["id"]] += float(row["score"])
        kinds[row["id"]] = row["kind"]
    best = max(relevance.values(), default=0.0) or 1.0
    ranked = sorted(relevance.items(), key=lambda item: -item[1])[:k]
    return [MatchedDocument(id=i, kind=kinds[i], relevance=s / best) for i, s in ranked]


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
            employee_id=row["employee_id"],
            name=row["name"],
            external_id=row["external_id"],
            interaction_id=row["interaction_id"],
            association=1.0 + (ACCEPTED_BONUS if row["accepted"] else 0.0),
            snippet=row["snippet"] or "",
        )
        for row in rows
    ]


def experts_for(
    store: GraphStore,
    text_or_concept: str,
    limit: int = 10,
    before: str | None = None,
    concepts: Iterable[str] = (),
) -> list[Expert]:
    """Employees ranked by their evidence on a text or a concept id (`concept:...`).

    `concepts` are topics given with the question (concept ids, names or synonyms, as
    a question's tags); `before` (ISO-8601) limits the documents to older ones, for
    evaluation over time.
    """
    text, topics = _topics(store, text_or_concept, concepts)
    relevance = {d.id: d.relevance for d in matching_documents(store, text, before)}
    raw: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    people: dict[str, Row] = {}
    evidence: dict[str, list[tuple[float, ExpertEvidence]]] = defaultdict(list)
    documents = [MatchedDocument(id=i, kind=None, relevance=r) for i, r in relevance.items()]
    for credit in document_credits(store, documents, before):
        weight = relevance[credit.document_id] ** RELEVANCE_SHARPNESS * credit.association
        raw[credit.employee_id]["documents"] += weight
        people[credit.employee_id] = {"name": credit.name, "external_id": credit.external_id}
        evidence[credit.employee_id].append(
            (
                weight,
                ExpertEvidence(
                    interaction_id=credit.interaction_id,
                    snippet=credit.snippet,
                    reason=f"matches the question (relevance {relevance[credit.document_id]:.2f})",
                ),
            )
        )
    expertise = _concept_expertise(store, topics, raw, people, evidence)
    _activity(store, raw, people, before)
    return _rank(raw, people, evidence, expertise, limit)


def _topics(
    store: GraphStore, text_or_concept: str, given: Iterable[str]
) -> tuple[str, dict[str, float]]:
    """The text to search for, and the concept ids it is about with their match weight."""
    lexicon = concept_lexicon(store)
    found: dict[str, float] = {}
    text = text_or_concept
    if text_or_concept.startswith("concept:"):
        if text_or_concept not in lexicon.names:
            raise NotFound(f"no concept with id {text_or_concept!r}")
        found[text_or_concept] = 1.0
        text = lexicon.names[text_or_concept]
    else:
        found.update(lexicon.concepts_in(text_or_concept))
    for topic in given:
        ids = {topic} if topic in lexicon.names else lexicon.phrases.get(phrase_key(topic), set())
        for concept_id in ids:
            found[concept_id] = 1.0
    for concept_id in [c for c, w in found.items() if w == 1.0]:
        for neighbour in lexicon.related.get(concept_id, ()):
            found.setdefault(neighbour, TAXONOMY_WEIGHT)
    return text, found


def _concept_expertise(
    store: GraphStore,
    concepts: dict[str, float],
    raw: dict[str, dict[str, float]],
    people: dict[str, Row],
    evidence: dict[str, list[tuple[float, ExpertEvidence]]],
) -> dict[str, dict[str, float]]:
    """Per employee: the share of each concept's answers and tickets that are theirs."""
    per_concept: dict[str, dict[str, float]] = defaultdict(dict)
    if not concepts:
        return per_concept
    rows = store.read(queries.EXPERTISE_FOR_CONCEPTS, {"concept_ids": list(concepts)})
    totals: dict[str, float] = defaultdict(float)
    for row in rows:
        if row["derived"]:
            totals[row["concept_id"]] += float(row["interaction_count"] or 0)
    evidence_ids: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    for row in rows:
        employee_id, match = row["employee_id"], concepts[row["concept_id"]]
        people.setdefault(employee_id, {"name": row["name"], "external_id": row["external_id"]})
        if row["derived"]:
            count = float(row["interaction_count"] or 0)
            value = match * count / (totals[row["concept_id"]] or 1.0)
            raw[employee_id]["concepts"] += value
            per_concept[employee_id][row["concept_id"]] = round(float(row["score"] or 0.0), 4)
            for interaction_id in (row["interaction_ids"] or [])[:2]:
                evidence_ids[employee_id].append((value, interaction_id, row["concept_name"]))
        else:
            status_weight = 1.0 if row["status"] == "approved" else 0.5
            stated = match * status_weight * float(row["confidence"] or 1.0)
            raw[employee_id]["stated"] = max(raw[employee_id]["stated"], stated)
            for interaction_id in (row["interaction_ids"] or [])[:1]:
                evidence_ids[employee_id].append((stated, interaction_id, row["concept_name"]))
    _concept_snippets(store, evidence_ids, evidence)
    return per_concept


def _concept_snippets(
    store: GraphStore,
    evidence_ids: dict[str, list[tuple[float, str, str]]],
    evidence: dict[str, list[tuple[float, ExpertEvidence]]],
) -> None:
    # Only employees short of document evidence need snippets from their concept work.
    wanted = {
        employee_id: sorted(items, reverse=True)[:EVIDENCE_PER_EXPERT]
        for employee_id, items in evidence_ids.items()
        if len(evidence.get(employee_id, [])) < EVIDENCE_PER_EXPERT
    }
    ids = sorted({i for items in wanted.values() for _, i, _ in items})
    if not ids:
        return
    snippets = {
        row["id"]: row["subject"] or row["snippet"] or ""
        for row in store.read(knows_queries.INTERACTIONS_BY_IDS, {"ids": ids[:500]})
    }
    for employee_id, items in wanted.items():
        for weight, interaction_id, concept_name in items:
            if interaction_id in snippets:
                evidence[employee_id].append(
                    (
                        weight * 0.5,
                        ExpertEvidence(
                            interaction_id=interaction_id,
                            snippet=snippets[interaction_id],
                            reason=f"evidence on {concept_name}",
                        ),
                    )
                )


def _activity(
    store: GraphStore,
    raw: dict[str, dict[str, float]],
    people: dict[str, Row],
    before: str | None = None,
) -> None:
    """The prior of the candidates, and the most active employees as candidates too.

    Precomputed by `derive_expertise`; computed as of `before` when it is given
    (evaluation over time), so the prior never lags behind the question.
    """
    if before is not None:
        rows = _activity_before(store, before)
        rows.sort(key=lambda row: (-row["activity"], row["employee_id"]))
        rows = rows[:ACTIVE_CANDIDATES] + [
            row for row in rows[ACTIVE_CANDIDATES:] if row["employee_id"] in raw
        ]
    else:
        rows = store.read(queries.MOST_ACTIVE_EMPLOYEES, {"k": ACTIVE_CANDIDATES})
        missing = sorted(set(raw) - {row["employee_id"] for row in rows})
        if missing:
            rows += store.read(queries.EMPLOYEE_ACTIVITY, {"ids": missing})
    for row in rows:
        raw[row["employee_id"]]["activity"] = float(row["activity"] or 0.0)
        people.setdefault(
            row["employee_id"], {"name": row["name"], "external_id": row["external_id"]}
        )


def _activity_before(store: GraphStore, before: str) -> list[Row]:
    """Every employee's prior from their answers and tickets older than `before`."""
    done: dict[str, EmployeeActivity] = defaultdict(EmployeeActivity)
    people: dict[str, Row] = {}
    for row in store.read(queries.ACTIVITY_BEFORE, {"before": before}):
        done[row["employee_id"]].saw(
            row["kind"], bool(row["accepted"]), parse_time(row["occurred_at"])
        )
        people[row["employee_id"]] = {"name": row["name"], "external_id": row["external_id"]}
    timeline = activity_timeline(done.values())
    return [
        {
            "employee_id": employee_id,
            **people[employee_id],
            "activity": activity.row(employee_id, timeline)["activity"],
        }
        for employee_id, activity in done.items()
    ]


def log_scaled(value: float, best: float, smoothing: float) -> float:
    """A value's logarithm, smoothed, scaled so 0 maps to 0 and the best to 1.

    log(1 + r/s) / log(1 + 1/s) with r = value / best: summing these with weights is a
    log-linear model (a weighted product of smoothed evidence).

    >>> log_scaled(0.0, 4.0, 0.1), log_scaled(4.0, 4.0, 0.1)
    (0.0, 1.0)
    """
    if best <= 0:
        return 0.0
    ratio = min(1.0, max(0.0, value / best))
    return math.log1p(ratio / smoothing) / math.log1p(1 / smoothing)


def _rank(
    raw: dict[str, dict[str, float]],
    people: dict[str, Row],
    evidence: dict[str, list[tuple[float, ExpertEvidence]]],
    per_concept: dict[str, dict[str, float]],
    limit: int,
) -> list[Expert]:
    best = {
        name: max((values.get(name, 0.0) for values in raw.values()), default=0.0)
        for name in EXPERT_WEIGHTS
    }
    best["stated"] = 1.0
    scaled = {
        employee_id: {
            name: log_scaled(values.get(name, 0.0), best[name], SMOOTHING[name])
            for name in EXPERT_WEIGHTS
        }
        for employee_id, values in raw.items()
    }
    totals = {e: sum(EXPERT_WEIGHTS[n] * v for n, v in s.items()) for e, s in scaled.items()}
    # Explanations (components, evidence) only for the few that are returned.
    top = sorted(totals, key=lambda e: (-round(totals[e], 6), e))[: max(0, limit)]
    experts = []
    for employee_id in top:
        score, components = weighted_sum(scaled[employee_id], EXPERT_WEIGHTS)
        if score <= 0:
            continue
        person = people.get(employee_id, {})
        strongest = sorted(evidence.get(employee_id, []), key=lambda item: -item[0])
        seen: dict[str, ExpertEvidence] = {}
        for _, item in strongest:
            seen.setdefault(item.interaction_id, item)
        experts.append(
            Expert(
                id=employee_id,
                name=person.get("name"),
                external_id=person.get("external_id"),
                score=score,
                components=components,
                concepts=per_concept.get(employee_id, {}),
                evidence=list(seen.values())[:EVIDENCE_PER_EXPERT],
            )
        )
    experts.sort(key=lambda e: (-e.score, e.id))
    return experts
