"""The bias matrix: learned linear maps of the query and, optionally, the snippet embeddings.

Scoring is the cosine of the two mapped vectors:
    score(q, d) = (A q / ‖A q‖) · (B d / ‖B d‖)
with q the query embedding and d the raw, stored snippet vector. Without B
(B = I) this is a query-side map. With B it is still computed without touching
the index: the query becomes v = Bᵀ A q / ‖A q‖, so v · d = (A q/‖A q‖) · B d,
and each candidate's score is divided by ‖B d‖, computed from its stored vector
at search time (`doc_scale`). The renormalisation of B d is what a query-side
map cannot express: an unnormalised transform of both sides reduces to one
bilinear form, (A q) · (B d) = (Bᵀ A q) · d. Switching or rolling back a
matrix is instant and never re-embeds anything.

On disk: one .npy holding A (d×d) or A and B stacked (2×d×d), and a JSON card
next to it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.core.errors import KenningError


@dataclass
class BiasMatrix:
    weights: np.ndarray                     # A, applied to the query
    card: dict[str, object] = field(default_factory=dict)
    doc_weights: np.ndarray | None = None   # B, applied to the snippets; None: identity

    @property
    def dim(self) -> int:
        return int(self.weights.shape[0])

    def apply(self, vector: np.ndarray) -> np.ndarray:
        """The query vector to search with: A q, unit length, then mapped by Bᵀ if any."""
        out = self.weights @ vector.astype(np.float32)
        norm = float(np.linalg.norm(out))
        out = out / norm if norm > 0 else out
        return out if self.doc_weights is None else self.doc_weights.T @ out

    def doc_scale(self, vectors: np.ndarray) -> np.ndarray:
        """1 / ‖B d‖ for each stored snippet vector (rows): the factor that turns
        `apply(q) · d` into the cosine of A q and B d."""
        if self.doc_weights is None:
            return np.ones(len(vectors), dtype=np.float32)
        norms = np.linalg.norm(np.asarray(vectors, dtype=np.float32) @ self.doc_weights.T, axis=1)
        return 1.0 / np.maximum(norms, 1e-12)

    def save(self, path: Path) -> None:
        """`path` (.npy) holds the weights, `path` with .json the card next to it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        stored = (self.weights if self.doc_weights is None
                  else np.stack([self.weights, self.doc_weights]))
        np.save(path, stored.astype(np.float32))
        path.with_suffix(".json").write_text(json.dumps(self.card, indent=2) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path) -> BiasMatrix:
        try:
            weights = np.load(path, allow_pickle=False)
            card_path = path.with_suffix(".json")
            card = json.loads(card_path.read_text("utf-8")) if card_path.exists() else {}
        except (OSError, ValueError) as exc:
            raise KenningError(f"cannot read the bias matrix {path}: {exc}") from exc
        square = weights.shape[-2:] == (weights.shape[-1],) * 2
        if not square or weights.ndim not in (2, 3) or (weights.ndim == 3 and len(weights) != 2):
            raise KenningError(f"the bias matrix {path} is not d×d or 2×d×d: {weights.shape}")
        weights = weights.astype(np.float32)
        if weights.ndim == 3:
            return cls(weights[0], card, weights[1])
        return cls(weights, card)
