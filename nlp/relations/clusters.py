"""Word clusters: words that mean similar things share a cluster feature.

A linear model learns "crashed" from training text; whether it then knows "froze" or
"died" depends on them sharing a feature. The clusters group the embedding model's own
whole-word vocabulary (k-means on the WordLlama vectors, fixed seed), so they depend on no
training world; a word is assigned to the centroid nearest its embedding.
"""

from __future__ import annotations

import numpy as np

from nlp.relations.embeddings import embedder

DEFAULT_CLUSTERS = 256
SEED = 7


def fit_centroids(count: int = DEFAULT_CLUSTERS, seed: int = SEED) -> np.ndarray:
    """k-means centroids over the embedding vocabulary's whole words (deterministic)."""
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    model = embedder()
    vocabulary = model.tokenizer.get_vocab()
    words = sorted(
        token[1:].lower()
        for token in vocabulary
        if token.startswith("\u2581") and token[1:].isalpha() and len(token) > 3
    )
    words = sorted(set(words))
    vectors = model.embed(words)
    kmeans = KMeans(n_clusters=count, random_state=seed, n_init=1, max_iter=30)
    with threadpool_limits(limits=1):  # deterministic, and no fight over busy cores
        kmeans.fit(vectors)
    centroids = kmeans.cluster_centers_.astype(np.float32)
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    return np.asarray(centroids / np.maximum(norms, 1e-9), dtype=np.float32)


class WordClusters:
    """Assigns words to the nearest centroid; remembers what it has seen."""

    def __init__(self, centroids: np.ndarray):
        self.centroids = centroids
        self._known: dict[str, int] = {}

    def clusters(self, words: list[str]) -> list[int]:
        unknown = sorted({w for w in words if w not in self._known})
        if unknown:
            vectors = embedder().embed(unknown)
            nearest = np.argmax(vectors @ self.centroids.T, axis=1)
            for word, vector, cluster in zip(unknown, vectors, nearest, strict=True):
                self._known[word] = int(cluster) if vector.any() else -1
        return [self._known[w] for w in words]
