"""Training the learned order (app/quality/learn_order.py): what a row is labelled, which
rows a query gives, and that the written node table walks as LightGBM's own model."""

from __future__ import annotations

from pathlib import Path

import lightgbm
import numpy as np
import pytest

from app.core.errors import KenningError
from app.core.search import learned_order as lo
from app.core.search.query_kind import analyse
from app.quality import learn_order
from app.quality.judgments import Judgment, Relevant
from app.quality.projects import load_projects
from tests.search.test_ranking import cand


def judgment(*relevant: Relevant) -> Judgment:
    return Judgment("p-01", "p", "behaviour", "parse the configuration file", relevant)


def test_the_forest_learns_from_the_dev_projects_but_its_blind_check() -> None:
    projects = load_projects()
    learned = learn_order.training_projects(projects)
    held = [p for p in projects if p.split == "dev" and p not in learned]
    assert learned and all(p.split == "dev" and p.learn for p in learned)
    assert held and not any(p.learn for p in held)  # bench/quality/projects.toml: learn = false


def test_learn_must_be_true_or_false(tmp_path: Path) -> None:
    (tmp_path / "projects.toml").write_text(
        '[p]\nsource = "pypi:p==1"\nroot = "p"\nlanguage = "python"\nsplit = "dev"\n'
        'learn = "no"\n')
    with pytest.raises(KenningError, match="learn must be true or false"):
        load_projects(tmp_path)


def test_a_row_is_labelled_with_the_best_answer_it_overlaps() -> None:
    answers = judgment(Relevant("src/config.py", 10, 30, 2), Relevant("src/config.py", 1, 12, 1),
                       Relevant("src/other.py", 1, 50, 2))
    assert learn_order.grade(answers, cand("src/config.py", lines=(25, 40))) == 2
    assert learn_order.grade(answers, cand("src/config.py", lines=(1, 5))) == 1
    assert learn_order.grade(answers, cand("src/config.py", lines=(31, 40))) == 0
    assert learn_order.grade(answers, cand("src/elsewhere.py", lines=(1, 50))) == 0


def test_a_query_gives_the_rows_the_forest_re_scores() -> None:
    answer = cand("src/config.py", dense=0.9, lexical=2.0, lines=(10, 30))
    weak = [cand(f"src/weak_{i}.py", dense=0.1 + i / 1000) for i in range(60)]
    sample = learn_order.sample(judgment(Relevant("src/config.py", 10, 30, 2)), "python",
                                analyse("parse the configuration file"), [*weak, answer])
    assert sample.x.shape == (lo.TOP, len(lo.FEATURES))
    assert sample.labels.tolist() == [2] + [0] * (lo.TOP - 1)  # the best hand-set row first
    assert sample.x[0, lo.FEATURES.index("rank by hand score")] == 0


def test_the_node_table_walks_as_lightgbms_model() -> None:
    rng = np.random.default_rng(7)
    x = rng.random((600, len(lo.FEATURES)))
    x[:, lo.FEATURES.index("function")] = rng.random(600) < 0.5
    y = ((x[:, 2] > 0.6) & (x[:, 17] > 0.5)).astype(int) * 2
    booster = lightgbm.train({**learn_order.PARAMS, "min_data_in_leaf": 5},
                             lightgbm.Dataset(x, y, group=[30] * 20), num_boost_round=20)
    forest = lo.Forest.from_json(lo.forest_from_lightgbm(booster.dump_model()))
    assert forest.depth >= 2
    fresh = rng.random((200, len(lo.FEATURES)))
    assert np.allclose(forest.predict(fresh), booster.predict(fresh), atol=1e-12)
    # It learnt the rule: relevant rows score above the others.
    scores = forest.predict(x)
    assert scores[y == 2].min() > scores[y == 0].max()
