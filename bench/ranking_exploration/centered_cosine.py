"""The meaning score as a cosine centred on the index's mean vector (hubness reduction):
each space's vectors (raw, and the matrix's mapped ones) less their mean over the whole
index, then renormalised; alpha × that + (1 − alpha) × the shipped cosine, for every
candidate (retrieval's pool is left as it is). Variants: ALPHA or ALPHA,hand (the
hand-set order alone, with the shipped run of it first).
Usage: PYTHONPATH=. python centered_cosine.py dev 1.0 0.5 1.0,hand (8 Dec, session 34)."""
import sys

import numpy as np
from default_runs import report, split_projects

import app.core.search.candidates as candidates
from pathlib import Path

from app.core.bias.matrix import BiasMatrix
from app.core.search import ranking
from app.core.search.vector_index import float_vectors

SHIPPED = candidates.Meaning.complete
MATRIX = BiasMatrix.load(next(Path("models/bias").glob("*.npy")))
MEANS: dict[str, tuple[np.ndarray, np.ndarray]] = {}
ALPHA = 0.0


def _means(conn) -> tuple[np.ndarray, np.ndarray]:
    key = conn.filename
    if key not in MEANS:
        ids = [r[0] for r in conn.execute("SELECT id FROM chunks")]
        _, vectors = float_vectors(conn, ids)
        mapped = vectors @ MATRIX.doc_weights.T
        mapped /= np.linalg.norm(mapped, axis=1, keepdims=True)
        MEANS[key] = (vectors.mean(axis=0), mapped.mean(axis=0))
    return MEANS[key]


def _centred(u: np.ndarray, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    uc = u - m
    xc = x - m
    return (xc @ uc) / (np.linalg.norm(xc, axis=1) * np.linalg.norm(uc) + 1e-12)


def complete(self, conn, ids, found):
    shipped = SHIPPED(self, conn, ids, found)
    if ALPHA == 0:
        return shipped
    present, vectors = float_vectors(conn, ids)
    if not present:
        return shipped
    raw_mean, mapped_mean = _means(conn)
    if self.raw is None:  # no matrix: self.vector is the raw query
        centred = _centred(self.vector, vectors, raw_mean)
    else:
        u = MATRIX.weights @ self.raw
        u /= np.linalg.norm(u)
        mapped = vectors @ MATRIX.doc_weights.T
        mapped /= np.linalg.norm(mapped, axis=1, keepdims=True)
        centred = (self.share * _centred(u, mapped, mapped_mean)
                   + (1 - self.share) * _centred(self.raw, vectors, raw_mean))
    out = dict(shipped)
    for i, c in zip(present, centred.tolist(), strict=True):
        out[i] = ALPHA * c + (1 - ALPHA) * shipped.get(i, c)
    return out


candidates.Meaning.complete = complete


def main(split: str, specs: list[str]) -> None:
    global ALPHA
    projects = split_projects(split)
    report("shipped", projects)
    hand_done = False
    for spec in specs:
        alpha, _, hand = spec.partition(",")
        if hand and not hand_done:
            object.__setattr__(ranking.WEIGHTS, "learned_order", False)
            ALPHA = 0.0
            report("hand", projects)
            hand_done = True
        object.__setattr__(ranking.WEIGHTS, "learned_order", not hand)
        ALPHA = float(alpha)
        report(spec, projects)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
