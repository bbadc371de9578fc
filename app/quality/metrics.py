"""Graded relevance metrics over span judgments: NDCG@10, MRR@10, Recall@1/@10.

A result hits a relevant span when it is in the same file and their line
ranges overlap. Each relevant span is credited once (the first result that
hits it), so ten pieces of one answer do not count ten times. MRR and recall
look for an answer (a span of grade 2); NDCG uses every grade, with gain
2^grade − 1. File NDCG judges files instead of spans (a file's grade is its
best span's; each file credited once), as benchmarks with file relevance do.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from app.quality.judgments import Judgment, Relevant


class Located(Protocol):
    """A result or a candidate: a file of the project and a line range in it."""

    rel_path: str
    start_line: int
    end_line: int

CUTOFF = 10


@dataclass(frozen=True, slots=True)
class Hit:
    """Where one result points: its file (relative to the project) and lines."""

    rel_path: str
    start: int
    end: int

    @classmethod
    def at(cls, located: Located) -> Hit:
        return cls(located.rel_path, located.start_line, located.end_line)

    def hits(self, span: Relevant) -> bool:
        """Whether this result hits `span`: the same file, overlapping lines."""
        return span.path == self.rel_path and span.start <= self.end and self.start <= span.end


@dataclass(frozen=True, slots=True)
class Scores:
    ndcg: float
    reciprocal_rank: float
    at_1: float
    at_10: float
    file_ndcg: float


def _ndcg(gains: Sequence[int], ideal: Sequence[int]) -> float:
    """NDCG of the gains (grades, in result order) against the ideal grades."""
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:CUTOFF]))
    best = sorted(ideal, reverse=True)[:CUTOFF]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(best))
    return dcg / idcg if idcg else 0.0


def score(judgment: Judgment, hits: Sequence[Hit]) -> Scores:
    """The metrics of one query's results (best first)."""
    credited: set[int] = set()
    gains: list[int] = []
    first_answer = 0
    for position, hit in enumerate(hits[:CUTOFF], start=1):
        gain = 0
        for n, span in enumerate(judgment.relevant):
            if n not in credited and hit.hits(span):
                credited.add(n)
                gain = max(gain, span.grade)
                if span.grade == 2 and not first_answer:
                    first_answer = position
        gains.append(gain)
    files: dict[str, int] = {}
    for span in judgment.relevant:
        files[span.path] = max(files.get(span.path, 0), span.grade)
    seen: set[str] = set()
    file_gains = []
    for hit in hits[:CUTOFF]:
        file_gains.append(files.get(hit.rel_path, 0) if hit.rel_path not in seen else 0)
        seen.add(hit.rel_path)
    return Scores(_ndcg(gains, [span.grade for span in judgment.relevant]),
                  1.0 / first_answer if first_answer else 0.0, float(first_answer == 1),
                  float(0 < first_answer <= CUTOFF), _ndcg(file_gains, list(files.values())))


@dataclass(frozen=True, slots=True)
class Summary:
    queries: int
    ndcg: float
    mrr: float
    at_1: float
    at_10: float
    file_ndcg: float


def summarise(scores: Iterable[Scores]) -> Summary:
    items = list(scores)
    n = len(items)
    if not n:
        return Summary(0, 0.0, 0.0, 0.0, 0.0, 0.0)
    return Summary(n, sum(s.ndcg for s in items) / n, sum(s.reciprocal_rank for s in items) / n,
                   sum(s.at_1 for s in items) / n, sum(s.at_10 for s in items) / n,
                   sum(s.file_ndcg for s in items) / n)


def paired_interval(first: Sequence[float], second: Sequence[float], resamples: int = 2000,
                    level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """A bootstrap interval of mean(first) − mean(second) over paired per-query values.

    Why: a language has 30 queries in each split, where one query moving by 0.3
    moves the language by 0.01, so a difference needs its spread beside it. The
    queries are resampled with replacement, the same ones for both sides; a fixed
    seed keeps the generated report the same from run to run.
    """
    if len(first) != len(second):
        raise ValueError("paired values must have the same length")
    if not first:
        return 0.0, 0.0
    diffs = np.asarray(first, dtype=np.float64) - np.asarray(second, dtype=np.float64)
    picks = np.random.default_rng(seed).integers(0, len(diffs), size=(resamples, len(diffs)))
    means = diffs[picks].mean(axis=1)
    tail = (1.0 - level) / 2
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return float(low), float(high)
