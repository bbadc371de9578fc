"""Nearest snippets by cosine similarity, through sqlite-vec."""

from __future__ import annotations

import apsw
import numpy as np

# With a filter, KNN fetches this many times `limit` and filters afterwards;
# when too few survive, an exact scan over the filtered rows takes over.
OVERFETCH = 20
MAX_K = 4096  # sqlite-vec's ceiling for `k` in a KNN query


def semantic_search(conn: apsw.Connection, query_vector: np.ndarray, limit: int,
                    where: str, params: list[object]) -> list[tuple[int, float]]:
    """(chunk id, cosine similarity), best first."""
    blob = np.ascontiguousarray(query_vector, dtype=np.float32).tobytes()
    if where == "1":
        return _knn(conn, blob, min(limit, MAX_K))
    fetch = min(limit * OVERFETCH, MAX_K)
    hits = _knn(conn, blob, fetch)
    if hits:
        ids = ",".join(str(i) for i, _ in hits)
        allowed = {row[0] for row in conn.execute(
            f"SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id "
            f"WHERE c.id IN ({ids}) AND {where}", params)}
        kept = [hit for hit in hits if hit[0] in allowed]
        if len(kept) >= limit or len(hits) < fetch:
            return kept[:limit]
    rows = conn.execute(
        "SELECT c.id, 1.0 - vec_distance_cosine(v.embedding, ?) AS s "
        "FROM chunks c JOIN files f ON f.id = c.file_id "
        "JOIN chunk_vectors v ON v.rowid = c.id "
        f"WHERE {where} ORDER BY s DESC LIMIT ?", (blob, *params, limit))
    return [(int(i), float(s)) for i, s in rows]


def _knn(conn: apsw.Connection, blob: bytes, k: int) -> list[tuple[int, float]]:
    rows = conn.execute(
        "SELECT rowid, distance FROM chunk_vectors WHERE embedding MATCH ? AND k = ? "
        "ORDER BY distance", (blob, k))
    return [(int(i), 1.0 - float(d)) for i, d in rows]
