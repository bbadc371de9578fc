"""int8 copies of the snippet vectors, kept beside sqlite-vec's float table.

One blob per vector: its float32 scale (largest |component| / 127), then the
components divided by it as int8 (388 bytes for 384 dimensions, a quarter of
the float vector). Their signs are the sign-bit codes of the coarse stage
(see search/vector_index.py); the int8 values re-score its candidates.

sqlite-vec's `chunk_vectors` stays the float store of record; `vector_q8` is
derived from it (the migration that adds it backfills it from it), written
in the same transaction and deleted with it by a trigger. Why not read the
floats from vec0: a full scan of it runs at ~20k rows/s and one row fetched by
rowid costs ~0.2-1.4 ms (it opens the chunk's blob), where a plain table
scans at ~1M rows/s.
"""

from __future__ import annotations

import numpy as np

SCALE = np.dtype("<f4")
# meta key: a random id given to each index file when `vector_q8` is created, so an
# in-memory copy can tell a new file at the same path from the one it loaded.
INDEX_ID_KEY = "vector_index_id"


def int8_blobs(vectors: np.ndarray) -> list[bytes]:
    """One blob per row of `vectors`: float32 scale, then int8 components."""
    matrix = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    scale = np.abs(matrix).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    quantized = np.rint(matrix / scale[:, None]).astype(np.int8)
    return [s.tobytes() + q.tobytes() for s, q in zip(scale.astype(SCALE), quantized,
                                                      strict=True)]


def split_int8(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """(scales float32 (n,), components int8 (n, dim)) from `int8_blobs` output."""
    if not blobs:
        return np.zeros(0, dtype=np.float32), np.zeros((0, 0), dtype=np.int8)
    raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), -1)
    return raw[:, :4].copy().view(SCALE)[:, 0], raw[:, 4:].view(np.int8)


def sign_codes(vectors: np.ndarray) -> np.ndarray:
    """(n, dim/8) uint8: bit j set when component j > 0 (little bit order, like
    sqlite-vec's `vec_quantize_binary`)."""
    return np.packbits(np.asarray(vectors) > 0, axis=-1, bitorder="little")
