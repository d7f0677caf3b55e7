"""Topical evidence of expertise: what a person did, wrote or was said to know on a topic.

Five kinds, gathered per employee into `TopicalEvidence`:
- documents: their answers, tickets and replies on questions matching the text;
- concepts: their share of the answers and tickets on the question's concepts (from the
  derived EXPERT_IN edges, or counted as of a moment);
- stated: explicit EXPERT_IN facts ("Priya is our expert on SSO"), by review status and
  confidence;
- articles: knowledge base articles they wrote on the concepts or covering the question.
Each carries the person's own words as evidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.errors import NotFound
from graph.queries import experts as queries
from graph.queries import kb as kb_queries
from graph.services.evidence import evidence_spans
from graph.services.expertise_documents import document_credits, matching_documents
from graph.services.expertise_evidence import CitedWork
from graph.services.kb_match import content_stems, word_rarity
from graph.services.lexicon import TAXONOMY_WEIGHT, concept_lexicon, phrase_key, search_terms
from graph.stores.base import GraphStore, Row

RELEVANCE_SHARPNESS = 2.0
PROPOSED_STATEMENT_WEIGHT = 0.8
ARTICLES_RETRIEVED = 10
EVIDENCE_PER_EXPERT = 3


@dataclass
class TopicalEvidence:
    """Per employee: raw evidence by kind, who they are, and their cited work."""

    raw: defaultdict[str, defaultdict[str, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float))
    )
    people: dict[str, Row] = field(default_factory=dict)
    evidence: defaultdict[str, list[tuple[float, CitedWork]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    concept_scores: defaultdict[str, dict[str, float]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    concept_work: defaultdict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def person(self, row: Row) -> str:
        employee_id: str = row["employee_id"]
        self.people.setdefault(
            employee_id, {"name": row["name"], "external_id": row["external_id"]}
        )
        return employee_id

    def cite(self, employee_id: str, weight: float, item: CitedWork) -> None:
        self.evidence[employee_id].append((weight, item))


def topics_of(
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


def add_documents(store: GraphStore, found: TopicalEvidence, text: str, before: str | None) -> None:
    """Documents matching the text, credited to the people behind them (Model 2)."""
    documents = matching_documents(store, text, before)
    relevance = {d.id: d.relevance for d in documents}
    for credit in document_credits(store, documents, before):
        row = {"employee_id": credit.employee_id, "name": credit.name}
        employee_id = found.person({**row, "external_id": credit.external_id})
        weight = relevance[credit.document_id] ** RELEVANCE_SHARPNESS * credit.association
        found.raw[employee_id]["documents"] += weight
        own = credit.interaction_id != credit.document_id
        about = f"\u201c{credit.document_subject}\u201d" if credit.document_subject else "it"
        reason = (
            f"answered a matching {credit.kind or 'question'}: {about}"
            if own
            else f"wrote a matching {credit.kind or 'document'}"
        )
        found.cite(
            employee_id,
            weight,
            CitedWork(
                interaction_id=credit.interaction_id,
                text=credit.own_text,
                reason=f"{reason} (relevance {relevance[credit.document_id]:.2f})",
            ),
        )


def add_concepts_and_statements(
    store: GraphStore,
    found: TopicalEvidence,
    topics: dict[str, float],
    text: str,
    before: str | None,
) -> None:
    """Shares of the topics' answers and tickets, and stated expertise on the topics."""
    if not topics:
        return
    rows = store.read(queries.EXPERTISE_FOR_CONCEPTS, {"concept_ids": list(topics)})
    work: list[Row] = []
    if before is None:
        work = [row for row in rows if row["derived"]]
    else:
        work = _work_before(store, topics, before)
    _add_concept_shares(found, topics, work)
    for row in rows:
        if row["derived"] or (before is not None and (row["valid_from"] or "") >= before):
            continue
        employee_id = found.person(row)
        status_weight = 1.0 if row["status"] == "approved" else PROPOSED_STATEMENT_WEIGHT
        stated = topics[row["concept_id"]] * status_weight * float(row["confidence"] or 1.0)
        found.raw[employee_id]["stated"] = max(found.raw[employee_id]["stated"], stated)
        for span in evidence_spans(row["evidence"], row["interaction_ids"])[:1]:
            found.cite(
                employee_id,
                1.0 + stated,
                CitedWork(
                    interaction_id=span.interaction_id or "",
                    text=span.text or "",
                    reason=f"stated expertise on {row['concept_name']} ({row['status']})",
                    whole=True,
                    source="statement" if not span.interaction_id else "interaction",
                ),
            )
    _note_concept_work(found, work)


