"""How close each candidate's file is to the query, by the meaning of all its snippets.

A snippet is ranked by what it says, but the file around it says what it is
for: `dehydrate` in `hydration.ts` answers "serialize the cache on the server
so the browser can pick it up" better than a neighbour of similar words in
another file. The file's meaning is the centroid of its snippets' vectors,
scored against the query as the snippets are (through the bias matrix when it
is on), the same for every snippet of the file; a file of one snippet gets
none. The ranking stage adds a share of it (`Weights.file_meaning`; measured
in docs/QUALITY.md). Two cheaper forms were measured and left out: each
candidate left out of its own file's centroid (among the candidates of one
file it ranks the one that matches best lowest: its removal leaves the least
similar centroid), and the centroid scored without the matrix's 1/‖B c‖
(lower on the test split and the held-out queries).

Each file's vector sum is stored (store/file_vectors.py) and read in one
indexed query inside the search's read transaction, so the in-memory index and
the one-query exact scan see the same figures. An index older than the stored
sums (opened read-only) gets no file meaning.
"""

from __future__ import annotations

from collections.abc import Sequence

import apsw
import numpy as np

from app.core.search.ranking import Candidate
from app.core.search.vector_index import DocScale
from app.core.store import file_vectors

# A file of one snippet means what its snippet means: its cosine is already counted.
MIN_SNIPPETS = 2


def add_file_meaning(conn: apsw.Connection, candidates: Sequence[Candidate],
                     query: np.ndarray, doc_scale: DocScale | None) -> None:
    """Set each candidate's `file_dense`: its file's centroid scored against `query` as
    a snippet is (None for a file of fewer than MIN_SNIPPETS embedded snippets)."""
    for c in candidates:
        c.file_dense = None
    if not candidates or not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = ?", (file_vectors.TABLE,)).fetchone():
        return
    sums = file_vectors.read(conn, sorted({c.file_id for c in candidates}))
    files = [file_id for file_id, (n, _) in sums.items() if n >= MIN_SNIPPETS]
    if not files:
        return
    centroids = np.vstack([sums[file_id][1] for file_id in files])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    scores = centroids @ query
    if doc_scale is not None:
        scores = scores * doc_scale(centroids)
    score_of = dict(zip(files, scores.tolist(), strict=True))
    for c in candidates:
        c.file_dense = score_of.get(c.file_id)
