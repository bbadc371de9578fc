"""The learned order: boosted regression trees re-score the top of a sentence's candidates.

The ranking stage's hand-set weights combine its signals with one formula for every
query. A forest of small regression trees (LightGBM's LambdaRank, trained on the dev
split of Kenning's evaluation set by `python -m app.quality.learn_order`) reads the same
signals, the hand-set score among them, and can weigh one by another: a name's match by
the snippet's kind, the cosine by how many candidates share the file. It re-scores only
the first TOP candidates of the hand-set order (what can reach the first results; the
forest's cost grows with the rows it walks), half its score and half the hand-set one.
Identifiers keep the hand-set score: their definition first is the symbol boost's work;
so do sentences whose words name a definition among the candidates ("mark flag
required" is `MarkFlagRequired`: ranking.rank decides).
Measured in docs/QUALITY.md ("The learned order").

Pure numpy at search time; the forest is a JSON node table in `models/ranking/`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from app.core.paths import shipped_models_dirs
from app.core.search.query_kind import QueryInfo


class Candidate(Protocol):
    """What the forest reads of a candidate (ranking.Candidate, which calls this module)."""

    file_id: int
    start_line: int
    end_line: int
    kind: str
    dense: float
    lexical: float
    def_start: int | None
    def_end: int | None
    names: tuple[str, ...]


class Signals(Protocol):
    """What the forest reads of the hand-set stage's signals (ranking.Signals)."""

    boost: list[float]
    named: list[bool]
    path: list[float]
    role: list[float]
    other_language: list[bool]
    outside: list[bool]
    lines: list[int]

log = logging.getLogger(__name__)

FOREST_NAME = "order.json"

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

