"""The bias matrix: a learned linear map applied to query embeddings.

Scoring is bilinear: score(q, d) = (W q) · d with d the raw, stored snippet
vector. Any transform of both sides without renormalisation reduces to this
form (Aq · Bd = (BᵀA q) · d), so keeping the transform on the query side loses
nothing and means a new matrix never touches the index: switching matrices is
instant and needs no re-embedding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.core.errors import KenningError


@dataclass
class BiasMatrix:
    weights: np.ndarray
    card: dict[str, object] = field(default_factory=dict)

    @property
    def dim(self) -> int:
        return int(self.weights.shape[0])

    def apply(self, vector: np.ndarray) -> np.ndarray:
        """The transformed query vector, unit length (cosine ranking is then a dot product)."""
        out = self.weights @ vector.astype(np.float32)
        norm = float(np.linalg.norm(out))
        return out / norm if norm > 0 else out

    def save(self, path: Path) -> None:
        """`path` (.npy) holds the weights, `path` with .json the card next to it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, self.weights.astype(np.float32))
        path.with_suffix(".json").write_text(json.dumps(self.card, indent=2) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path) -> BiasMatrix:
        try:
            weights = np.load(path, allow_pickle=False)
            card_path = path.with_suffix(".json")
            card = json.loads(card_path.read_text("utf-8")) if card_path.exists() else {}
        except (OSError, ValueError) as exc:
            raise KenningError(f"cannot read the bias matrix {path}: {exc}") from exc
        if weights.ndim != 2 or weights.shape[0] != weights.shape[1]:
            raise KenningError(f"the bias matrix {path} is not square: {weights.shape}")
        return cls(weights.astype(np.float32), card)
