"""Query → (bias) → vector KNN + BM25 → rank fusion → results."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from app.core.bias.matrix import BiasMatrix
from app.core.search.filters import filter_sql
from app.core.search.fusion import reciprocal_rank_fusion
from app.core.search.lexical import lexical_search
from app.core.search.request import Mode, SearchRequest, SearchResponse, SearchResult
from app.core.search.semantic import semantic_search
from app.core.store.store import Store

# Each side of a hybrid search contributes this many candidates per result asked.
CANDIDATES_PER_RESULT = 5
MIN_CANDIDATES = 50
# BM25 has no upper bound; x / (x + BM25_HALF) maps it to [0, 1) for display.
BM25_HALF = 5.0

QueryEmbedder = Callable[[str], np.ndarray]


class Searcher:
    """Runs searches on one store. Lexical searches never load the model."""

    def __init__(self, store: Store, embed_query: QueryEmbedder,
                 bias: BiasMatrix | None = None) -> None:
        self.store = store
        self.embed_query = embed_query
        self.bias = bias

    def search(self, request: SearchRequest) -> SearchResponse:
        started = time.perf_counter()
        where, params = filter_sql(request.languages, request.paths)
        k = max(1, request.k)
        conn = self.store.conn
        vector = None if request.mode is Mode.LEXICAL else self.embed_query(request.query)
        biased = vector is not None and request.use_bias and self.bias is not None
        if biased:
            vector = self.bias.apply(vector)
        with conn:  # one read snapshot, even while an indexer commits
            hits = self._rank(request, vector, biased, k, where, params)
            results = self._load(hits)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResponse(request, results, elapsed, bias_applied=biased)

    def _rank(self, request: SearchRequest, vector: np.ndarray | None, biased: bool, k: int,
              where: str, params: list[object]) -> list[tuple[int, float]]:
        conn = self.store.conn
        if vector is None:
            return [(i, s / (s + BM25_HALF))
                    for i, s in lexical_search(conn, request.query, k, where, params)]
        scale = self.bias.doc_scale if biased and self.bias.doc_weights is not None else None
        if request.mode is Mode.SEMANTIC:
            return semantic_search(conn, vector, k, where, params, scale)
        pool = max(k * CANDIDATES_PER_RESULT, MIN_CANDIDATES)
        dense = semantic_search(conn, vector, pool, where, params, scale)
        sparse = lexical_search(conn, request.query, pool, where, params)
        return reciprocal_rank_fusion([[i for i, _ in dense], [i for i, _ in sparse]],
                                      [1.0, 1.0])[:k]

    def _load(self, hits: list[tuple[int, float]]) -> list[SearchResult]:
        if not hits:
            return []
        ids = ",".join(str(i) for i, _ in hits)
        rows = {row[0]: row for row in self.store.conn.execute(
            "SELECT c.id, f.path, f.rel_path, r.path, c.start_line, c.end_line, c.symbol,"
            " c.kind, c.language, c.text FROM chunks c JOIN files f ON f.id = c.file_id"
            f" JOIN roots r ON r.id = f.root_id WHERE c.id IN ({ids})")}
        results = []
        for chunk_id, score in hits:
            (_, path, rel, root, start, end, symbol, kind, language, text) = rows[chunk_id]
            results.append(SearchResult(chunk_id, path, rel, root, start, end, symbol, kind,
                                        language, float(score), text))
        return results
