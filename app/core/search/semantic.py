"""Nearest snippets by cosine similarity.

The fast path is `VectorIndex` (sign bits in memory, int8 re-scoring), which
applies a language or path filter itself: the nearest rows among those the
filter keeps (`VectorIndex.allowed`). An index written before it existed
(schema < 3, opened read-only) is searched with sqlite-vec's exact KNN
instead: with a filter, more candidates are fetched and filtered, and when
too few survive, an exact scan over the filtered rows takes over.
"""

from __future__ import annotations

import apsw
import numpy as np

from app.core.search.vector_index import (
    RESCALE_MARGIN,
    RESCALE_OVERFETCH,
    DocScale,
    VectorIndex,
    float_vectors,
    shared_index,
)

# Candidates re-scored per search: POOL_SHARE of the index, at least POOL_MIN and
# POOL_PER_RESULT per result asked. Chosen by the recall@10 against exact search that
# `kenning bench` measures (docs/BENCHMARKS.md).
POOL_MIN = 4000
POOL_SHARE = 0.08
POOL_PER_RESULT = 40
# Without the in-memory index (schema < 3, read-only), a filtered search fetches this
# many times more candidates before filtering.
OVERFETCH = 20
MAX_K = 4096  # sqlite-vec's ceiling for `k` in a KNN query


def semantic_search(conn: apsw.Connection, query_vector: np.ndarray, limit: int,
                    where: str, params: list[object], doc_scale: DocScale | None = None,
                    in_memory: bool = True) -> list[tuple[int, float]]:
    """(chunk id, cosine similarity), best first. Call inside a read transaction.

    `doc_scale` (from a two-sided bias matrix) gives each stored vector's factor:
    the score is then (query · d) × doc_scale(d). Without `in_memory`, the
    stored vectors are scanned exactly instead of loading the `VectorIndex`: for
    a process that searches once, the scan costs less than the load (measured
    at 100k snippets: ~0.1 s against ~0.35 s).
    """
    query = np.ascontiguousarray(query_vector, dtype=np.float32)
    index = shared_index(conn) if in_memory else None
    if index is not None:
        return _indexed(conn, index, query, limit, where, params, doc_scale)
    if doc_scale is None:
        return _scanned(conn, query, limit, where, params)
    hits = _scanned(conn, query, limit * RESCALE_OVERFETCH + RESCALE_MARGIN, where, params)
    ids, vectors = float_vectors(conn, [i for i, _ in hits])
    if not ids:
        return []
    scores = (vectors @ query) * doc_scale(vectors)
    order = np.argsort(-scores, kind="stable")[:limit]
    return [(ids[i], float(scores[i])) for i in order]


def _indexed(conn: apsw.Connection, index: VectorIndex, query: np.ndarray, limit: int,
             where: str, params: list[object], doc_scale: DocScale | None
             ) -> list[tuple[int, float]]:
    if where == "1":
        return index.nearest(conn, query, pool_size(len(index), limit), limit,
                             doc_scale=doc_scale)
    # The filter is applied inside the index: the nearest allowed rows, no over-fetch.
    allowed = index.allowed(conn, where, params)
    return index.nearest(conn, query, pool_size(len(allowed), limit), limit, allowed,
                         doc_scale)


def _scanned(conn: apsw.Connection, query: np.ndarray, limit: int, where: str,
             params: list[object]) -> list[tuple[int, float]]:
    """Exact cosine over the stored vectors (sqlite-vec), filtered."""
    if where == "1":
        return exact_knn(conn, query, min(limit, MAX_K))
    fetch = min(limit * OVERFETCH, MAX_K)
    hits = exact_knn(conn, query, fetch)
    kept = _allowed(conn, hits, where, params)
    if len(kept) >= limit or len(hits) < fetch:
        return kept[:limit]
    return exact_filtered(conn, query, limit, where, params)


def pool_size(n: int, fetch: int) -> int:
    """How many sign-bit candidates to re-score for `fetch` results out of `n`."""
    return max(POOL_MIN, int(n * POOL_SHARE), fetch * POOL_PER_RESULT)


def exact_knn(conn: apsw.Connection, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """sqlite-vec's exact float KNN over every vector."""
    rows = conn.execute(
        "SELECT rowid, distance FROM chunk_vectors WHERE embedding MATCH ? AND k = ? "
        "ORDER BY distance", (query.tobytes(), k))
    return [(int(i), 1.0 - float(d)) for i, d in rows]


def exact_filtered(conn: apsw.Connection, query: np.ndarray, limit: int, where: str,
                   params: list[object]) -> list[tuple[int, float]]:
    """Exact cosine over the rows the filter keeps."""
    rows = conn.execute(
        "SELECT c.id, 1.0 - vec_distance_cosine(v.embedding, ?) AS s "
        "FROM chunks c JOIN files f ON f.id = c.file_id "
        "JOIN chunk_vectors v ON v.rowid = c.id "
        f"WHERE {where} ORDER BY s DESC LIMIT ?", (query.tobytes(), *params, limit))
    return [(int(i), float(s)) for i, s in rows]


def _allowed(conn: apsw.Connection, hits: list[tuple[int, float]], where: str,
             params: list[object]) -> list[tuple[int, float]]:
    if not hits:
        return []
    ids = ",".join(str(i) for i, _ in hits)
    allowed = {row[0] for row in conn.execute(
        f"SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id "
        f"WHERE c.id IN ({ids}) AND {where}", params)}
    return [hit for hit in hits if hit[0] in allowed]
