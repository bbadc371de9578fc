"""With the bias matrix, a hybrid search's meaning score blends the mapped and the raw cosine."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from app.core.engine import Engine, EngineConfig
from app.core.search.query_kind import analyse
from app.core.search.ranking import WEIGHTS
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from app.core.search.vector_index import float_vectors
from tests.conftest import IndexedTree

QUERY = "quote a string for a cookie value"


def _meaning(stdlib_index: IndexedTree, share: float, mode: Mode = Mode.HYBRID,
             use_bias: bool = True) -> dict[int, float]:
    """Chunk id → the candidates' meaning score, with the given matrix share."""
    engine = Engine(EngineConfig.from_options(str(stdlib_index.db)))
    with engine.open_store(readonly=True) as store:
        base = engine.searcher(store)
        assert base.bias is not None, "the shipped matrix is loaded by default"
        searcher = Searcher(store, base.embed_query, base.bias,
                            replace(WEIGHTS, matrix_share=share))
        with store.conn:
            found, _ = searcher.candidates(SearchRequest(QUERY, 10, mode, use_bias),
                                           analyse(QUERY))
            if share == 0.0:  # check against the raw cosine computed here
                ids, vectors = float_vectors(store.conn, [c.chunk_id for c in found])
                raw = dict(zip(ids, (vectors @ base.embed_query(QUERY)).tolist(), strict=True))
                assert raw and all(c.dense == pytest.approx(raw[c.chunk_id], abs=1e-5)
                                   for c in found if c.chunk_id in raw)
    return {c.chunk_id: c.dense for c in found}


def test_the_default_blends_the_mapped_cosine_with_the_raw_one(
        stdlib_index: IndexedTree) -> None:
    assert 0 < WEIGHTS.matrix_share < 1
    mapped = _meaning(stdlib_index, 1.0)
    raw = _meaning(stdlib_index, 0.0)
    blended = _meaning(stdlib_index, WEIGHTS.matrix_share)
    # Retrieval is the same (the mapped query's nearest snippets); only the score changes.
    assert mapped.keys() == raw.keys() == blended.keys()
    share = WEIGHTS.matrix_share
    expected = np.array([share * mapped[i] + (1 - share) * raw[i] for i in mapped])
    assert np.allclose([blended[i] for i in mapped], expected, atol=1e-5)
    assert not np.allclose(list(mapped.values()), list(raw.values()), atol=1e-3)


def test_the_share_is_left_alone_without_the_matrix_or_outside_hybrid(
        stdlib_index: IndexedTree) -> None:
    assert _meaning(stdlib_index, 0.3, use_bias=False) == _meaning(
        stdlib_index, 1.0, use_bias=False)
    assert _meaning(stdlib_index, 0.3, Mode.SEMANTIC) == _meaning(
        stdlib_index, 1.0, Mode.SEMANTIC)
