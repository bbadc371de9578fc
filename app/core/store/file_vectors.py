"""Each file's sum of its snippets' vectors, for the ranking stage's file meaning.

search/file_meaning.py scores a file by the centroid of its snippets; summing
a file's vectors at search time costs 4-13 ms (thousands of int8 rows read for
the 30-50 files of a query's candidates), a stored sum a fraction of a
millisecond. The sums are of the int8 copies as decoded (`decode`), the
vectors a search reads back to leave a candidate out of its own file's sum.

Derived data, like `vector_q8`: a trigger drops a file's row when one of its
snippets is deleted, and `add`, called in the transaction that writes vectors,
adds the new vectors to the file's row or, when the row is missing, sums the
file's vectors afresh. So a row is always the sum over the file's embedded
snippets as of that commit. Schema 5 creates the table and fills it
(`fill_all`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice

import apsw
import numpy as np

from app.core.store.codes import split_int8

TABLE = "file_vectors"
# Rows read at a time when filling the table for an existing index.
FILL_BATCH = 8192


def create(conn: apsw.Connection) -> None:
    """5: the table, its cleanup trigger, and its rows for the vectors already there."""
    conn.execute(f"""
        CREATE TABLE {TABLE}(
            file_id INTEGER PRIMARY KEY,
            n INTEGER NOT NULL,
            total BLOB NOT NULL
        );
        CREATE TRIGGER chunks_file_vectors_cleanup AFTER DELETE ON chunks BEGIN
            DELETE FROM {TABLE} WHERE file_id = old.file_id;
        END;
    """)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'vector_q8'").fetchone():
        fill_all(conn)


def decode(blobs: Sequence[bytes]) -> np.ndarray:
    """The int8 copies as float32 rows (scale × components)."""
    scales, q8 = split_int8(list(blobs))
    return q8.astype(np.float32) * scales[:, None]


def add(conn: apsw.Connection, chunk_ids: Sequence[int], blobs: Sequence[bytes]) -> None:
    """Count these new int8 vectors in their files' sums (inside the writer's transaction,
    after they are in `vector_q8`)."""
    if not chunk_ids:
        return
    listed = ",".join(map(str, chunk_ids))
    file_of = dict(conn.execute(f"SELECT id, file_id FROM chunks WHERE id IN ({listed})"))
    vectors = decode(blobs)
    rows: dict[int, list[int]] = {}
    for i, chunk_id in enumerate(chunk_ids):
        if chunk_id in file_of:
            rows.setdefault(file_of[chunk_id], []).append(i)
    known = read(conn, list(rows))
    for file_id, members in rows.items():
        if file_id in known:
            n, total = known[file_id]
            write(conn, file_id, n + len(members), total + vectors[members].sum(axis=0))
        else:
            _recount(conn, file_id)


def read(conn: apsw.Connection, file_ids: Sequence[int]) -> dict[int, tuple[int, np.ndarray]]:
    """file id → (number of embedded snippets, sum of their vectors), for those known."""
    if not file_ids:
        return {}
    listed = ",".join(map(str, file_ids))
    return {file_id: (n, np.frombuffer(total, dtype=np.float32)) for file_id, n, total in
            conn.execute(f"SELECT file_id, n, total FROM {TABLE} WHERE file_id IN ({listed})")}


def write(conn: apsw.Connection, file_id: int, n: int, total: np.ndarray) -> None:
    conn.execute(f"INSERT OR REPLACE INTO {TABLE}(file_id, n, total) VALUES (?, ?, ?)",
                 (file_id, n, np.asarray(total, dtype=np.float32).tobytes()))


def _recount(conn: apsw.Connection, file_id: int) -> None:
    blobs = [blob for (blob,) in conn.execute(
        "SELECT v.vec FROM chunks c JOIN vector_q8 v ON v.chunk_id = c.id "
        "WHERE c.file_id = ?", (file_id,))]
    if blobs:
        write(conn, file_id, len(blobs), decode(blobs).sum(axis=0))


def fill_all(conn: apsw.Connection) -> None:
    """Every file's row from the vectors in `vector_q8` (a file's rows in order)."""
    cursor = conn.execute("SELECT c.file_id, v.vec FROM vector_q8 v "
                          "JOIN chunks c ON c.id = v.chunk_id ORDER BY c.file_id")
    pending: tuple[int, int, np.ndarray] | None = None  # a file that may go on in the next batch
    while batch := list(islice(cursor, FILL_BATCH)):
        files = np.array([file_id for file_id, _ in batch], dtype=np.int64)
        vectors = decode([blob for _, blob in batch])
        starts = np.flatnonzero(np.r_[True, files[1:] != files[:-1]])
        sums = np.add.reduceat(vectors, starts, axis=0)
        counts = np.diff(np.r_[starts, len(files)])
        for file_id, n, total in zip(files[starts].tolist(), counts.tolist(), sums, strict=True):
            if pending is not None and pending[0] == file_id:
                n, total = n + pending[1], total + pending[2]
            elif pending is not None:
                write(conn, *pending)
            pending = (file_id, n, total)
    if pending is not None:
        write(conn, *pending)
