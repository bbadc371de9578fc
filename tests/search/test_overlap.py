"""A hybrid search embeds its query on another thread while FTS5 runs, and finds the same."""

from __future__ import annotations

import threading

import numpy as np

from app.core.engine import Engine, EngineConfig
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from tests.conftest import IndexedTree

QUERIES = ("parse an email address", "copy a file with its permissions", "HTTPConnection")


def test_hybrid_search_embeds_beside_the_lexical_side(stdlib_index: IndexedTree) -> None:
    engine = Engine(EngineConfig.from_options(str(stdlib_index.db)))
    embed = engine.query_embedder().embed_one
    threads: list[str] = []

    def recorded(text: str) -> np.ndarray:
        threads.append(threading.current_thread().name)
        return embed(text)

    with engine.open_store(readonly=True) as store:
        base = engine.searcher(store)
        searcher = Searcher(store, recorded, base.bias)
        for query in QUERIES:
            overlapped = searcher.search(SearchRequest(query))
            assert threads.pop().startswith("kenning-query")
            assert overlapped.results
            plain = base.search(SearchRequest(query))
            assert ([(r.chunk_id, round(r.score, 6)) for r in overlapped.results]
                    == [(r.chunk_id, round(r.score, 6)) for r in plain.results])
        searcher.search(SearchRequest(QUERIES[0], mode=Mode.SEMANTIC))
        assert threads.pop() == threading.current_thread().name  # nothing to overlap
