"""The ways to find the nearest vectors that Kenning could use, measured side by side.

On one synthetic index, with the same (biased) query vectors, search only (no
query embedding): latency, recall@10 against exact float search, and the
memory each keeps. Kenning's choice is `VectorIndex` (search/vector_index.py).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import apsw
import numpy as np

from app.bench.timing import percentile
from app.core.search.semantic import exact_knn, pool_size
from app.core.search.vector_index import shared_index
from app.core.store.codes import sign_codes, split_int8

K = 10
# Loading every float vector out of vec0 runs at ~20k rows/s: only up to this size.
FLOAT_MATRIX_MAX = 100_000
BIT_TABLE_MAX = 100_000

Search = Callable[[np.ndarray], list[int]]


@dataclass(frozen=True)
class Option:
    name: str
    p50_ms: float
    p95_ms: float
    recall: float
    memory: str


def exact_ids(conn: apsw.Connection, queries: np.ndarray) -> list[list[int]]:
    return [[i for i, _ in exact_knn(conn, q, K)] for q in queries]


def compare(conn: apsw.Connection, queries: np.ndarray, exact: list[list[int]], n: int,
            exact_ms: list[float]) -> list[Option]:
    """Every option at this size (the costly-to-set-up ones only up to their limits).

    `conn` must be writable: the bit[] option builds a table of its own for a while.
    """
    options = [Option("sqlite-vec float KNN (exact brute force)", statistics.median(exact_ms),
                      percentile(exact_ms, 95), 1.0, "none (reads the file)")]
    with conn:
        index = shared_index(conn)
        assert index is not None
        pool = pool_size(n, K)
        options.append(_measure(f"Kenning: sign bits + int8 re-scoring, pool {pool:,}",
                                lambda q: [i for i, _ in index.nearest(conn, q, pool, K)],
                                queries, exact, f"{index.nbytes / 2**20:.0f} MB"))
    if n <= FLOAT_MATRIX_MAX:
        ids, matrix = _float_matrix(conn)
        options.append(_measure("numpy float32 matrix in memory (exact)",
                                lambda q: ids[np.argsort(-(matrix @ q))[:K]].tolist(),
                                queries, exact, f"{(matrix.nbytes + ids.nbytes) / 2**20:.0f} MB"))
    if n <= BIT_TABLE_MAX:
        _bit_table(conn)
        bit_pool = min(pool_size(n, K), 4096)  # sqlite-vec's ceiling for k
        try:
            options.append(_measure(f"sqlite-vec bit[] KNN + int8 re-scoring, pool {bit_pool:,}",
                                    lambda q: _bit_search(conn, q, bit_pool),
                                    queries, exact, "none (reads the file)"))
        finally:
            conn.execute("DROP TABLE bench_bits")
    return options


def _measure(name: str, search: Search, queries: np.ndarray, exact: list[list[int]],
             memory: str) -> Option:
    times, recalls = [], []
    for q, want in zip(queries, exact, strict=True):
        start = time.perf_counter()
        got = search(q)
        times.append((time.perf_counter() - start) * 1000)
        recalls.append(len(set(got) & set(want)) / K)
    return Option(name, statistics.median(times), percentile(times, 95),
                  float(np.mean(recalls)), memory)


def _float_matrix(conn: apsw.Connection) -> tuple[np.ndarray, np.ndarray]:
    rows = conn.execute("SELECT rowid, embedding FROM chunk_vectors").fetchall()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    return ids, np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(ids),
                                                                                       -1)


def _bit_table(conn: apsw.Connection) -> None:
    """A vec0 bit[] table of the sign bits (what a second vec0 table would hold).

    Made from scratch at each size and dropped after use (`conn` must be writable).
    """
    conn.execute("DROP TABLE IF EXISTS bench_bits")
    dim = len(conn.execute("SELECT vec FROM vector_q8 LIMIT 1").fetchone()[0]) - 4
    with conn:
        conn.execute(f"CREATE VIRTUAL TABLE bench_bits USING vec0(embedding bit[{dim}])")
        rows = conn.execute("SELECT chunk_id, vec FROM vector_q8").fetchall()
        codes = sign_codes(np.frombuffer(b"".join(r[1] for r in rows), dtype=np.uint8)
                           .reshape(len(rows), -1)[:, 4:].view(np.int8))
        conn.executemany("INSERT INTO bench_bits(rowid, embedding) VALUES (?, vec_bit(?))",
                         ((r[0], c.tobytes()) for r, c in zip(rows, codes, strict=True)))


def _bit_search(conn: apsw.Connection, query: np.ndarray, pool: int) -> list[int]:
    candidates = [r[0] for r in conn.execute(
        "SELECT rowid FROM bench_bits WHERE embedding MATCH vec_bit(?) AND k = ?",
        (sign_codes(query).tobytes(), pool))]
    listed = ",".join(map(str, candidates))
    rows = conn.execute(f"SELECT chunk_id, vec FROM vector_q8 WHERE chunk_id IN ({listed})"
                        ).fetchall()
    scales, q8 = split_int8([r[1] for r in rows])
    scores = (q8.astype(np.float32) @ query) * scales
    return [rows[i][0] for i in np.argsort(-scores)[:K]]