# The candidates the forest re-scores: the first TOP of the hand-set order (chosen on
# dev, docs/QUALITY.md); the others keep the hand-set half of the score, below them.
TOP = 40
# The forest's score s becomes exp(SCALE · (s − best)): positive, the best 1, as the
# stage's later steps expect (coherence adds to it). Chosen when per-file diversity
# multiplied scores: at scale 1 one file filled more than 5 of the 10 results for 126
# of the 390 dev queries (the hand-set weights: 39); at 0.25, 43, most gain kept. Half
# of the final score is the hand-set one (over its best): as good on dev, and the guard
# sets (human intents over a corpus of small answers, unlike a project) keep their level.
SCALE = 0.25
FOREST_SHARE = 0.5


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
        object.__setattr__(self, "_children",
                           np.stack([self.left, self.right], axis=1).ravel())

    @classmethod
    def from_json(cls, data: dict) -> Forest:
        """The forest of a node table as `forest_from_lightgbm` writes it."""
        if data.get("features") != list(FEATURES):
            raise ValueError("it was trained on other features")
        forest = cls(np.asarray(data["feature"], dtype=np.int64),
                     np.asarray(data["threshold"], dtype=np.float64),
                     np.asarray(data["left"], dtype=np.int64),
                     np.asarray(data["right"], dtype=np.int64),
                     np.asarray(data["value"], dtype=np.float64),
                     np.asarray(data["roots"], dtype=np.int64), int(data["depth"]))
        nodes = len(forest.feature)
        if not (len(forest.threshold) == len(forest.left) == len(forest.right)
                == len(forest.value) == nodes) or nodes == 0 or (
                max(forest.left.max(), forest.right.max(), forest.roots.max()) >= nodes
                or forest.feature.max() >= len(FEATURES)):
            raise ValueError("its node table is inconsistent")
        return forest

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
    """The node table (JSON-ready) of a LightGBM model's `dump_model()`."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
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

    roots = [add(tree["tree_structure"], 0) for tree in dump["tree_info"]]
    if len(dump.get("feature_names", FEATURES)) != len(FEATURES):
        raise ValueError("the model was trained on other features")
    return {"features": list(FEATURES), "feature": feature, "threshold": threshold,
            "left": left, "right": right, "value": value, "roots": roots, "depth": depth}


def shipped_forest_path() -> Path | None:
    """The shipped forest's file (in the checkout's or the installed `models/ranking`)."""
    for folder in shipped_models_dirs():
        candidate = folder / "ranking" / FOREST_NAME
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=1)
def shipped_forest() -> Forest | None:
    """The shipped forest (read once), or None: see `load_forest`."""
    path = shipped_forest_path()
    if path is None:
        log.warning("the learned order's forest (models/ranking/%s) is not installed: "
                    "results are ordered by the hand-set weights alone", FOREST_NAME)
        return None
    return load_forest(path)


def describe_shipped_forest() -> str | None:
    """What `kenning status` says of the learned order: its forest and file, or None."""
    forest = shipped_forest()
    if forest is None:
        return None
    return f"learned ({len(forest.roots)} trees, {shipped_forest_path()})"


def load_forest(path: Path) -> Forest | None:
    """The forest in `path`, or None when it cannot be read (searches go on in the
    hand-set order; a warning says why)."""
    try:
        return Forest.from_json(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("cannot read the learned order's forest %s (%s): results are ordered "
                    "by the hand-set weights alone", path, exc)
        return None


def top_rows(hand: np.ndarray, top: int | None = None) -> np.ndarray:
    """The indices of the first `top` (default TOP) candidates by hand-set score (ties by
    position)."""
    return np.argsort(-hand, kind="stable")[:TOP if top is None else top]


def features(query: QueryInfo, candidates: Sequence[Candidate], signals: Signals,
             hand: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One row of FEATURES for each of `rows` (indices into `candidates`); what a row
    holds of the others (ranks, min-max, the file's best) is taken over all candidates.
    `signals` and `hand` are the hand-set stage's (ranking.Signals, hand_scores)."""
    n = len(candidates)
    dense = np.fromiter((c.dense for c in candidates), np.float64, n)
    lexical = np.fromiter((c.lexical for c in candidates), np.float64, n)
    spread = dense.max() - dense.min()
    dense_n = (dense - dense.min()) / spread if spread > 0 else np.ones(n)
    top = lexical.max()
    lexical_n = lexical / top if top > 0 else np.zeros(n)
    _, file_of, in_file = np.unique(np.fromiter((c.file_id for c in candidates), np.int64, n),
                                    return_inverse=True, return_counts=True)
    best_dense = np.zeros(len(in_file))
    best_lexical = np.zeros(len(in_file))
    np.maximum.at(best_dense, file_of, dense_n)
    np.maximum.at(best_lexical, file_of, lexical_n)
    picked = [candidates[i] for i in rows]
    x = np.empty((len(rows), len(FEATURES)))
    x[:, 0] = hand[rows]
    x[:, 1] = hand[rows] - hand.max()
    x[:, 2] = dense_n[rows]
    x[:, 3] = lexical_n[rows]
    x[:, 4] = dense[rows]
    x[:, 5] = np.log1p(lexical[rows])
    x[:, 6] = _ranks(dense)[rows]
    x[:, 7] = _ranks(lexical_n)[rows]
    x[:, 8] = _ranks(hand)[rows]
    for column, values in enumerate((signals.boost, signals.named, signals.path, signals.role,
                                     signals.outside), start=9):
        x[:, column] = [values[i] for i in rows]
    x[:, 14] = np.log([signals.lines[i] for i in rows])
    x[:, 15] = np.log([c.end_line - c.start_line + 1 for c in picked])
    x[:, 16] = [signals.other_language[i] for i in rows]
    for column, kind in enumerate(("function", "method", "class", "block"), start=17):
        x[:, column] = [c.kind == kind for c in picked]
    x[:, 21] = query.question
    x[:, 22] = len(query.words)
    x[:, 23] = bool(query.qualifier)
    x[:, 24] = in_file[file_of[rows]]
    x[:, 25] = best_dense[file_of[rows]]
    x[:, 26] = best_lexical[file_of[rows]]
    x[:, 27] = [bool(c.names) for c in picked]
    x[:, 28] = [c.def_start is not None and (c.def_start < c.start_line
                                             or (c.def_end or 0) > c.end_line)
                for c in picked]
    return x


def _ranks(values: np.ndarray) -> np.ndarray:
    """Each value's place when sorted best first (0 = the best; ties by position)."""
    out = np.empty(len(values))
    out[np.argsort(-values, kind="stable")] = np.arange(len(values))
    return out


def learned_scores(query: QueryInfo, candidates: Sequence[Candidate], signals: Signals,
                   hand: Sequence[float], forest: Forest, top: int | None = None
                   ) -> list[float]:
    """Each candidate's score: half the hand-set score over its best; the first `top`
    (default TOP) of the hand-set order add half the forest's score (exp(SCALE · (s −
    best)))."""
    hand_a = np.asarray(hand, dtype=np.float64)
    rows = top_rows(hand_a, top)
    s = forest.predict(features(query, candidates, signals, hand_a, rows))
    out = (1 - FOREST_SHARE) * hand_a / max(float(hand_a.max()), 1e-9)
    out[rows] += FOREST_SHARE * np.exp(SCALE * (s - s.max()))
    return out.tolist()
