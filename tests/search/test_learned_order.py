"""The learned order (search/learned_order.py): the forest's walk, its file, its place in
the ranking stage (the top of a sentence's hand-set order re-scored; names untouched)."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from app.core.search import learned_order as lo
from app.core.search.query_kind import analyse
from app.core.search.ranking import WEIGHTS, Signals, hand_scores, rank
from tests.search.test_ranking import cand

HAND_SET = replace(WEIGHTS, learned_order=False)
KIND = {name: n for n, name in enumerate(lo.FEATURES)}


def stump_table(feature: str, threshold: float, low: float, high: float) -> dict:
    """A forest of one split: `low` when the feature is <= threshold, else `high`."""
    return {"features": list(lo.FEATURES), "feature": [KIND[feature], -1, -1],
            "threshold": [threshold, 0.0, 0.0], "left": [1, 1, 2], "right": [2, 1, 2],
            "value": [0.0, low, high], "roots": [0], "depth": 1}


def test_the_walk_sums_each_trees_leaf() -> None:
    # Tree 1 splits on "cosine" then "function"; tree 2 is a lone leaf.
    table = {"features": list(lo.FEATURES),
             "feature": [KIND["cosine"], -1, KIND["function"], -1, -1, -1],
             "threshold": [0.5, 0.0, 0.5, 0.0, 0.0, 0.0],
             "left": [1, 1, 3, 3, 4, 5], "right": [2, 1, 4, 3, 4, 5],
             "value": [0.0, -1.0, 0.0, 2.0, 3.0, 0.25], "roots": [0, 5], "depth": 2}
    forest = lo.Forest.from_json(table)
    x = np.zeros((3, len(lo.FEATURES)))
    x[1, KIND["cosine"]] = 0.9
    x[2, KIND["cosine"]], x[2, KIND["function"]] = 0.9, 1.0
    assert forest.predict(x).tolist() == [-0.75, 2.25, 3.25]


def test_a_lightgbm_dump_becomes_the_node_table() -> None:
    leaf = lambda v: {"leaf_value": v}  # noqa: E731
    dump = {"feature_names": [f"f{i}" for i in range(len(lo.FEATURES))], "tree_info": [
        {"tree_structure": {"split_index": 0, "split_feature": KIND["cosine"], "threshold": 0.5,
                            "decision_type": "<=", "left_child": leaf(-1.0),
                            "right_child": leaf(1.0)}},
        {"tree_structure": leaf(0.5)}]}
    forest = lo.Forest.from_json(lo.forest_from_lightgbm(dump))
    x = np.zeros((2, len(lo.FEATURES)))
    x[1, KIND["cosine"]] = 0.7
    assert forest.predict(x).tolist() == [-0.5, 1.5]


@pytest.mark.parametrize("text", [
    "not json",
    json.dumps({**stump_table("cosine", 0.5, 0, 1), "features": ["another"]}),
    json.dumps({**stump_table("cosine", 0.5, 0, 1), "left": [7, 1, 2]}),
    json.dumps({**stump_table("cosine", 0.5, 0, 1), "value": [0.0]}),
])
def test_an_unreadable_forest_leaves_the_hand_set_order(tmp_path: Path, text: str,
                                                        caplog: pytest.LogCaptureFixture
                                                        ) -> None:
    path = tmp_path / "order.json"
    path.write_text(text, "utf-8")
    with caplog.at_level(logging.WARNING):
        assert lo.load_forest(path) is None
    assert "hand-set weights alone" in caplog.text


def test_the_shipped_forest_reads_and_scores() -> None:
    forest = lo.shipped_forest()
    assert forest is not None and len(forest.roots) >= 10
    rows = np.random.default_rng(0).random((50, len(lo.FEATURES)))
    assert np.isfinite(forest.predict(rows)).all()


def pool() -> list:
    """A sentence's candidates: a strong method of one file, functions of others."""
    return [cand("src/a.py", dense=0.9, lexical=1.0, kind="method", symbol="A.f"),
            cand("src/b.py", dense=0.8, lexical=0.5, symbol="g"),
            cand("src/c.py", dense=0.7, symbol="h"),
            *(cand(f"src/weak_{i}.py", dense=0.1 + i / 100) for i in range(30))]


def test_only_the_top_of_the_hand_set_order_is_re_scored() -> None:
    query = analyse("parse the configuration file")
    candidates = pool()
    signals = Signals.of(query, candidates, HAND_SET)
    hand = hand_scores(query, candidates, signals, HAND_SET)
    # A forest that favours the weakest cosines (cosine <= 0.15 scores high).
    forest = lo.Forest.from_json(stump_table("cosine", 0.15, 0.0, 8.0))
    scores = lo.learned_scores(query, candidates, signals, hand, forest, top=5)
    top = set(lo.top_rows(np.asarray(hand), 5).tolist())
    assert {0, 1, 2} <= top
    others = [i for i in range(len(candidates)) if i not in top]
    assert max(scores[i] for i in others) < min(scores[i] for i in top)
    for i in others:  # the hand-set half alone
        assert scores[i] == pytest.approx(0.5 * hand[i] / max(hand))


def test_a_forest_reorders_a_sentences_results() -> None:
    candidates = pool()
    query = analyse("parse the configuration file")
    hand_set = [r.chunk_id for r in rank(query, candidates, 3, HAND_SET)]
    assert hand_set == [c.chunk_id for c in candidates[:3]]
    # This forest ranks functions far over methods: the method falls from first.
    forest = lo.Forest.from_json(stump_table("function", 0.5, -20.0, 0.0))
    learned = [r.chunk_id for r in rank(query, candidates, 3, WEIGHTS, forest)]
    assert learned[:2] == [candidates[1].chunk_id, candidates[2].chunk_id]


def test_a_name_keeps_the_hand_set_order() -> None:
    candidates = pool()
    query = analyse("Config")
    forest = lo.Forest.from_json(stump_table("function", 0.5, -20.0, 0.0))
    assert ([r.chunk_id for r in rank(query, candidates, 5, WEIGHTS, forest)]
            == [r.chunk_id for r in rank(query, candidates, 5, HAND_SET)])


def test_a_sentence_naming_a_definition_keeps_the_hand_set_order() -> None:
    candidates = [*pool(), cand("src/flags.go", dense=0.6, symbol="MarkFlagRequired",
                                names=("MarkFlagRequired",))]
    query = analyse("mark flag required")
    # This forest would sink the definition the words name.
    forest = lo.Forest.from_json(stump_table("defines the name", 0.5, 0.0, -20.0))
    hand_set = [r.chunk_id for r in rank(query, candidates, 5, HAND_SET)]
    assert hand_set[0] == candidates[-1].chunk_id
    assert [r.chunk_id for r in rank(query, candidates, 5, WEIGHTS, forest)] == hand_set
