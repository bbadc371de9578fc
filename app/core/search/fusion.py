"""Reciprocal rank fusion of ranked lists (Cormack et al., 2009)."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], weights: Sequence[float],
                           k: int = RRF_K) -> list[tuple[int, float]]:
    """Fuse ranked id lists into (id, score) best first; score 1.0 = first everywhere."""
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank + 1)
    best_possible = sum(weights) / (k + 1)
    fused = sorted(scores.items(), key=lambda pair: pair[1], reverse=True)
    return [(item, score / best_possible) for item, score in fused]
