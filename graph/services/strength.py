"""Relationship strength between two people, from the metadata of what they shared.

Pure scoring, no storage: `relationship_strength` takes the shared interactions seen from
one person (the employee) and returns a score in [0, 1] with its components:

- recency: exponential decay of the time since the last interaction (half-life 90 days);
- frequency: saturating count of interactions, each weighted by its channel;
- reciprocity: two-way beats one-way; a contact who never answers scores 0;
- channel: the mean channel weight (meeting, call > 1:1 email > ticket reply > order
  handled > mass email); its `by_kind` lists each channel's interactions and weight;
- tenure: the length of the relationship, first to last interaction.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.services.scores import Component, weighted_sum

HALF_LIFE_DAYS = 90.0
FREQUENCY_SCALE = 5.0
TENURE_SCALE_DAYS = 365.0

STRENGTH_WEIGHTS: dict[str, float] = {
    "recency": 0.25,
    "frequency": 0.30,
    "reciprocity": 0.20,
    "channel": 0.15,
    "tenure": 0.10,
}

# How much one interaction of a kind says about a relationship, before recipients.
CHANNEL_WEIGHTS: dict[str, float] = {
    "meeting": 1.0,
    "call": 0.9,
    "email": 0.6,
    "ticket": 0.5,
    "question": 0.4,
    "answer": 0.4,
    "note": 0.3,
    "order": 0.2,
}
DEFAULT_CHANNEL_WEIGHT = 0.3

SENDER_ROLES = frozenset({"from", "author"})
RECEIVER_ROLES = frozenset({"to", "cc"})
TWO_WAY_KINDS = frozenset({"meeting", "call"})


@dataclass(frozen=True)
class SharedInteraction:
    """One interaction two people took part in, from the first person's side."""

    interaction_id: str
    kind: str
    occurred_at: datetime | None
    own_role: str | None
    other_role: str | None
    recipient_count: int | None = None


@dataclass(frozen=True)
class Direction:
    outbound: float
    inbound: float


def channel_weight(kind: str, recipient_count: int | None) -> float:
    """Weight of one interaction: its channel, divided down for many recipients.

    >>> channel_weight("meeting", None)
    1.0
    >>> round(channel_weight("email", 40), 3)
    0.095
    """
    base = CHANNEL_WEIGHTS.get(kind, DEFAULT_CHANNEL_WEIGHT)
    recipients = max(1, recipient_count or 1)
    return base / math.sqrt(recipients)


def direction(interaction: SharedInteraction) -> Direction:
    """How much of an interaction went from us to them (outbound) and back (inbound)."""
    if interaction.kind in TWO_WAY_KINDS:
        return Direction(1.0, 1.0)
    if interaction.own_role in SENDER_ROLES and interaction.other_role not in SENDER_ROLES:
        return Direction(1.0, 0.0)
    if interaction.other_role in SENDER_ROLES and interaction.own_role not in SENDER_ROLES:
        return Direction(0.0, 1.0)
    # Both attended, both handled, or both wrote in the same thread: shared both ways.
    return Direction(0.5, 0.5)


def reciprocity(interactions: Sequence[SharedInteraction]) -> float:
    """2 * min(out, in) / (out + in): 1 when balanced, 0 when it only goes one way.

    >>> one_way = SharedInteraction("m1", "email", None, "from", "to")
    >>> reply = SharedInteraction("m2", "email", None, "to", "from")
    >>> reciprocity([one_way, one_way]), reciprocity([one_way, reply])
    (0.0, 1.0)
    """
    outbound = sum(direction(i).outbound for i in interactions)
    inbound = sum(direction(i).inbound for i in interactions)
    if outbound + inbound == 0:
        return 0.0
    return 2 * min(outbound, inbound) / (outbound + inbound)


def decay(age_days: float, half_life_days: float = HALF_LIFE_DAYS) -> float:
    return math.exp(-math.log(2) * max(0.0, age_days) / half_life_days)


@dataclass(frozen=True)
class Strength:
    """A relationship strength and the components it is the weighted sum of."""

    strength: float
    components: dict[str, Component]
    interaction_count: int
    first_interaction_at: datetime | None
    last_interaction_at: datetime | None
    last_interaction_id: str | None
    channels: dict[str, dict[str, float]]

    def explained(self) -> dict[str, dict[str, Any]]:
        """The components as stored and shown: the channel component lists its channels.

        >>> s = relationship_strength(
        ...     [SharedInteraction("t1", "ticket", None, "to", "from")], datetime(2024, 1, 1))
        >>> s.explained()["channel"]["by_kind"]
        {'ticket': {'interactions': 1, 'weight': 0.5}}
        """
        shown: dict[str, dict[str, Any]] = {
            name: c.model_dump() for name, c in self.components.items()
        }
        shown["channel"]["by_kind"] = self.channels
        return shown


def channel_breakdown(interactions: Sequence[SharedInteraction]) -> dict[str, dict[str, float]]:
    """Per channel: how many interactions, and the weight one of them carries."""
    counts = Counter(i.kind or "other" for i in interactions)
    return {
        kind: {
            "interactions": count,
            "weight": CHANNEL_WEIGHTS.get(kind, DEFAULT_CHANNEL_WEIGHT),
        }
        for kind, count in sorted(counts.items())
    }


def relationship_strength(interactions: Sequence[SharedInteraction], as_of: datetime) -> Strength:
    """Score a relationship in [0, 1] from the interactions two people shared."""
    unique = list({i.interaction_id: i for i in interactions}.values())
    dated = sorted(
        (i for i in unique if i.occurred_at is not None),
        key=lambda i: i.occurred_at or as_of,
    )
    first = dated[0].occurred_at if dated else None
    last = dated[-1].occurred_at if dated else None
    weights = [channel_weight(i.kind, i.recipient_count) for i in unique]
    decayed_volume = sum(
        w * (decay(_days(as_of, i.occurred_at)) if i.occurred_at else 0.5)
        for w, i in zip(weights, unique, strict=True)
    )
    values = {
        "recency": decay(_days(as_of, last)) if last else 0.0,
        "frequency": 1 - math.exp(-decayed_volume / FREQUENCY_SCALE * 2),
        "reciprocity": reciprocity(unique),
        "channel": sum(weights) / len(weights) if weights else 0.0,
        "tenure": 1 - math.exp(-_days(last, first) / TENURE_SCALE_DAYS) if first and last else 0.0,
    }
    total, components = weighted_sum(values, STRENGTH_WEIGHTS)
    return Strength(
        strength=total,
        components=components,
        interaction_count=len(unique),
        first_interaction_at=first,
        last_interaction_at=last,
        last_interaction_id=dated[-1].interaction_id if dated else None,
        channels=channel_breakdown(unique),
    )


def _days(later: datetime, earlier: datetime | None) -> float:
    if earlier is None:
        return 0.0
    return max(0.0, (later - earlier).total_seconds() / 86400)
