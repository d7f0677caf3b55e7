"""Static sentence embeddings (WordLlama, MIT; its weights ship inside the registry package).

Loaded from the installed package's own files, never from a hub: the 256-dimensional
`l2_supercat` token embeddings and their tokenizer. A text's vector is the mean of its
token vectors, L2-normalised; cheap enough to embed every sentence at ingest.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from nlp.errors import RelationModelError

DIMENSIONS = 256


class Embedder:
    def __init__(self) -> None:
        try:
            import wordllama
            from safetensors import safe_open
            from tokenizers import Tokenizer
        except ImportError as e:  # pragma: no cover - installed from the lock file
            raise RelationModelError(f"the wordllama package is not installed: {e}") from e
        root = Path(wordllama.__file__).parent
        self.tokenizer = Tokenizer.from_file(
            str(root / "tokenizers" / "l2_supercat_tokenizer_config.json")
        )
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), "np") as f:
            self.table = f.get_tensor("embedding.weight").astype(np.float32)

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for n, encoding in enumerate(self.tokenizer.encode_batch(texts, add_special_tokens=False)):
            ids = encoding.ids
            if not ids:
                continue
            vector = self.table[ids].mean(axis=0)
            norm = float(np.linalg.norm(vector))
            if norm > 0:
                out[n] = vector / norm
        return out


@lru_cache(maxsize=1)
def embedder() -> Embedder:
    return Embedder()
