"""Embedder basics on the real default model."""

from __future__ import annotations

import argparse
import inspect
import threading
from pathlib import Path

import numpy as np
import pytest

from app.core.model.embedder import Embedder
from app.core.model.provision import file_fingerprint

JSON_LOADER = "def load_config(path):\n    with open(path) as f:\n        return json.load(f)\n"
CIRCLE_AREA = "def area(radius):\n    return math.pi * radius ** 2\n"


def test_attributes(embedder: Embedder, model_path: Path) -> None:
    assert embedder.dim == 384
    assert embedder.max_tokens == 160
    assert embedder.model_path == model_path
    assert embedder.fingerprint == file_fingerprint(model_path)
    assert len(embedder.fingerprint) == 64


def test_vectors_are_unit_float32(embedder: Embedder) -> None:
    vectors = embedder.embed(["hello world", JSON_LOADER, "", "x"])
    assert vectors.shape == (4, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input_list(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, 384)


def test_a_bare_string_is_refused(embedder: Embedder) -> None:
    with pytest.raises(TypeError):
        embedder.embed("not a list")  # type: ignore[arg-type]


def test_embed_one_equals_embed(embedder: Embedder) -> None:
    one = embedder.embed_one(JSON_LOADER)
    assert one.shape == (384,)
    np.testing.assert_allclose(one, embedder.embed([CIRCLE_AREA, JSON_LOADER])[1], atol=1e-6)


def test_count_tokens(embedder: Embedder) -> None:
    assert embedder.count_tokens("def foo(): pass") == 6  # def foo ( ) : pass
    assert embedder.count_tokens("") == 0
    assert embedder.count_tokens("\ud800 lone surrogate") > 0


def test_5000_word_input_is_truncated(embedder: Embedder) -> None:
    words = inspect.getsource(argparse).split()[:5000]
    long_text = " ".join(words)
    assert embedder.count_tokens(long_text) > 5000
    head = max(k for k in range(300) if embedder.count_tokens(" ".join(words[:k])) <= 254)
    cosine = embedder.embed_one(long_text) @ embedder.embed_one(" ".join(words[:head]))
    assert cosine > 0.999


def test_related_texts_score_higher(embedder: Embedder) -> None:
    query, loader, area = embedder.embed(["read settings from a json file", JSON_LOADER,
                                          CIRCLE_AREA])
    assert query @ loader > query @ area + 0.1


def test_usable_from_other_threads_at_once(embedder: Embedder) -> None:
    texts = [JSON_LOADER, CIRCLE_AREA, "sort a list in place"] * 4
    expected = embedder.embed(texts)
    results: list[np.ndarray] = []

    def work() -> None:
        results.append(embedder.embed(texts))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 3
    for got in results:
        np.testing.assert_allclose(got, expected, atol=1e-6)
