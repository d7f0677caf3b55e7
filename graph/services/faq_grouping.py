"""Grouping short customer questions by topic, without labels (pure, no storage).

Words (stop words dropped, crude stemming) and character n-grams, TF-IDF weighted,
reduced by truncated SVD (latent semantic analysis), unit-normalised and clustered with
k-means; k = round(sqrt(n / 2)) unless given. Up to TIGHT_GROUPS_MAX questions with no k
given, average-link agglomeration finds tight groups instead, as many as there are.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import hstack
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ing", "ed", "es", "s")
SVD_DIMENSIONS = 150
# Up to this many questions (and no group count given), groups are found by average-link
# agglomeration: any number of tight groups, each question within the distance of its group.
TIGHT_GROUPS_MAX = 3000
TIGHT_GROUP_DISTANCE = 0.6
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
    """A group per text, each group's frequent words, and how well each text fits its
    group (cosine to the group's centre, 1.0 for a group of one)."""

    labels: list[int]
    top_terms: dict[int, list[str]]
    fit: list[float]


def group_questions(texts: Sequence[str], groups: int | None = None) -> Grouping:
    """A group number per text, and each group's most characteristic words."""
    if not texts:
        return Grouping([], {}, [])
    k: int | None = min(len(texts), groups or default_group_count(len(texts)))
    if len(texts) < 2:
        return Grouping([0] * len(texts), {0: _top_terms(texts)}, [1.0] * len(texts))
    if groups is None and len(texts) <= TIGHT_GROUPS_MAX:
        k = None  # few enough to find tight groups of any number
    elif k is not None and k < 2:
        return Grouping([0] * len(texts), {0: _top_terms(texts)}, [1.0] * len(texts))
    # One BLAS thread: on a shared machine more threads only wait for each other.
    with threadpool_limits(limits=1):
        return _grouped(texts, k)


def _grouped(texts: Sequence[str], k: int | None) -> Grouping:
    words = TfidfVectorizer(analyzer=question_terms, sublinear_tf=True, min_df=1)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    dimensions = min(SVD_DIMENSIONS, matrix.shape[1] - 1, len(texts) - 1)
    if dimensions >= 2:
        vectors = normalize(TruncatedSVD(dimensions, random_state=SEED).fit_transform(matrix))
    else:
        vectors = normalize(matrix).toarray()
    if k is None:
        tight = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=TIGHT_GROUP_DISTANCE,
        )
        label_list = [int(label) for label in tight.fit_predict(vectors)]
    else:
        model = KMeans(k, n_init=3, random_state=SEED).fit(vectors)
        label_list = [int(label) for label in np.asarray(model.labels_)]
    centres = {
        label: normalize(vectors[np.asarray(label_list) == label].mean(axis=0, keepdims=True))[0]
        for label in set(label_list)
    }
    fit = [float(np.dot(vectors[i], centres[label])) for i, label in enumerate(label_list)]
    members: dict[int, list[str]] = {}
    for text, label in zip(texts, label_list, strict=True):
        members.setdefault(label, []).append(text)
    return Grouping(label_list, {label: _top_terms(m) for label, m in members.items()}, fit)


def _top_terms(texts: Sequence[str], count: int = 5) -> list[str]:
    counts = Counter(
        w
        for text in texts
        for w in set(_WORD.findall(text.lower()))
        if w not in ENGLISH_STOP_WORDS and len(w) > 2
    )
    return [w for w, _ in counts.most_common(count)]
