"""Training examples: every candidate of an annotated case with the labels its gold gives.

A candidate is positive for a relation when a gold fact of that relation has the same
ends (the thing, the person, the pair) and its evidence overlaps the candidate's sentence;
for commitments and preferences (free-text objects) the sentence that overlaps the
evidence most is the positive one. Labels that only an optional fact supports are left out
of training for that candidate (neither positive nor negative).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from nlp.annotated import Case, GoldFact, World
from nlp.pipeline import Extractor
from nlp.relations.candidates import LABELS, Candidate, candidates
from nlp.relations.clusters import WordClusters
from nlp.relations.features import add_embeddings, candidate_features

USE_EMBEDDINGS = {"0": "", "1": "all", "2": "clause"}[os.environ.get("TACIT_EMB", "2")]

RELATIONS_OF_KIND = {
    kind: {label.split(":")[0] for label in labels} for kind, labels in LABELS.items()
}


@dataclass
class Example:
    world: str
    case: str
    kind: str
    features: dict[str, float]
    positive: set[str] = field(default_factory=set)
    ignored: set[str] = field(default_factory=set)
    trap: bool = False
    sentence: int = -1  # the candidate's sentence (character offset), within its case


@dataclass
class ParsedCase:
    case: Case
    doc: Doc
    candidates: list[Candidate]


def evidence_span(case: Case, fact: GoldFact) -> tuple[int, int] | None:
    """Where a fact's evidence sits in the case text (the quoted copy when it is quoted)."""
    if not fact.evidence:
        return None
    starts = []
    position = case.text.find(fact.evidence)
    while position >= 0:
        starts.append(position)
        position = case.text.find(fact.evidence, position + 1)
    if not starts:
        return None
    start = starts[-1] if fact.quoted else starts[0]
    return start, start + len(fact.evidence)


def parse_world(
    world: World, extractor: Extractor, relations: str = "tacit_relations"
) -> Iterator[ParsedCase]:
    """Run the pipeline up to (not including) the relation component over every case."""
    extractor.gazetteer.set_entries(world.gazetteer())
    nlp: Language = extractor.nlp
    items = ((case.text, world.context(case)) for case in world.cases)
    docs = (extractor._prepared(text, context) for text, context in items)
    with nlp.select_pipes(disable=[relations]):
        for case, doc in zip(world.cases, nlp.pipe(docs, batch_size=16), strict=True):
            found = candidates(doc, doc._.tacit_mentions or [], doc._.tacit_segments or [])
            yield ParsedCase(case, doc, found)


def examples_of(
    world: World, parsed: ParsedCase, clusters: WordClusters | None = None
) -> list[Example]:
    case, doc = parsed.case, parsed.doc
    context: dict[str, Any] = doc._.tacit_context or {}
    mentions = doc._.tacit_mentions or []
    gold = [(f, evidence_span(case, f), False) for f in case.facts]
    gold += [(f, evidence_span(case, f), True) for f in case.optional_facts]
    best_clause = _best_clause_sentences(parsed, gold)
    traps = [span for span in (_span_of(case.text, t) for t in case.traps) if span is not None]
    rows = [candidate_features(c, mentions, context, clusters) for c in parsed.candidates]
    if USE_EMBEDDINGS:
        chosen = [
            n
            for n, c in enumerate(parsed.candidates)
            if USE_EMBEDDINGS == "all" or c.kind == USE_EMBEDDINGS
        ]
        add_embeddings([parsed.candidates[n] for n in chosen], [rows[n] for n in chosen], mentions)
    out = []
    for candidate, row in zip(parsed.candidates, rows, strict=True):
        example = Example(
            world=world.name,
            case=case.id,
            kind=candidate.kind,
            features=row,
            sentence=candidate.sent.start_char,
        )
        start, end = candidate.sent.start_char, candidate.sent.end_char
        example.trap = any(a < end and start < b for a, b in traps)
        for fact, span, optional in gold:
            if span is None or not (span[0] < end and start < span[1]):
                continue
            if candidate.kind == "clause" and f"SENTENCE:{fact.relation}" in LABELS["clause"]:
                if best_clause.get(id(fact)) == candidate.sent.start_char:
                    label = f"SENTENCE:{fact.relation}"
                    (example.ignored if optional else example.positive).add(label)
                continue
            if fact.relation not in RELATIONS_OF_KIND[candidate.kind]:
                continue
            found = _label_for(world, candidate, fact, best_clause)
            if found is None:
                continue
            label = found
            (example.ignored if optional else example.positive).add(label)
        example.ignored -= example.positive
        out.append(example)
    return out


def _span_of(text: str, sentence: str) -> tuple[int, int] | None:
    position = text.find(sentence)
    return None if position < 0 else (position, position + len(sentence))


def _label_for(
    world: World, candidate: Candidate, fact: GoldFact, best_clause: dict[int, int]
) -> str | None:
    def name(mention: dict[str, Any] | None) -> str | None:
        if mention is None:
            return None
        return world.name_of(mention.get("id")) or mention.get("name")

    if candidate.kind == "thing":
        return fact.relation if name(candidate.target) == fact.object else None
    if candidate.kind == "person":
        if fact.relation == "HAS_ROLE" and name(candidate.target) == fact.subject:
            return f"HAS_ROLE:{fact.object}"
        if fact.relation == "PRAISED" and name(candidate.target) == fact.object:
            return "PRAISED"
        return None
    if candidate.kind == "pair":
        same = name(candidate.source) == fact.subject and name(candidate.target) == fact.object
        return fact.relation if same else None
    # clause: the sentence that overlaps this fact's evidence most
    return fact.relation if best_clause.get(id(fact)) == candidate.sent.start_char else None


def _best_clause_sentences(
    parsed: ParsedCase, gold: list[tuple[GoldFact, tuple[int, int] | None, bool]]
) -> dict[int, int]:
    best: dict[int, int] = {}
    sentences = [c.sent for c in parsed.candidates if c.kind == "clause"]
    for fact, span, _ in gold:
        if span is None:
            continue
        overlaps = [
            (min(span[1], s.end_char) - max(span[0], s.start_char), s.start_char)
            for s in sentences
            if s.start_char < span[1] and span[0] < s.end_char
        ]
        if overlaps:
            best[id(fact)] = max(overlaps)[1]
    return best
