"""`experts_for`: employees ranked by their topical evidence on a text or concept.

An expert needs topical evidence: documents they wrote or answered that match the
question, their share of the work on its concepts, explicit statements of their expertise,
or articles they wrote on it (`expertise_topics`). Nobody is returned without it.

The score is the sum of two parts, so it decomposes into named components:
- what people said and wrote down, explicit statements and authored articles, counts
  as it is (`stated`, `articles`, absolute values in [0, 1]);
- what we observed them do, documents and concept work (Balog et al. 2006, Model 2, and
  the derived EXPERT_IN shares), each log-scaled against the best candidate, is multiplied
  by the prior: their activity on answers and tickets lately (`expertise_prior`), scaled
  to [PRIOR_FLOOR, 1]. The prior orders people who know the topic; it never makes someone
  an expert, and someone with no recent activity keeps PRIOR_FLOOR of their evidence.

`as_of` ranks with only what happened before that instant: documents, concept work,
statements, articles and the prior (for audits, and for honest evaluation over time).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime

from pydantic import BaseModel

from graph.services.expertise_evidence import ExpertEvidence
from graph.services.expertise_prior import candidate_activity
from graph.services.expertise_topics import (
    EVIDENCE_PER_EXPERT,
    TopicalEvidence,
    add_articles,
    add_concepts_and_statements,
    add_documents,
    cite_concept_work,
    topics_of,
)
from graph.services.scores import Component
from graph.stores.base import GraphStore

__all__ = ["Expert", "ExpertEvidence", "ExpertPrior", "experts_for", "log_scaled"]

# Stated and written expertise count as they are; observed work is multiplied by the prior.
STATED_WEIGHTS: dict[str, float] = {"stated": 0.60, "articles": 0.15}
OBSERVED_WEIGHTS: dict[str, float] = {"documents": 0.15, "concepts": 0.10}
EXPERT_WEIGHTS: dict[str, float] = {**OBSERVED_WEIGHTS, **STATED_WEIGHTS}
# Smoothing of each observed component's logarithm: log(1 + r / s) / log(1 + 1 / s).
SMOOTHING: dict[str, float] = {"documents": 0.05, "concepts": 0.05}
PRIOR_SMOOTHING = 10.0
PRIOR_FLOOR = 0.02


class ExpertPrior(BaseModel):
    """The prior: activity (answers and tickets, decayed by the work since), scaled against
    the most active candidate, and the factor it multiplies the observed evidence by."""

    activity: float
    value: float
    factor: float


class Expert(BaseModel):
    id: str
    name: str | None
    external_id: str | None
    score: float
    components: dict[str, Component]
    prior: ExpertPrior
    concepts: dict[str, float]
    evidence: list[ExpertEvidence]


def experts_for(
    store: GraphStore,
    text_or_concept: str,
    limit: int = 10,
    as_of: datetime | str | None = None,
    concepts: Iterable[str] = (),
) -> list[Expert]:
    """Employees with topical evidence on a text or a concept id (`concept:...`), best first.

    `concepts` are topics given with the question (concept ids, names or synonyms, as a
    question's tags); `as_of` (an aware datetime, or ISO-8601) ranks with only the
    interactions, statements and articles before that instant.
    """
    before = _instant(as_of)
    text, topics = topics_of(store, text_or_concept, concepts)
    found = TopicalEvidence()
    add_documents(store, found, text, before)
    add_concepts_and_statements(store, found, topics, text, before)
    add_articles(store, found, topics, text, before)
    activity = candidate_activity(store, list(found.raw), before)
    ranked = _rank(found, activity, limit)
    cite_concept_work(store, found, [employee_id for _, employee_id, _, _ in ranked])
    best_activity = max(activity.values(), default=0.0)
    experts = []
    for _, employee_id, values, factor in ranked:
        components = _components(values, factor)
        score = round(sum(c.contribution for c in components.values()), 6)
        prior = prior_of(activity.get(employee_id, 0.0), best_activity)
        experts.append(_expert(found, employee_id, score, components, prior, text))
    return experts


def _instant(as_of: datetime | str | None) -> str | None:
    """`as_of` as an ISO-8601 string in UTC, the form stored timestamps compare with."""
    if as_of is None:
        return None
    moment = as_of if isinstance(as_of, datetime) else datetime.fromisoformat(as_of)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def log_scaled(value: float, best: float, smoothing: float) -> float:
    """A value's logarithm, smoothed, scaled so 0 maps to 0 and the best to 1.

    log(1 + r/s) / log(1 + 1/s) with r = value / best.

    >>> log_scaled(0.0, 4.0, 0.1), log_scaled(4.0, 4.0, 0.1)
    (0.0, 1.0)
    """
    if best <= 0:
        return 0.0
    ratio = min(1.0, max(0.0, value / best))
    return math.log1p(ratio / smoothing) / math.log1p(1 / smoothing)


def prior_factor(activity: float, best: float) -> float:
    """The prior factor in [PRIOR_FLOOR, 1] for an activity, against the most active.

    >>> prior_factor(0.0, 3.0), prior_factor(3.0, 3.0)
    (0.02, 1.0)
    """
    return PRIOR_FLOOR + (1 - PRIOR_FLOOR) * log_scaled(activity, best, PRIOR_SMOOTHING)


def prior_of(activity: float, best: float) -> ExpertPrior:
    """The prior with its parts, as it explains a score."""
    value = log_scaled(activity, best, PRIOR_SMOOTHING)
    return ExpertPrior(
        activity=round(activity, 4),
        value=round(value, 4),
        factor=round(prior_factor(activity, best), 4),
    )


def _rank(
    found: TopicalEvidence, activity: dict[str, float], limit: int
) -> list[tuple[float, str, dict[str, float], float]]:
    """The best `limit` candidates: score, id, component values, prior factor (plain
    numbers: explanations are built for the few returned)."""
    best = {
        name: max((values.get(name, 0.0) for values in found.raw.values()), default=0.0)
        for name in OBSERVED_WEIGHTS
    }
    best_activity = max(activity.values(), default=0.0)
    scored = []
    for employee_id, raw in found.raw.items():
        factor = prior_factor(activity.get(employee_id, 0.0), best_activity)
        values = {
            name: log_scaled(raw.get(name, 0.0), best[name], SMOOTHING[name])
            for name in OBSERVED_WEIGHTS
        }
        values.update({name: min(1.0, raw.get(name, 0.0)) for name in STATED_WEIGHTS})
        score = factor * sum(w * values[n] for n, w in OBSERVED_WEIGHTS.items()) + sum(
            w * values[n] for n, w in STATED_WEIGHTS.items()
        )
        if score > 0:
            scored.append((score, employee_id, values, factor))
    scored.sort(key=lambda item: (-round(item[0], 6), item[1]))
    return scored[: max(0, limit)]


def _components(values: dict[str, float], factor: float) -> dict[str, Component]:
    return {
        name: Component(
            value=round(values[name], 4),
            weight=weight,
            contribution=round(
                weight * values[name] * (factor if name in OBSERVED_WEIGHTS else 1.0), 6
            ),
        )
        for name, weight in EXPERT_WEIGHTS.items()
    }


def _expert(
    found: TopicalEvidence,
    employee_id: str,
    score: float,
    components: dict[str, Component],
    prior: ExpertPrior,
    question: str,
) -> Expert:
    person = found.people.get(employee_id, {})
    strongest = sorted(found.evidence.get(employee_id, []), key=lambda item: -item[0])
    cited: dict[str, ExpertEvidence] = {}
    for _, work in strongest:
        if work.interaction_id not in cited and len(cited) < EVIDENCE_PER_EXPERT:
            item = work.evidence(question)
            if item.snippet:
                cited[item.interaction_id] = item
    return Expert(
        id=employee_id,
        name=person.get("name"),
        external_id=person.get("external_id"),
        score=score,
        components=components,
        prior=prior,
        concepts=found.concept_scores.get(employee_id, {}),
        evidence=list(cited.values())[:EVIDENCE_PER_EXPERT],
    )
