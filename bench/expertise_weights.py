"""Fit the expert finder's log-linear exponents on the period before the test questions.

For every question asked before the cut of `bench/expertise.py` (the last `--test-share`
of the questions, never seen here), the candidates are those `experts_for` would rank as
of its creation, with their component values and prior factor (`candidate_values`); the
people who answered it are the choice. A conditional logit, P(answerer) proportional to
exp(a log(prior) + sum of b_k value_k), is fitted by maximum likelihood over all the
sites together; `experts.OBSERVED_EXPONENTS` are the b_k / a it prints, rounded.

    .venv/bin/python bench/expertise_weights.py ../shared/data/stackexchange/beer/Posts.xml \
        ../shared/data/stackexchange/coffee/Posts.xml
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stackexchange_graph import load_posts, read_posts  # noqa: E402
from graph.ids import concept_id  # noqa: E402
from graph.services.experts import (  # noqa: E402
    OBSERVED_EXPONENTS,
    candidate_values,
    gather_candidates,
)
from graph.stores import open_store  # noqa: E402

L2 = 0.1
Choice = tuple[np.ndarray, np.ndarray]


def choices_before_cut(posts_path: Path, test_share: float) -> list[Choice]:
    """Per question before the cut: candidate features [log prior, observed values...]
    and which candidates answered it."""
    posts = read_posts(posts_path)
    questions = [p for p in posts if p.kind == "question"]
    answered_by: dict[str, set[str]] = defaultdict(set)
    for post in posts:
        if post.kind == "answer" and post.owner and post.parent:
            answered_by[post.parent].add(post.owner)
    cut = questions[int(len(questions) * (1 - test_share))].created
    choices = []
    with tempfile.TemporaryDirectory() as directory:
        store = open_store(f"grafeo://{directory}")
        store.create_schema()
        load_posts(store, posts)
        for question in (q for q in questions if q.created < cut):
            _, found, activity = gather_candidates(
                store,
                f"{question.title}\n{question.body}",
                as_of=question.created,
                concepts=[concept_id(tag) for tag in question.tags],
            )
            candidates = {
                e: v for e, v in candidate_values(found, activity).items() if e != question.owner
            }
            chosen = [e in answered_by.get(question.id, ()) for e in candidates]
            if len(candidates) > 1 and any(chosen):
                features = [
                    [math.log(factor), *(values[n] for n in OBSERVED_EXPONENTS)]
                    for values, factor in candidates.values()
                ]
                choices.append((np.array(features), np.array(chosen, dtype=float)))
        store.close()
    print(f"{posts_path}: {len(choices)} questions before {cut:%Y-%m-%d} to fit on")
    return choices


def negative_log_likelihood(weights: np.ndarray, choices: list[Choice]) -> tuple[float, np.ndarray]:
    """The conditional logit's loss (each question's answerers share its choice) and gradient."""
    loss, gradient = L2 * weights @ weights, 2 * L2 * weights
    for features, chosen in choices:
        logits = features @ weights
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        target = chosen / chosen.sum()
        loss -= float(target @ np.log(probabilities + 1e-300))
        gradient = gradient - features.T @ (target - probabilities)
    return loss, gradient


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("posts", nargs="+", type=Path)
    parser.add_argument("--test-share", type=float, default=0.25, help="of the time range")
    args = parser.parse_args()
    choices = [c for path in args.posts for c in choices_before_cut(path, args.test_share)]
    start = np.zeros(1 + len(OBSERVED_EXPONENTS))
    start[0] = 1.0
    fitted = minimize(
        negative_log_likelihood, start, args=(choices,), jac=True, method="L-BFGS-B"
    ).x
    prior, *observed = fitted
    names = list(OBSERVED_EXPONENTS)
    exponents = {n: round(float(b / prior), 2) for n, b in zip(names, observed, strict=True)}
    print(f"prior weight {prior:.3f}; exponents relative to the prior: {exponents}")
    print(f"in use: {OBSERVED_EXPONENTS}")


if __name__ == "__main__":
    main()
