"""Retrieval metrics for one relevant item per query (ranks are 1-based; 0 = not found)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Metrics:
    queries: int
    mrr: float
    recall_at_1: float
    recall_at_5: float
    recall_at_10: float
    ndcg_at_10: float

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def metrics_from_ranks(ranks: Sequence[int]) -> Metrics:
    """MRR, Recall@1/5/10 and NDCG@10 from the rank of the right answer for each query."""
    n = len(ranks)
    if n == 0:
        return Metrics(0, 0.0, 0.0, 0.0, 0.0, 0.0)

    def recall(k: int) -> float:
        return sum(1 for r in ranks if 0 < r <= k) / n

    mrr = sum(1.0 / r for r in ranks if r > 0) / n
    ndcg = sum(1.0 / math.log2(r + 1) for r in ranks if 0 < r <= 10) / n
    return Metrics(n, mrr, recall(1), recall(5), recall(10), ndcg)
