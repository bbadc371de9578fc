"""The learned order (7 Dec; measured, not shipped: its cost, docs/QUALITY.md): boosted
trees that re-score a sentence's candidates.

The ranking stage's hand-set weights combine its signals with one formula for every
query. A sentence's candidates are re-scored by a small forest of regression trees
(LightGBM's LambdaRank, trained on the dev split of Kenning's evaluation set:
bench/ranking_exploration/ltr.py) that reads the same signals, the hand-set score among
them, and can weigh one by another: a name's match by the snippet's kind, the cosine by
how many candidates share the file. Measured in docs/QUALITY.md ("The learned order").
Identifiers keep the hand-set score (their definition first is the symbol boost's work).

Pure numpy; the forest is the JSON file $LTR_FOREST names (ltr.py writes it).
`rank` is the ranking stage with the learned order: patch it over the searcher's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.core.search import ranking as R
from app.core.search.query_kind import QueryInfo, QueryKind
from app.core.search.ranking import Candidate, Signals

# The forest's node table, its walk and LightGBM's dump read into it: shipped since
# (app/core/search/learned_order.py, which re-scores only the top of the hand-set order).
from app.core.search import learned_order as shipped  # noqa: E402
from app.core.search.learned_order import FEATURES, Forest, forest_from_lightgbm  # noqa: E402, F401


@lru_cache(maxsize=1)
def shipped_forest() -> Forest:
    """The forest $LTR_FOREST names."""
    with open(os.environ["LTR_FOREST"], encoding="utf-8") as f:
        return Forest.from_json(json.load(f))


def features(query: QueryInfo, candidates: Sequence[Candidate], signals: Signals,
             hand: Sequence[float]) -> np.ndarray:
    """One row of FEATURES per candidate; `signals` and `hand` are the hand-set stage's
    (the shipped module's features, every candidate a row)."""
    return shipped.features(query, candidates, signals, np.asarray(hand, dtype=np.float64),
                            np.arange(len(candidates)))


# The forest's score s becomes exp(SCALE · (s − best)): positive, the best 1, as the
# stage's later steps expect (coherence adds, diversity multiplies). At scale 1 one file
# filled more than 5 of the 10 results for 126 of the 390 dev queries (the hand-set
# weights: 39); at 0.25, 43, with most of the gain kept. Half of the final score is the
# hand-set one (over its best): as good on dev, and the guard sets (human intents over
# a corpus of small answers, unlike a project) keep their level (docs/QUALITY.md).
SCALE = 0.25
FOREST_SHARE = 0.5


def learned_scores(x: np.ndarray, forest: Forest | None = None) -> list[float]:
    """Each candidate's score: the forest's (SCALE) blended with the hand-set score,
    feature 0 of `x` (FOREST_SHARE)."""
    s = (forest or shipped_forest()).predict(x)
    hand = x[:, 0]
    return (FOREST_SHARE * np.exp(SCALE * (s - s.max()))
            + (1 - FOREST_SHARE) * hand / max(float(hand.max()), 1e-9)).tolist()


def rank(query, candidates, limit, weights=R.WEIGHTS):
    """The shipped stage with the learned order for sentences."""
    if not candidates or limit <= 0:
        return []
    signals = Signals.of(query, candidates, weights)
    scores = R.hand_scores(query, candidates, signals, weights)
    if query.kind is QueryKind.NATURAL:
        scores = learned_scores(features(query, candidates, signals, scores))
    groups = R.collapse(candidates, scores)
    R.report_heads(groups, candidates, signals.named)
    R.cohere(groups, candidates, weights.coherence)
    return R.diversify(groups, candidates, limit, weights.file_decay, weights.file_free)
