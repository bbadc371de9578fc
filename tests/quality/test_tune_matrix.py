"""The matrix's query side tuned on the dev queries (app/quality/tune_matrix.py): its
gradient, that tuning lifts the answers it is shown, and what the shipped card says."""

from __future__ import annotations

from dataclasses import replace

import apsw
import numpy as np
import pytest

from app.core.bias.matrix import BiasMatrix
from app.core.bias.registry import shipped_path
from app.core.model.provision import default_model_path, file_fingerprint
from app.quality import tune_matrix as tm
from app.quality.judgments import Judgment, Relevant
from app.quality.learn_order import training_projects
from app.quality.projects import load_projects


def example(rng: np.random.Generator, dim: int, rotation: np.ndarray,
            negatives: int = 12) -> tm.Example:
    """A query whose answer is its rotated self, among random snippets."""
    query = tm.unit_rows(rng.normal(size=dim))
    positive = tm.unit_rows(rotation @ query + 0.1 * rng.normal(size=dim))
    return tm.Example("p", query, positive[None], tm.unit_rows(rng.normal(size=(negatives, dim))))


def test_the_gradient_is_the_losss() -> None:
    rng = np.random.default_rng(0)
    dim = 6
    e = example(rng, dim, np.eye(dim))
    e = replace(e, positives=np.vstack([e.positives, tm.unit_rows(rng.normal(size=(1, dim)))]))
    a = np.eye(dim) + 0.3 * rng.normal(size=(dim, dim))
    loss, grad = tm.loss_and_gradient(a, e, tau=0.5)
    step = 1e-6
    numeric = np.zeros_like(a)
    for i in range(dim):
        for j in range(dim):
            moved = a.copy()
            moved[i, j] += step
            numeric[i, j] = (tm.loss_and_gradient(moved, e, tau=0.5)[0] - loss) / step
    assert np.allclose(grad, numeric, atol=1e-4)


def test_tuning_lifts_the_answers_it_is_shown_and_stays_near_its_base() -> None:
    rng = np.random.default_rng(1)
    dim = 16
    rotation, _ = np.linalg.qr(rng.normal(size=(dim, dim)))
    examples = [example(rng, dim, rotation) for _ in range(64)]
    held = [example(rng, dim, rotation) for _ in range(32)]
    base = np.eye(dim)
    settings = replace(tm.SETTINGS, epochs=30, lr=1e-2, l2=1e-4)
    tuned = tm.tune(base, examples, settings)
    assert tm.pool_mrr(tuned, held) > tm.pool_mrr(base, held) + 0.2
    anchored = tm.tune(base, examples, replace(settings, l2=100.0))
    assert np.abs(anchored - base).max() < np.abs(tuned - base).max() / 10


def test_the_shipped_matrix_says_how_it_was_tuned_and_keeps_its_base_snippet_side() -> None:
    fingerprint = file_fingerprint(default_model_path())
    path = shipped_path(fingerprint)
    assert path is not None
    shipped = BiasMatrix.load(path)
    base = BiasMatrix.load(tm.base_path(fingerprint))
    assert shipped.doc_weights is not None and base.doc_weights is not None
    assert np.array_equal(shipped.doc_weights, base.doc_weights)
    assert not np.array_equal(shipped.weights, base.weights)
    tuned = shipped.card["tuned_on_queries"]
    learning = {p.name for p in training_projects(load_projects())}
    assert set(tuned["projects"]) <= learning  # never the blind check, never the test split
    held = tuned["held_out"]
    assert set(held["projects"]) <= set(tuned["projects"])
    assert held["pool_mrr_after"] > held["pool_mrr_before"]
    assert tuned["settings"]["sides"] == "query"


@pytest.mark.parametrize(("min_grade", "expected"), [(2, {1}), (1, {1, 2})])
def test_answer_snippets_are_those_overlapping_the_answers(min_grade: int,
                                                           expected: set[int]) -> None:
    conn = apsw.Connection(":memory:")
    conn.execute("CREATE TABLE files(id INTEGER PRIMARY KEY, rel_path TEXT);"
                 "CREATE TABLE chunks(id INTEGER PRIMARY KEY, file_id INT, start_line INT,"
                 " end_line INT);"
                 "INSERT INTO files VALUES (1, 'a.py'), (2, 'b.py');"
                 "INSERT INTO chunks VALUES (1, 1, 1, 10), (2, 1, 11, 20), (3, 2, 1, 10);")
    judgment = Judgment("p-01", "p", "behaviour", "q",
                        (Relevant("a.py", 5, 8, 2), Relevant("a.py", 15, 30, 1)))
    grades = tm.answer_grades(conn, judgment)
    assert {i for i, grade in grades.items() if grade >= min_grade} == expected
