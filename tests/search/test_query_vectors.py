"""The cache of recent query vectors: asking again costs no model call, same results."""

from __future__ import annotations

import numpy as np

from app.core.engine import Engine, EngineConfig
from app.core.search.query_vectors import QueryVectors
from app.core.search.request import SearchRequest
from tests.conftest import IndexedTree


def test_keeps_the_most_recent_and_returns_read_only_vectors() -> None:
    calls: list[str] = []

    def embed(text: str) -> np.ndarray:
        calls.append(text)
        return np.full(4, float(len(calls)), dtype=np.float32)

    cache = QueryVectors(embed, size=2)
    first = cache("a")
    assert cache("a") is first and calls == ["a"]
    cache("b")
    cache("a")  # now the most recent
    cache("c")  # pushes out "b", the least recent
    cache("a")
    cache("b")
    assert calls == ["a", "b", "c", "b"]
    assert not first.flags.writeable


def test_a_search_asked_again_does_not_embed_again(stdlib_index: IndexedTree) -> None:
    engine = Engine(EngineConfig.from_options(str(stdlib_index.db)))
    first = engine.search(SearchRequest("parse an email address"))
    vectors = engine.query_vectors()
    assert vectors.hits == 0
    again = engine.search(SearchRequest("parse an email address"))
    narrowed = engine.search(SearchRequest("parse an email address", languages=("python",)))
    assert vectors.hits == 2
    assert [r.chunk_id for r in again.results] == [r.chunk_id for r in first.results]
    assert [r.score for r in again.results] == [r.score for r in first.results]
    assert narrowed.results
