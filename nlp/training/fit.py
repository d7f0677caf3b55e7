"""Fitting the relation model: logistic regression per label, thresholds from held-out worlds.

For each candidate kind and label, a logistic regression (liblinear, L2, fixed seed) is
trained on the examples where the label is known (not only supported by an optional fact).
Each label's decision threshold is chosen on out-of-fold probabilities, each fold holding
out whole training worlds, so the threshold reflects text the model did not see; it
maximises F-beta with beta 0.6, preferring precision (over 4 folds of all worlds: precision
0.74 -> 0.76 and a sixth fewer trap errors than beta 0.7, for one point of F1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from nlp.relations.candidates import LABELS
from nlp.relations.model import KindModel, feature_matrix
from nlp.training.examples import Example

SEED = 13
NEVER = 1.01  # a threshold no probability reaches


def vocabulary_of(examples: Sequence[Example], min_count: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for example in examples:
        counts.update(example.features)
    names = sorted(name for name, count in counts.items() if count >= min_count)
    return {name: n for n, name in enumerate(names)}


def fit_weights(
    examples: Sequence[Example],
    labels: Sequence[str],
    c: float,
    min_count: int,
    trap_weight: float = 1.0,
) -> KindModel:
    vocabulary = vocabulary_of(examples, min_count)
    matrix = feature_matrix([e.features for e in examples], vocabulary)
    weights = np.zeros((len(vocabulary), len(labels)), dtype=np.float32)
    bias = np.full(len(labels), -30.0, dtype=np.float32)
    for column, label in enumerate(labels):
        keep = np.array([label not in e.ignored for e in examples])
        target = np.array([label in e.positive for e in examples])[keep]
        if target.sum() < 2 or target.sum() == len(target):
            continue
        classifier = LogisticRegression(
            C=c, solver="liblinear", random_state=SEED, max_iter=500, class_weight=None
        )
        weight = np.array(
            [trap_weight if e.trap and label not in e.positive else 1.0 for e in examples]
        )[keep]
        classifier.fit(matrix[keep], target, sample_weight=weight)
        weights[:, column] = classifier.coef_[0]
        bias[column] = classifier.intercept_[0]
    return KindModel(
        labels=tuple(labels),
        vocabulary=vocabulary,
        weights=weights,
        bias=bias,
        thresholds=np.full(len(labels), 0.5, dtype=np.float32),
    )


def best_threshold(probabilities: np.ndarray, truth: np.ndarray, beta: float) -> float:
    """The threshold maximising F-beta over these out-of-fold probabilities."""
    if truth.sum() == 0:
        return NEVER
    order = np.argsort(-probabilities)
    sorted_truth = truth[order]
    tp = np.cumsum(sorted_truth)
    fp = np.cumsum(~sorted_truth)
    fn = truth.sum() - tp
    b2 = beta * beta
    f = (1 + b2) * tp / np.maximum((1 + b2) * tp + b2 * fn + fp, 1)
    best = int(np.argmax(f))
    if f[best] <= 0:
        return NEVER
    cut = probabilities[order][best]
    following = probabilities[order][best + 1] if best + 1 < len(order) else 0.0
    return float(max((cut + following) / 2, 0.05))


def _world_folds(worlds: Sequence[str], folds: int) -> list[set[str]]:
    """`worlds` dealt into `folds` groups, in sorted order (deterministic)."""
    count = min(folds, len(worlds))
    return [set(worlds[n::count]) for n in range(count)]


def fit_kind(
    kind: str,
    examples: Sequence[Example],
    c: float = 0.5,
    min_count: int = 2,
    beta: float = 0.6,
    trap_weight: float = 1.0,
    folds: int = 3,
) -> tuple[KindModel, np.ndarray]:
    """Weights on every example; thresholds from folds that each hold out whole worlds.

    Also returns the out-of-fold probabilities (examples x labels), what a model that never
    saw an example's world says of it.
    """
    labels = LABELS[kind]
    model = fit_weights(examples, labels, c, min_count, trap_weight)
    worlds = sorted({e.world for e in examples})
    out_of_fold = np.zeros((len(examples), len(labels)), dtype=np.float32)
    if len(worlds) < 2:
        return model, model.probabilities([e.features for e in examples])
    for fold_worlds in _world_folds(worlds, folds):
        inside = [n for n, e in enumerate(examples) if e.world not in fold_worlds]
        outside = [n for n, e in enumerate(examples) if e.world in fold_worlds]
        fold = fit_weights([examples[n] for n in inside], labels, c, min_count, trap_weight)
        out_of_fold[outside] = fold.probabilities([examples[n].features for n in outside])
    thresholds = []
    for column, label in enumerate(labels):
        keep = np.array([label not in e.ignored for e in examples])
        truth = np.array([label in e.positive for e in examples])[keep]
        thresholds.append(best_threshold(out_of_fold[keep, column], truth, beta))
    model.thresholds = np.asarray(thresholds, dtype=np.float32)
    return model, out_of_fold