def _work_before(store: GraphStore, topics: dict[str, float], before: str) -> list[Row]:
    """Per (employee, concept): the answers and tickets older than `before`."""
    counted: dict[tuple[str, str], Row] = {}
    for row in store.read(
        queries.CONCEPT_WORK_BEFORE, {"concept_ids": list(topics), "before": before}
    ):
        key = (row["employee_id"], row["concept_id"])
        entry = counted.setdefault(key, {**row, "interaction_ids": [], "score": None})
        entry["interaction_ids"].append(row["interaction_id"])
    for entry in counted.values():
        entry["interaction_count"] = len(entry["interaction_ids"])
    return list(counted.values())


def _add_concept_shares(found: TopicalEvidence, topics: dict[str, float], work: list[Row]) -> None:
    totals: dict[str, float] = defaultdict(float)
    for row in work:
        totals[row["concept_id"]] += float(row["interaction_count"] or 0)
    for row in work:
        employee_id = found.person(row)
        count = float(row["interaction_count"] or 0)
        share = topics[row["concept_id"]] * count / (totals[row["concept_id"]] or 1.0)
        found.raw[employee_id]["concepts"] += share
        if row["score"] is not None:
            found.concept_scores[employee_id][row["concept_id"]] = round(float(row["score"]), 4)


def _note_concept_work(found: TopicalEvidence, work: list[Row]) -> None:
    """Remember one piece of each person's work per concept, most worked on first."""
    for row in sorted(work, key=lambda r: -float(r["interaction_count"] or 0)):
        for interaction_id in (row["interaction_ids"] or [])[:1]:
            found.concept_work[row["employee_id"]].append((interaction_id, row["concept_name"]))


def cite_concept_work(store: GraphStore, found: TopicalEvidence, employee_ids: list[str]) -> None:
    """Snippets of their work on the concepts, for these people if short of other evidence."""
    wanted = {
        employee_id: found.concept_work[employee_id][:1]
        for employee_id in employee_ids
        if not found.evidence.get(employee_id) and found.concept_work.get(employee_id)
    }
    ids = sorted({i for items in wanted.values() for i, _ in items})
    if not ids:
        return
    texts = {row["id"]: row for row in store.read(queries.INTERACTION_TEXTS, {"ids": ids})}
    for employee_id, items in wanted.items():
        for interaction_id, concept_name in items:
            said = texts.get(interaction_id)
            if said is not None:
                found.cite(
                    employee_id,
                    0.0,
                    CitedWork(
                        interaction_id=interaction_id,
                        text=said["text"] or said["subject"] or "",
                        reason=f"answered on {concept_name}",
                    ),
                )


def add_articles(
    store: GraphStore,
    found: TopicalEvidence,
    topics: dict[str, float],
    text: str,
    before: str | None,
) -> None:
    """Articles they wrote: on a topic concept, or covering the question's words."""
    value: dict[tuple[str, str], float] = defaultdict(float)
    if topics:
        params = {"concept_ids": list(topics), "before": before}
        for row in store.read(queries.AUTHORED_ARTICLES_FOR_CONCEPTS, params):
            key = (found.person(row), row["article_id"])
            value[key] = max(value[key], topics[row["concept_id"]])
    terms = search_terms(text)
    hits = (
        store.read(kb_queries.KB_TEXT_SEARCH, {"q": terms, "k": ARTICLES_RETRIEVED})
        if terms
        else []
    )
    article_ids = sorted({row["id"] for row in hits} | {a for _, a in value})
    if not article_ids:
        return
    rarity = word_rarity(store)
    question = content_stems(text)
    rows = store.read(queries.ARTICLE_AUTHORS, {"ids": article_ids, "before": before})
    for row in rows:
        covered = rarity.coverage(question, set(content_stems(f"{row['title']} {row['body']}")))
        key = (found.person(row), row["article_id"])
        value[key] = max(value[key], covered)
        if not value[key]:
            continue
        found.raw[key[0]]["articles"] = max(found.raw[key[0]]["articles"], value[key])
        found.cite(
            key[0],
            1.0 + value[key],
            CitedWork(
                interaction_id=row["article_id"],
                text=row["body"] or "",
                prefix=row["title"] or "",
                reason=f"wrote the article {row['article_id']} (match {value[key]:.2f})",
                source="article",
            ),
        )
