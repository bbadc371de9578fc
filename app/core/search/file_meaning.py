"""How close each candidate's file is to the query, by the meaning of its other snippets.

A snippet is ranked by what it says, but the file around it says what it is
for: `dehydrate` in `hydration.ts` answers "serialize the cache on the server
so the browser can pick it up" better than a neighbour of similar words in
another file. The file's meaning is the centroid of its snippets' vectors, the
candidate itself left out (so a one-snippet file adds nothing and a snippet's
own cosine is not counted twice), scored against the query as the snippets
are (through the bias matrix when it is on). The ranking stage adds a share of
it (`Weights.file_meaning`; measured in docs/QUALITY.md).

Each file's vector sum is stored (store/file_vectors.py); it is read with
each candidate's own int8 vector in one indexed query inside the search's
read transaction, so the in-memory index and the one-query exact scan see the
same figures. An index older than the stored sums (opened read-only) gets no
file meaning.
"""

from __future__ import annotations

from collections.abc import Sequence

import apsw
import numpy as np

from app.core.search.ranking import Candidate
from app.core.search.vector_index import DocScale
from app.core.store import file_vectors


def add_file_meaning(conn: apsw.Connection, candidates: Sequence[Candidate],
                     query: np.ndarray, doc_scale: DocScale | None) -> None:
    """Set each candidate's `file_dense`: its file's other snippets' centroid scored
    against `query` (None when the file has no other embedded snippet)."""
    for c in candidates:
        c.file_dense = None
    if not candidates or not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = ?", (file_vectors.TABLE,)).fetchone():
        return
    listed = ",".join(str(c.chunk_id) for c in candidates)
    rows = conn.execute(
        "SELECT c.id, fv.n, fv.total, v.vec FROM chunks c "
        f"JOIN {file_vectors.TABLE} fv ON fv.file_id = c.file_id "
        f"LEFT JOIN vector_q8 v ON v.chunk_id = c.id WHERE c.id IN ({listed})").fetchall()
    if not rows:
        return
    totals = np.frombuffer(b"".join(row[2] for row in rows), dtype=np.float32).reshape(
        len(rows), -1).copy()
    counts = np.array([row[1] for row in rows])
    own = [i for i, row in enumerate(rows) if row[3] is not None]
    if own:  # each candidate left out of its own file's sum
        totals[own] -= file_vectors.decode([rows[i][3] for i in own])
        counts[own] -= 1
    keep = np.flatnonzero(counts > 0)
    centroids = totals[keep]
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    scores = centroids @ query
    if doc_scale is not None:
        scores = scores * doc_scale(centroids)
    by_id = {c.chunk_id: c for c in candidates}
    for i, score in zip(keep.tolist(), scores.tolist(), strict=True):
        by_id[rows[i][0]].file_dense = score
