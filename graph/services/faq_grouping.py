"""Grouping short customer questions by topic, without labels (pure, no storage).

Words (stop words dropped, crude stemming) and character n-grams, TF-IDF weighted,
reduced by truncated SVD (latent semantic analysis), unit-normalised and clustered with
k-means; k = round(sqrt(n / 2)) unless given.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import hstack
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ing", "ed", "es", "s")
SVD_DIMENSIONS = 150
SEED = 0


def stem(word: str) -> str:
    """Strip one common suffix: 'charges' -> 'charg', 'topped' -> 'topp'.

    >>> stem("cards"), stem("pending"), stem("is")
    ('card', 'pend', 'is')
    """
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def question_terms(text: str) -> list[str]:
    """Stemmed content words and their bigrams."""
    words = [stem(w) for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def default_group_count(size: int) -> int:
    """The rule of thumb k = sqrt(n / 2), at least 1.

    >>> default_group_count(10_000)
    71
    """
    return max(1, round(math.sqrt(size / 2)))


@dataclass(frozen=True)
class Grouping:
    labels: list[int]
    top_terms: dict[int, list[str]]


def group_questions(texts: Sequence[str], groups: int | None = None) -> Grouping:
    """A group number per text, and each group's most characteristic words."""
    if not texts:
        return Grouping([], {})
    k = min(len(texts), groups or default_group_count(len(texts)))
    if k < 2:
        return Grouping([0] * len(texts), {0: _top_terms(texts)})
    words = TfidfVectorizer(analyzer=question_terms, sublinear_tf=True, min_df=1)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    dimensions = min(SVD_DIMENSIONS, matrix.shape[1] - 1, len(texts) - 1)
    if dimensions >= 2:
        vectors = normalize(TruncatedSVD(dimensions, random_state=SEED).fit_transform(matrix))
    else:
        vectors = normalize(matrix).toarray()
    labels = KMeans(k, n_init=3, random_state=SEED).fit_predict(vectors)
    label_list = [int(label) for label in np.asarray(labels)]
    members: dict[int, list[str]] = {}
    for text, label in zip(texts, label_list, strict=True):
        members.setdefault(label, []).append(text)
    return Grouping(label_list, {label: _top_terms(m) for label, m in members.items()})


def _top_terms(texts: Sequence[str], count: int = 5) -> list[str]:
    counts = Counter(
        w
        for text in texts
        for w in set(_WORD.findall(text.lower()))
        if w not in ENGLISH_STOP_WORDS and len(w) > 2
    )
    return [w for w, _ in counts.most_common(count)]
