"""`experts_for`: employees ranked by their topical evidence on a text or concept.

An expert needs topical evidence: documents they wrote or answered that match the
question, their share of the work on its concepts, explicit statements of their expertise,
or articles they wrote on it (`expertise_topics`). Nobody is returned without it.

The score is the sum of two parts, so it decomposes into named components:
- what people said and wrote down, explicit statements and authored articles, counts
  as it is (`stated`, `articles`, absolute values in [0, 1]);
- what we observed them do, documents and concept work (Balog et al. 2006, Model 2, and
  the derived EXPERT_IN shares), each log-scaled against the best candidate, combines
  log-linearly with the prior, as a conditional logit of who answers a question would:
  prior x exp(sum of exponent x (value - 1)) (`topical_relevance`). The prior is their
  activity on answers and tickets lately (`expertise_prior`), scaled to [PRIOR_FLOOR, 1];
  it orders people who know the topic, it never makes someone an expert (no observed work,
  no observed part), and someone with no recent activity keeps PRIOR_FLOOR of it. The
  exponents are maximum-likelihood weights of who answered, fitted on the questions before
  the benchmark's test period (`bench/expertise_weights.py`). Multiplying rather than adding
  the components keeps a gap on one of them worth the same whatever the others, and lets
  the prior and topical relevance trade off by ratios, as the fitted model does.

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

__all__ = [
    "Expert",
    "ExpertEvidence",
    "ExpertPrior",
    "candidate_values",
    "experts_for",
    "gather_candidates",
    "log_scaled",
    "topical_relevance",
]

# Stated and written expertise count as they are; observed work is multiplied by the prior.
STATED_WEIGHTS: dict[str, float] = {"stated": 0.60, "articles": 0.15}
OBSERVED_WEIGHT = 0.25
# How sharply each observed component separates candidates (log-linear exponents), fitted
# by `bench/expertise_weights.py` on beer and coffee before their test periods, rounded.
OBSERVED_EXPONENTS: dict[str, float] = {"documents": 0.9, "concepts": 0.35}
# The weight an observed component shows: its share of OBSERVED_WEIGHT.
OBSERVED_WEIGHTS: dict[str, float] = {
    name: round(OBSERVED_WEIGHT * exponent / sum(OBSERVED_EXPONENTS.values()), 4)
    for name, exponent in OBSERVED_EXPONENTS.items()
}
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
    text, found, activity = gather_candidates(store, text_or_concept, as_of, concepts)
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


def gather_candidates(
    store: GraphStore,
    text_or_concept: str,
    as_of: datetime | str | None = None,
    concepts: Iterable[str] = (),
) -> tuple[str, TopicalEvidence, dict[str, float]]:
    """The text searched for, everyone with topical evidence on it, and their activity."""
    before = _instant(as_of)
    text, topics = topics_of(store, text_or_concept, concepts)
    found = TopicalEvidence()
    add_documents(store, found, text, before)
    add_concepts_and_statements(store, found, topics, text, before)
    add_articles(store, found, topics, text, before)
    return text, found, candidate_activity(store, list(found.raw), before)


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


def topical_relevance(values: dict[str, float]) -> float:
    """The observed part's topical factor in [0, 1]: exp(sum of exponent x (value - 1)) over
    the observed components, 1 for the best on every one, 0 with no observed work at all.

    >>> topical_relevance({"documents": 1.0, "concepts": 1.0})
    1.0
    >>> topical_relevance({"documents": 0.0, "concepts": 0.0})
    0.0
    >>> topical_relevance({"documents": 1.0, "concepts": 0.0}) == math.exp(
    ...     -OBSERVED_EXPONENTS["concepts"])
    True
    """
    if not any(values.get(name, 0.0) > 0 for name in OBSERVED_EXPONENTS):
        return 0.0
    return math.exp(
        sum(exponent * (values.get(name, 0.0) - 1) for name, exponent in OBSERVED_EXPONENTS.items())
    )


def candidate_values(
    found: TopicalEvidence, activity: dict[str, float]
) -> dict[str, tuple[dict[str, float], float]]:
    """Per candidate: the component values in [0, 1] (observed ones log-scaled against the
    best candidate) and the prior factor."""
    best = {
        name: max((values.get(name, 0.0) for values in found.raw.values()), default=0.0)
        for name in OBSERVED_EXPONENTS
    }
    best_activity = max(activity.values(), default=0.0)
    candidates = {}
    for employee_id, raw in found.raw.items():
        values = {
            name: log_scaled(raw.get(name, 0.0), best[name], SMOOTHING[name])
            for name in OBSERVED_EXPONENTS
        }
        values.update({name: min(1.0, raw.get(name, 0.0)) for name in STATED_WEIGHTS})
        candidates[employee_id] = (
            values,
            prior_factor(activity.get(employee_id, 0.0), best_activity),
        )
    return candidates


def _rank(
    found: TopicalEvidence, activity: dict[str, float], limit: int
) -> list[tuple[float, str, dict[str, float], float]]:
    """The best `limit` candidates: score, id, component values, prior factor (plain
    numbers: explanations are built for the few returned)."""
    scored = []
    for employee_id, (values, factor) in candidate_values(found, activity).items():
        observed = OBSERVED_WEIGHT * factor * topical_relevance(values)
        score = observed + sum(w * values[n] for n, w in STATED_WEIGHTS.items())
        if score > 0:
            scored.append((score, employee_id, values, factor))
    scored.sort(key=lambda item: (-round(item[0], 6), item[1]))
    return scored[: max(0, limit)]


def _components(values: dict[str, float], factor: float) -> dict[str, Component]:
    """Stated parts contribute weight x value; the observed part is shared among its
    components in proportion to exponent x value, their terms in its logarithm."""
    observed = OBSERVED_WEIGHT * factor * topical_relevance(values)
    terms = {name: OBSERVED_EXPONENTS[name] * values[name] for name in OBSERVED_EXPONENTS}
    total_terms = sum(terms.values()) or 1.0
    return {
        name: Component(
            value=round(values[name], 4),
            weight=weight,
            contribution=round(
                observed * terms[name] / total_terms
                if name in OBSERVED_EXPONENTS
                else weight * values[name],
                6,
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
