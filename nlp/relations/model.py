"""The trained relation model: one linear classifier per candidate kind, as plain arrays.

For each kind (`thing`, `person`, `pair`, `clause`) the artifact holds the feature
vocabulary, a weight matrix (features x labels), biases and one decision threshold per
label; a candidate's probability for a label is the logistic of its weighted features.
Stored as `relations.npz` (arrays) and `relations.json` (vocabularies, labels, version,
training data fingerprint) so loading never unpickles code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from nlp.errors import RelationModelError

MODEL_DIR = Path(__file__).resolve().parents[1] / "model"
FORMAT = 1


def feature_matrix(
    rows: Sequence[dict[str, float]], vocabulary: dict[str, int]
) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for row in rows:
        for name, value in row.items():
            column = vocabulary.get(name)
            if column is not None:
                indices.append(column)
                values.append(value)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), indices, indptr),
        shape=(len(rows), len(vocabulary)),
    )
    # columns in order: a row's features come in set order, which changes with the hash seed,
    # and sums in another order round differently (training would not be bit-exact)
    matrix.sort_indices()
    return matrix


@dataclass
class KindModel:
    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)
    thresholds: np.ndarray  # (labels,)

    def matrix(self, rows: Sequence[dict[str, float]]) -> sparse.csr_matrix:
        """Sparse feature matrix of `rows` (features the model never saw are dropped)."""
        return feature_matrix(rows, self.vocabulary)

    def probabilities(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        if not rows:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        logits = np.asarray(self.matrix(rows) @ self.weights) + self.bias
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
        return probabilities


@dataclass
class RelationModel:
    version: str
    kinds: dict[str, KindModel]
    metadata: dict[str, Any] = field(default_factory=dict)
    centroids: np.ndarray | None = None  # word clusters (`nlp.relations.clusters`)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        kinds: dict[str, Any] = {}
        for kind, model in self.kinds.items():
            arrays[f"{kind}.weights"] = model.weights.astype(np.float32)
            arrays[f"{kind}.bias"] = model.bias.astype(np.float32)
            arrays[f"{kind}.thresholds"] = model.thresholds.astype(np.float32)
            vocabulary = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
            kinds[kind] = {"labels": list(model.labels), "vocabulary": vocabulary}
        if self.centroids is not None:
            arrays["clusters.centroids"] = self.centroids.astype(np.float32)
        np.savez_compressed(folder / "relations.npz", **arrays)  # type: ignore[arg-type]
        document = {
            "format": FORMAT,
            "version": self.version,
            "metadata": self.metadata,
            "kinds": kinds,
        }
        (folder / "relations.json").write_text(
            json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )

    @classmethod
    def load(cls, folder: Path) -> RelationModel:
        try:
            document = json.loads((folder / "relations.json").read_text(encoding="utf-8"))
            arrays = np.load(folder / "relations.npz")
        except (OSError, ValueError) as e:
            raise RelationModelError(
                f"no trained relation model in {folder}: {e} (run `make model`)"
            ) from e
        if document.get("format") != FORMAT:
            raise RelationModelError(
                f"relation model in {folder} has format {document.get('format')}, "
                f"expected {FORMAT} (run `make model`)"
            )
        kinds = {}
        for kind, spec in document["kinds"].items():
            kinds[kind] = KindModel(
                labels=tuple(spec["labels"]),
                vocabulary={name: n for n, name in enumerate(spec["vocabulary"])},
                weights=arrays[f"{kind}.weights"],
                bias=arrays[f"{kind}.bias"],
                thresholds=arrays[f"{kind}.thresholds"],
            )
        centroids = arrays.get("clusters.centroids", None)
        return cls(
            version=document["version"],
            kinds=kinds,
            metadata=document["metadata"],
            centroids=centroids,
        )
