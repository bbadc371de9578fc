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

# The features, in the forest's order (each computed in `features`).
FEATURES = (
    "hand score", "hand score below the best", "cosine (min-max)", "BM25 / best BM25",
    "cosine", "log(1 + BM25)", "rank by cosine", "rank by BM25", "rank by hand score",
    "symbol boost", "defines the name", "path words", "file roles' factor",
    "code outside functions", "log definition lines", "log snippet lines",
    "other language than named", "function", "method", "class", "block", "question",
    "query words", "qualified name", "candidates in the file", "file's best cosine",
    "file's best BM25", "names definitions", "a piece of a larger definition",
)


@dataclass(frozen=True)
class Forest:
    """Regression trees in one node table; a leaf has feature −1 and holds its value."""

    feature: np.ndarray    # int, per node
    threshold: np.ndarray  # go left when x[feature] <= threshold
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray      # a leaf's output
    roots: np.ndarray      # each tree's first node
    depth: int             # the deepest path, in splits

    def __post_init__(self) -> None:
        # The walk's tables: a leaf splits on feature 0 at +inf and leads to itself, so
        # no row needs a test; a node's children side by side (left, right).
        inner = self.feature >= 0
        object.__setattr__(self, "_split_on", np.where(inner, self.feature, 0))
        object.__setattr__(self, "_split_at", np.where(inner, self.threshold, np.inf))
        object.__setattr__(self, "_children", np.stack([self.left, self.right], axis=1).ravel())

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The sum of the trees' outputs for each row of `x` (all trees walked at once)."""
        flat = np.ascontiguousarray(x, dtype=np.float64).ravel()
        base = (np.arange(len(x)) * x.shape[1])[:, None]
        node = np.broadcast_to(self.roots, (len(x), len(self.roots)))
        for _ in range(self.depth):
            go_right = flat[base + self._split_on[node]] > self._split_at[node]
            node = self._children[2 * node + go_right]
        return self.value[node].sum(axis=1)


def forest_from_lightgbm(dump: dict) -> dict:
    """The node table (as JSON-ready lists) of a LightGBM model's `dump_model()`."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    depth = 0

    def add(node: dict, level: int) -> int:
        nonlocal depth
        index = len(feature)
        feature.append(-1)
        threshold.append(0.0)
        left.append(index)
        right.append(index)
        value.append(float(node.get("leaf_value", 0.0)))
        if "split_index" in node:
            if node.get("decision_type", "<=") != "<=":
                raise ValueError("only numeric splits are supported")
            feature[index] = int(node["split_feature"])
            threshold[index] = float(node["threshold"])
            left[index] = add(node["left_child"], level + 1)
            right[index] = add(node["right_child"], level + 1)
        else:
            depth = max(depth, level)
        return index

    for tree in dump["tree_info"]:
        roots.append(add(tree["tree_structure"], 0))
    if len(dump.get("feature_names", FEATURES)) != len(FEATURES):
        raise ValueError("the model was trained on other features")
    return {"features": list(FEATURES), "feature": feature, "threshold": threshold,
            "left": left, "right": right, "value": value, "roots": roots, "depth": depth}


@lru_cache(maxsize=1)
def shipped_forest() -> Forest:
    """The forest shipped with Kenning."""
    with open(os.environ["LTR_FOREST"], encoding="utf-8") as f:
        data = json.load(f)
    if data["features"] != list(FEATURES):
        raise ValueError("the forest was trained on other features")
    return Forest(np.asarray(data["feature"], dtype=np.int64),
                  np.asarray(data["threshold"], dtype=np.float64),
                  np.asarray(data["left"], dtype=np.int64),
                  np.asarray(data["right"], dtype=np.int64),
                  np.asarray(data["value"], dtype=np.float64),
                  np.asarray(data["roots"], dtype=np.int64), int(data["depth"]))


def features(query: QueryInfo, candidates: Sequence[Candidate], signals: Signals,
             hand: Sequence[float]) -> np.ndarray:
    """One row of FEATURES per candidate; `signals` and `hand` are the hand-set stage's."""
    n = len(candidates)
    dense = np.array([c.dense for c in candidates])
    lexical = np.array([c.lexical for c in candidates])
    hand_a = np.asarray(hand, dtype=np.float64)
    spread = dense.max() - dense.min()
    dense_n = (dense - dense.min()) / spread if spread > 0 else np.ones(n)
    top = lexical.max()
    lexical_n = lexical / top if top > 0 else np.zeros(n)
    _, file_of, in_file = np.unique([c.file_id for c in candidates], return_inverse=True,
                                    return_counts=True)
    best_dense = np.zeros(len(in_file))
    best_lexical = np.zeros(len(in_file))
    np.maximum.at(best_dense, file_of, dense_n)
    np.maximum.at(best_lexical, file_of, lexical_n)
    kinds = np.array([c.kind for c in candidates])
    x = np.empty((n, len(FEATURES)))
    x[:, 0] = hand_a
    x[:, 1] = hand_a - hand_a.max()
    x[:, 2] = dense_n
    x[:, 3] = lexical_n
    x[:, 4] = dense
    x[:, 5] = np.log1p(lexical)
    x[:, 6] = _ranks(dense)
    x[:, 7] = _ranks(lexical_n)
    x[:, 8] = _ranks(hand_a)
    x[:, 9] = signals.boost
    x[:, 10] = signals.named
    x[:, 11] = signals.path
    x[:, 12] = signals.role
    x[:, 13] = signals.outside
    x[:, 14] = np.log(signals.lines)
    x[:, 15] = np.log([c.end_line - c.start_line + 1 for c in candidates])
    x[:, 16] = signals.other_language
    for column, kind in enumerate(("function", "method", "class", "block"), start=17):
        x[:, column] = kinds == kind
    x[:, 21] = query.question
    x[:, 22] = len(query.words)
    x[:, 23] = bool(query.qualifier)
    x[:, 24] = in_file[file_of]
    x[:, 25] = best_dense[file_of]
    x[:, 26] = best_lexical[file_of]
    x[:, 27] = [bool(c.names) for c in candidates]
    x[:, 28] = [c.def_start is not None and (c.def_start < c.start_line
                                             or (c.def_end or 0) > c.end_line)
                for c in candidates]
    return x


def _ranks(values: np.ndarray) -> np.ndarray:
    """Each value's place when sorted best first (0 = the best; ties by position)."""
    out = np.empty(len(values))
    out[np.argsort(-values, kind="stable")] = np.arange(len(values))
    return out


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
