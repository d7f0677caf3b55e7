"""Explainable scores: a total that is the weighted sum of named components."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict


class Component(BaseModel):
    """One part of a score: its value in [0, 1], its weight, and what it adds."""

    model_config = ConfigDict(frozen=True)

    value: float
    weight: float
    contribution: float


def weighted_sum(
    values: Mapping[str, float], weights: Mapping[str, float]
) -> tuple[float, dict[str, Component]]:
    """The total and the components of `sum(weight * value)`, rounded consistently.

    >>> total, parts = weighted_sum({"a": 0.5, "b": 1.0}, {"a": 0.4, "b": 0.6})
    >>> total, parts["a"].contribution
    (0.8, 0.2)
    """
    components = {
        name: Component(
            value=round(values[name], 4),
            weight=weight,
            contribution=round(weight * values[name], 6),
        )
        for name, weight in weights.items()
    }
    total = round(sum(c.contribution for c in components.values()), 6)
    return total, components
