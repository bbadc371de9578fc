"""A file's meaning as a signal: python file_centroid.py SPEC ... (dump: /tmp/exp3/all.pkl)

SPEC is g[,raw][,loo][,sent][,many][,dscale]: each file's centroid is the mean of its snippets' unit raw vectors
(from the indexes the dump was made from); a candidate gains g x its file's cosine to the query
(through the shipped matrix, or raw), min-max normalised over the query's candidates. loo: the
candidate's own vector left out of its file's centroid (a file of one snippet: no gain).
sent: sentences only. qside: the centroid's product with the query as
searched, without the matrix's 1/|B c|. many: the whole file's centroid (the candidate in it), files of one
snippet left out. dscale: normalised on the scale of the candidates' own cosines (their
min and max) instead of its own min-max.
"""
import sys
from pathlib import Path

import numpy as np

import variants as V
from app.core.store.connection import open_connection
from score import cosines

INDEXES = Path("/root/.cache/kenning/quality-index-zen4")
SUMS = {}


def sums(name):
    """file id -> (sum of its snippets' unit vectors, count)."""
    if name not in SUMS:
        db = V.GUARD_DBS.get(name) or INDEXES / f"{name}.db"
        conn = open_connection(Path(db), readonly=True)
        files = dict(conn.execute("select id, file_id from chunks"))
        out = {}
        for cid, blob in conn.execute("select rowid, embedding from chunk_vectors"):
            v = np.frombuffer(blob, dtype=np.float32)
            s, n = out.get(files[cid], (0, 0))
            out[files[cid]] = (s + v / np.linalg.norm(v), n + 1)
        SUMS[name] = out
    return SUMS[name]


def mm(x):
    lo, hi = min(x), max(x)
    return [(v - lo) / (hi - lo) if hi > lo else 0.0 for v in x]


def variant(spec):
    g, *opts = spec.split(",")
    g = float(g)

    def fuse(q, cands, scores):
        if "sent" in opts and q.kind == "identifier":
            return scores
        s = sums(V.HOOKS["project"])
        row = V.HOOKS["row"]
        own = {c.chunk_id: v for c, v in zip(row["cands"], row["vecs"])}
        cent, valid = [], []
        for c in cands:
            total, n = s[c.file_id]
            if "loo" in opts:
                v = own[c.chunk_id]
                total, n = total - v / np.linalg.norm(v), n - 1
            if "many" in opts and n < 2:  # the whole file's centroid, a file of several only
                n = 0
            valid.append(n > 0)
            cent.append(total / max(np.linalg.norm(total), 1e-9) if n > 0 else np.zeros_like(total))
        if "qside" in opts:  # the query as searched (B^T A q / |A q|) against the unit centroid
            A, B = V.M
            a = A @ V.HOOKS["qvec"]
            sims = np.vstack(cent) @ (B.T @ (a / np.linalg.norm(a)))
        else:
            sims = cosines(None if "raw" in opts else V.M, V.HOOKS["qvec"], np.vstack(cent))
        sims = [x if ok else None for x, ok in zip(sims, valid)]
        present = [x for x in sims if x is not None]
        if not present:
            return scores
        if "dscale" in opts:  # on the snippets' cosine scale: (x - min dense) / dense spread
            dense = [c.dense for c in cands]
            lo, hi = min(dense), max(dense)
            return [sc + (g * max(0.0, (x - lo) / (hi - lo)) if x is not None and hi > lo else 0.0)
                    for sc, x in zip(scores, sims)]
        lo = min(present)
        norm = mm([x if x is not None else lo for x in sims])
        return [sc + g * b for sc, b in zip(scores, norm)]
    return {"fuse": fuse}



def moves(spec, projects):
    """Each query of these projects (or splits) whose NDCG@10 moves with the variant."""
    from app.quality.metrics import Hit, score

    def scored(hooks):
        return {(name, j.id): (j, [f"{x.rel_path}:{x.start_line}-{x.end_line} {x.symbol}" for x in top],
                               score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top]).ndcg)
                for name, p, j, q, top in V.ranked(V.R.WEIGHTS, projects=projects, **hooks)}
    V.print_moves(scored({}), scored(variant(spec)))

if __name__ == "__main__":
    V.read_info = lambda: None
    if sys.argv[1] == "moves":
        moves(sys.argv[2], sys.argv[3].split(","))
    else:
        V.grid(V.R.WEIGHTS, [(spec, variant(spec)) for spec in sys.argv[1:]])
