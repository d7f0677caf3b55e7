"""How positive or negative a word sounds, from the embedding space and two short seed lists.

A linear model that saw "crashed" in complaints learns "crashed"; it does not learn that
"failing", "outage" and "stuck" say the same. Each word's polarity is its similarity to
general words of satisfaction and of trouble (the mean of its three nearest seeds), in the
same WordLlama space as the clusters. The seeds are ordinary sentiment words, not phrasings
of any relation: the model still learns what a complaint or praise is from the data.
"""

from __future__ import annotations

import numpy as np

from nlp.relations.embeddings import embedder

POSITIVE = [
    "great",
    "excellent",
    "love",
    "happy",
    "impressed",
    "thanks",
    "reliable",
    "smooth",
    "fast",
    "perfect",
    "helpful",
    "wonderful",
    "pleased",
    "saved",
    "easy",
]
NEGATIVE = [
    "broken",
    "crash",
    "fail",
    "slow",
    "bug",
    "error",
    "frustrated",
    "unhappy",
    "problem",
    "outage",
    "wrong",
    "missing",
    "annoying",
    "terrible",
    "disappointed",
]
NEAREST = 3


class Polarity:
    """Word -> (positive, negative) similarity; remembers what it has seen."""

    def __init__(self) -> None:
        model = embedder()
        self._positive = model.embed(POSITIVE)
        self._negative = model.embed(NEGATIVE)
        self._known: dict[str, tuple[float, float]] = {}

    def scores(self, words: list[str]) -> list[tuple[float, float]]:
        unknown = sorted({w for w in words if w not in self._known})
        if unknown:
            vectors = embedder().embed(unknown)
            positive = np.sort(vectors @ self._positive.T, axis=1)[:, -NEAREST:].mean(axis=1)
            negative = np.sort(vectors @ self._negative.T, axis=1)[:, -NEAREST:].mean(axis=1)
            for word, p, n in zip(unknown, positive, negative, strict=True):
                self._known[word] = (float(p), float(n))
        return [self._known[w] for w in words]


_POLARITY: Polarity | None = None


def polarity() -> Polarity:
    global _POLARITY
    if _POLARITY is None:
        _POLARITY = Polarity()
    return _POLARITY
