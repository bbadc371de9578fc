"""A process that searches once scans the stored vectors instead of loading the index."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from app.core.engine import Engine, EngineConfig
from app.core.search import lexical_index, vector_index
from app.core.search.request import SearchRequest
from tests.conftest import IndexedTree

QUERIES = ("parse an email address", "send an http request", "encode a json string")


def test_one_shot_search_finds_the_same_without_loading_the_index(
        stdlib_index: IndexedTree, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(stdlib_index.db, db)  # a file no search of this process has opened yet
    engine = Engine(EngineConfig.from_options(str(db)))
    with engine.open_store(readonly=True) as store:
        once = [engine.searcher(store, one_shot=True).search(SearchRequest(q))
                for q in QUERIES]
        assert os.path.realpath(db) not in vector_index._SHARED
        assert os.path.realpath(db) not in lexical_index._SHARED
        again = [engine.searcher(store).search(SearchRequest(q)) for q in QUERIES]
        assert os.path.realpath(db) in vector_index._SHARED
    for exact, approximate in zip(once, again, strict=True):
        assert exact.results
        assert ([r.chunk_id for r in exact.results[:5]]
                == [r.chunk_id for r in approximate.results[:5]])
