"""Per-employee, per-concept expertise from the evidence (pure scoring).

One `ConceptEvidence` gathers what an employee did on a concept; `expertise_score`
turns it into a score in [0, 1] that is the weighted sum of its components.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from graph.services.scores import Component, weighted_sum
from graph.services.strength import decay

EXPERTISE_HALF_LIFE_DAYS = 365.0
ACTIVITY_HALF_LIFE_DAYS = 730.0
ACTIVITY_ACCEPTED_BONUS = 1.0
EXPERTISE_WEIGHTS: dict[str, float] = {
    "answers": 0.35,
    "accepted": 0.15,
    "votes": 0.05,
    "tickets_resolved": 0.15,
    "articles": 0.10,
    "stated": 0.10,
    "recency": 0.10,
}


@dataclass
class ConceptEvidence:
    """What one employee did on one concept."""

    answers: float = 0.0
    accepted: int = 0
    votes: int = 0
    tickets_resolved: int = 0
    articles: int = 0
    stated: float = 0.0
    last_at: datetime | None = None
    interaction_ids: list[tuple[str, str]] = field(default_factory=list)

    def saw(self, interaction_id: str, occurred_at: datetime | None) -> None:
        self.interaction_ids.append(
            (occurred_at.isoformat() if occurred_at else "", interaction_id)
        )
        if occurred_at and (self.last_at is None or occurred_at > self.last_at):
            self.last_at = occurred_at


@dataclass
class EmployeeActivity:
    """How much an employee answered and handled: the expert finder's prior.

    `activity` weighs each answer or ticket by its age (half-life two years) and an
    accepted answer double.
    """

    done: list[tuple[datetime | None, bool]] = field(default_factory=list)

    def saw(self, kind: str, accepted: bool, occurred_at: datetime | None) -> None:
        self.done.append((occurred_at, kind == "answer" and accepted))

    def row(self, employee_id: str, as_of: datetime) -> dict[str, object]:
        activity = 0.0
        for at, accepted in self.done:
            age = (as_of - at).total_seconds() / 86400 if at else None
            weight = decay(max(0.0, age), ACTIVITY_HALF_LIFE_DAYS) if age is not None else 0.5
            activity += weight * (1 + (ACTIVITY_ACCEPTED_BONUS if accepted else 0.0))
        return {
            "id": employee_id,
            "activity": round(activity, 4),
            "answers": len(self.done),
            "accepted": sum(1 for _, accepted in self.done if accepted),
        }


def saturating(count: float, scale: float) -> float:
    """1 - e^(-count/scale): 0 for nothing, near 1 for plenty."""
    return 1 - math.exp(-max(0.0, count) / scale)


def expertise_score(
    evidence: ConceptEvidence, as_of: datetime
) -> tuple[float, dict[str, Component]]:
    """An employee's expertise on one concept, with its components."""
    age = (as_of - evidence.last_at).total_seconds() / 86400 if evidence.last_at else None
    values = {
        "answers": saturating(evidence.answers, 5),
        "accepted": saturating(evidence.accepted, 2),
        "votes": saturating(evidence.votes, 20),
        "tickets_resolved": saturating(evidence.tickets_resolved, 5),
        "articles": saturating(evidence.articles, 2),
        "stated": evidence.stated,
        "recency": decay(age, EXPERTISE_HALF_LIFE_DAYS) if age is not None else 0.0,
    }
    return weighted_sum(values, EXPERTISE_WEIGHTS)
