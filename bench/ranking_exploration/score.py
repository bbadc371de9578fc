"""Score matrices through the ranking stage on the vector dump: python score.py DUMP M1.npy [M2.npy|none ...]"""
import pickle, sys, dataclasses
from collections import defaultdict
import numpy as np
from app.core.search.ranking import rank, WEIGHTS
from app.quality.metrics import Hit, score, summarise
from app.core.search.query_kind import analyse

P = 50
KINDS = ("behaviour", "architecture", "symbol")

def load(path):
    if path == "none":
        return None
    w = np.load(path).astype(np.float32)
    return (w, None) if w.ndim == 2 else (w[0], w[1])

def cosines(m, qv, vecs):
    if m is None:
        return vecs @ qv
    A, B = m
    a = A @ qv; a /= np.linalg.norm(a)
    if B is None:
        return vecs @ a
    bd = vecs @ B.T
    return (bd @ a) / np.maximum(np.linalg.norm(bd, axis=1), 1e-12)

def run(D, m, lam=1.0):
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        for r in rows:
            j, q, cands = r["j"], analyse(r["j"].query), r["cands"]  # read again: older dumps lack newer fields
            d = cosines(m, r["qvec"], r["vecs"])
            if lam != 1.0:
                d = lam * d + (1 - lam) * (r["vecs"] @ r["qvec"])
            order = np.argsort(-d)[:P]
            keep = {cands[i].chunk_id for i in order} | set(r["lex"]) | set(r["named"])
            c = [dataclasses.replace(x, dense=float(s)) for x, s in zip(cands, d) if x.chunk_id in keep]
            top = [{x.chunk_id: x for x in c}[t.chunk_id] for t in rank(q, c, 10, WEIGHTS)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            for key in ("all", j.kind, p.language, name):
                per[(p.split, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}

def show(label, r, base=None):
    for sp in ("dev", "test"):
        langs = sorted({k for s, k in r if s == sp and k not in ("all", *KINDS)} - set(NAMES))
        def f(k):
            v = r[(sp, k)].ndcg
            return f"{v:.3f}" if base is None else f"{v:.3f}({v - base[(sp, k)].ndcg:+.3f})"
        print(f"{label:28s} {sp:4s} all={f('all')} " + " ".join(f"{k[:3]}={f(k)}" for k in KINDS) + " | "
              + " ".join(f"{k[:5] if k.startswith('java') else k[:4]}={f(k)}" for k in langs))
    print(f"{label:28s} guard conala={r[('guard','conala')].mrr:.4f} stdlib={r[('guard','stdlib')].mrr:.4f}", flush=True)

if __name__ == "__main__":
    D = pickle.load(open(sys.argv[1], "rb"))
    NAMES = set(D)
    base = None
    for path in sys.argv[2:]:
        lam = 1.0
        if "@" in path:
            path, lam = path.split("@"); lam = float(lam)
        r = run(D, load(path), lam)
        show(path.rsplit("/", 1)[-1][:20] + (f"@{lam}" if lam != 1 else ""), r, base)
        base = base or r
