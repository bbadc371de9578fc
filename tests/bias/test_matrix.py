"""BiasMatrix: the two-sided score is computed from the query side and a per-snippet factor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.core.bias.matrix import BiasMatrix
from app.core.errors import KenningError


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_two_sided_score_is_the_cosine_of_both_mapped_vectors() -> None:
    rng = np.random.default_rng(0)
    dim = 16
    a = np.eye(dim) + 0.3 * rng.normal(size=(dim, dim))
    b = np.eye(dim) + 0.3 * rng.normal(size=(dim, dim))
    matrix = BiasMatrix(a.astype(np.float32), {}, b.astype(np.float32))
    query = _unit(rng.normal(size=dim)).astype(np.float32)
    docs = _unit(rng.normal(size=(50, dim))).astype(np.float32)
    scores = (docs @ matrix.apply(query)) * matrix.doc_scale(docs)
    expected = _unit(docs @ b.T) @ _unit(a @ query)
    assert np.allclose(scores, expected, atol=1e-5)


def test_query_side_only_is_unchanged() -> None:
    rng = np.random.default_rng(1)
    a = (np.eye(8) + 0.2 * rng.normal(size=(8, 8))).astype(np.float32)
    matrix = BiasMatrix(a)
    query = _unit(rng.normal(size=8)).astype(np.float32)
    assert np.allclose(matrix.apply(query), _unit(a @ query), atol=1e-6)
    assert np.all(matrix.doc_scale(np.ones((3, 8))) == 1)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    a, b = (rng.normal(size=(2, 8, 8))).astype(np.float32)
    BiasMatrix(a, {"name": "t"}, b).save(tmp_path / "m.npy")
    loaded = BiasMatrix.load(tmp_path / "m.npy")
    assert np.array_equal(loaded.weights, a) and np.array_equal(loaded.doc_weights, b)
    assert loaded.card == {"name": "t"}
    BiasMatrix(a).save(tmp_path / "q.npy")
    assert BiasMatrix.load(tmp_path / "q.npy").doc_weights is None


def test_a_wrong_shape_is_a_clear_error(tmp_path: Path) -> None:
    np.save(tmp_path / "bad.npy", np.zeros((3, 4, 4), dtype=np.float32))
    with pytest.raises(KenningError, match="not d×d or 2×d×d"):
        BiasMatrix.load(tmp_path / "bad.npy")
