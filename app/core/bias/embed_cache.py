"""Embeddings of training texts, computed once and kept on disk by text hash.

Harvesting, training and evaluation re-read the same tens of thousands of
texts; embedding them is by far the slowest step, so it happens once per model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from app.core.model.embedder import Embedder

CHUNK = 256


def _key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "replace")).digest()[:16]


class EmbeddingCache:
    """An append-only store of (text hash → vector) for one model, as .npy files."""

    def __init__(self, folder: Path, embedder: Embedder) -> None:
        # A vector depends on the model and on where the text is cut.
        self.folder = folder / f"{embedder.fingerprint[:16]}-{embedder.max_tokens}"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.embedder = embedder
        self._index: dict[bytes, np.ndarray] = {}
        for part in sorted(self.folder.glob("part-*.npz")):
            with np.load(part) as data:
                for key, vector in zip(data["keys"], data["vectors"], strict=True):
                    self._index[key.tobytes()] = vector

    def embed(self, texts: Sequence[str], progress: Callable[[int, int], None] | None = None
              ) -> np.ndarray:
        """Vectors for `texts` (n × dim), embedding only those never seen before."""
        keys = [_key(t) for t in texts]
        missing = list({k: t for k, t in zip(keys, texts, strict=True)
                        if k not in self._index}.items())
        for start in range(0, len(missing), CHUNK):
            part = missing[start:start + CHUNK]
            vectors = self.embedder.embed([t for _, t in part])
            self._save([k for k, _ in part], vectors)
            if progress:
                progress(min(start + CHUNK, len(missing)), len(missing))
        return np.vstack([self._index[k] for k in keys]) if keys else np.zeros(
            (0, self.embedder.dim), dtype=np.float32)

    def _save(self, keys: list[bytes], vectors: np.ndarray) -> None:
        number = len(list(self.folder.glob("part-*.npz")))
        key_array = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), 16)
        tmp = self.folder / f".part-{number:06d}.npz"
        np.savez(tmp, keys=key_array, vectors=vectors.astype(np.float32))
        tmp.replace(self.folder / f"part-{number:06d}.npz")
        for key, vector in zip(keys, vectors, strict=True):
            self._index[key] = vector
