"""Load harvested pairs and their embeddings as training arrays."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.core.bias.embed_cache import EmbeddingCache


@dataclass
class PairArrays:
    """Row i of `queries` goes with row i of `codes`."""

    records: list[dict]
    queries: np.ndarray
    codes: np.ndarray

    def __len__(self) -> int:
        return len(self.records)

    def subset(self, keep: Callable[[dict], bool]) -> PairArrays:
        rows = [i for i, r in enumerate(self.records) if keep(r)]
        return PairArrays([self.records[i] for i in rows], self.queries[rows], self.codes[rows])

    @staticmethod
    def concat(parts: list[PairArrays]) -> PairArrays:
        return PairArrays([r for p in parts for r in p.records],
                          np.vstack([p.queries for p in parts]),
                          np.vstack([p.codes for p in parts]))


def read_pairs(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def embed_pairs(records: list[dict], cache: EmbeddingCache, query_field: str = "query",
                progress: Callable[[int, int], None] | None = None) -> PairArrays:
    queries = cache.embed([r[query_field] for r in records])
    codes = cache.embed([r["code"] for r in records], progress)
    return PairArrays(records, queries, codes)
