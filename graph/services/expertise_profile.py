"""Per-employee, per-concept expertise from the evidence (pure scoring).

One `ConceptEvidence` gathers what an employee did on a concept; `expertise_score`
turns it into a score in [0, 1] that is the weighted sum of its components.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from graph.services.scores import Component, weighted_sum
from graph.services.strength import decay

EXPERTISE_HALF_LIFE_DAYS = 365.0
# The prior's memory, counted in answers and tickets (by anyone) since, not in days: what
# matters is who took part in the latest work, whatever the pace of the organisation.
ACTIVITY_HALF_LIFE_INTERACTIONS = 20.0
ACTIVITY_HALF_LIFE_SHARE = 0.02
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
    """How much an employee answered and handled lately: the expert finder's prior.

    `activity` weighs each answer or ticket by how much work everyone has done since
    (half-life `ACTIVITY_HALF_LIFE_INTERACTIONS` answers and tickets, or
    `ACTIVITY_HALF_LIFE_SHARE` of all of them when that is more, so a busy company's
    memory is not minutes long: people come and go, and who answered lately is who
    answers next) and an accepted answer double.
    """

    done: list[tuple[datetime | None, bool]] = field(default_factory=list)

    def saw(self, kind: str, accepted: bool, occurred_at: datetime | None) -> None:
        self.done.append((occurred_at, kind == "answer" and accepted))

    def row(self, employee_id: str, timeline: list[datetime]) -> dict[str, object]:
        """The prior, `timeline` being when every answer and ticket (anyone's) was, sorted.

        `activity_count` is the length of the timeline it was computed on, so a prior
        computed earlier can be brought up to date (`activity_now`).
        """
        activity = 0.0
        half_life = activity_half_life(len(timeline))
        for at, accepted in self.done:
            if at is None:
                weight = 0.5
            else:
                since = len(timeline) - bisect.bisect_right(timeline, at)
                weight = decay(since, half_life)
            activity += weight * (1 + (ACTIVITY_ACCEPTED_BONUS if accepted else 0.0))
        return {
            "id": employee_id,
            "activity": round(activity, 4),
            "answers": len(self.done),
            "accepted": sum(1 for _, accepted in self.done if accepted),
            "activity_count": len(timeline),
        }


def activity_half_life(work_count: int) -> float:
    """The prior's half-life in answers and tickets, for a timeline of `work_count` of them."""
    return max(ACTIVITY_HALF_LIFE_INTERACTIONS, ACTIVITY_HALF_LIFE_SHARE * work_count)


def activity_now(activity: float, computed_at_count: int, latest_count: int) -> float:
    """A prior computed when there were `computed_at_count` answers and tickets, decayed by
    the work done since, so priors computed at different times compare.

    >>> activity_now(4.0, 100, 120)
    2.0
    """
    since = max(0, latest_count - computed_at_count)
    return activity * decay(since, activity_half_life(latest_count))


def activity_timeline(activities: Iterable[EmployeeActivity]) -> list[datetime]:
    """When each answer and ticket of these employees was, oldest first."""
    return sorted(at for activity in activities for at, _ in activity.done if at is not None)


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
