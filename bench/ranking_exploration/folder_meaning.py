"""A folder's meaning on top of the file meaning (the centroid of the other files of the
candidate's folder, g2 x its normalised cosine added), on the vector dump:
PYTHONPATH=. python folder_meaning.py 0.05 0.1 0.2"""
import sys, posixpath
from pathlib import Path
import numpy as np
import file_centroid as F
import variants as V
from app.core.store.connection import open_connection
from score import cosines
PATHS = {}
def paths(name):
    if name not in PATHS:
        db = V.GUARD_DBS.get(name) or F.INDEXES / f"{name}.db"
        conn = open_connection(Path(db), readonly=True)
        PATHS[name] = dict(conn.execute("select id, rel_path from files"))
    return PATHS[name]
def variant(g2):
    base = F.variant("0.15,loo")["fuse"]
    def fuse(q, cands, scores):
        scores = base(q, cands, scores)
        s = F.sums(V.HOOKS["project"]); p = paths(V.HOOKS["project"])
        folder_sum = {}
        for fid, (tot, n) in s.items():
            d = posixpath.dirname(p[fid]); t, m = folder_sum.get(d, (0, 0)); folder_sum[d] = (t + tot, m + n)
        cent, ok = [], []
        for c in cands:
            d = posixpath.dirname(p[c.file_id]); tot, n = folder_sum[d]; ft, fn = s.get(c.file_id, (0, 0))
            tot, n = tot - ft, n - fn  # the other files of its folder
            ok.append(n > 0); cent.append(tot / max(np.linalg.norm(tot), 1e-9) if n > 0 else np.zeros(384, np.float32))
        sims = cosines(V.M, V.HOOKS["qvec"], np.vstack(cent))
        pres = [x for x, k in zip(sims, ok) if k]
        if not pres: return scores
        lo, hi = min(pres), max(pres)
        return [sc + (g2 * (x - lo) / (hi - lo) if k and hi > lo else 0) for sc, x, k in zip(scores, sims, ok)]
    return {"fuse": fuse}
V.read_info = lambda: None
base = V.run(V.R.WEIGHTS, **F.variant("0.15,loo")); V.show("file meaning 0.15", base)
for g2 in map(float, sys.argv[1:]):
    V.show(f"+ folder {g2}", V.run(V.R.WEIGHTS, **variant(g2)), base)
