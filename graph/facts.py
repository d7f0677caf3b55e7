"""Writing extracted facts: evidence accumulates on one edge, contradictions close it."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from graph.ids import content_hash_id
from graph.model import FACT_RELATIONSHIPS, ReviewStatus
from graph.queries.facts import close_facts_query_name, merge_facts_query_name
from graph.writes import Statement


@dataclass(frozen=True)
class FactEvidence:
    """Where a fact was said: the interaction, the sentence and its offsets."""

    interaction_id: str
    text: str
    start: int
    end: int

    def as_json(self) -> str:
        return json.dumps(
            {
                "interaction_id": self.interaction_id,
                "text": self.text,
                "start": self.start,
                "end": self.end,
            },
            ensure_ascii=False,
        )


@dataclass(frozen=True)
class FactStatement:
    """One extracted fact, with both ends resolved to graph nodes."""

    relation: str
    subject_id: str
    subject_label: str
    object_id: str
    object_label: str
    evidence: FactEvidence
    said_at: str
    confidence: float
    extractor: str
    extractor_version: str
    due: str | None = None
    negated: bool = False

    def allowed(self) -> bool:
        subjects, objects = FACT_RELATIONSHIPS.get(self.relation, ((), ()))
        return self.subject_label in subjects and self.object_label in objects


def fact_id(subject_id: str, relation: str, object_id: str) -> str:
    return "fact:" + content_hash_id(subject_id, relation, object_id).removeprefix("sha256:")


def fact_statements(facts: list[FactStatement], now: str) -> list[Statement]:
    """Merges for asserted facts, then closures for negated ones, grouped by query."""
    merges: dict[str, list[dict[str, Any]]] = defaultdict(list)
    closes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fact in facts:
        if not fact.allowed():
            raise ValueError(
                f"{fact.relation} from {fact.subject_label} to {fact.object_label} "
                "is not in the model"
            )
        if fact.negated:
            name = close_facts_query_name(fact.relation, fact.subject_label, fact.object_label)
            closes[name].append(
                {
                    "subject": fact.subject_id,
                    "object": fact.object_id,
                    "said_at": fact.said_at,
                    "evidence": fact.evidence.as_json(),
                }
            )
            continue
        name = merge_facts_query_name(fact.relation, fact.subject_label, fact.object_label)
        merges[name].append(
            {
                "subject": fact.subject_id,
                "object": fact.object_id,
                "fact_id": fact_id(fact.subject_id, fact.relation, fact.object_id),
                "status": ReviewStatus.PROPOSED.value,
                "valid_from": fact.said_at,
                "evidence": fact.evidence.as_json(),
                "interaction_id": fact.evidence.interaction_id,
                "confidence": fact.confidence,
                "extractor": fact.extractor,
                "extractor_version": fact.extractor_version,
                "due": fact.due,
            }
        )
    return [(name, {"rows": rows, "now": now}) for name, rows in (*merges.items(), *closes.items())]
