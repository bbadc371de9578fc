"""Each query whose NDCG@10 moves when the pieces of types join the top-level blocks as code
outside functions: python whydrop.py LANG[,LANG] (vector dump /tmp/exp3/all.pkl)."""
import pickle, sys, dataclasses
import numpy as np
sys.path.insert(0, "/work/main/bench/ranking_exploration")
from app.core.search import ranking as R
from app.quality.metrics import Hit, score
from score import load, cosines
from app.core.search.query_kind import analyse
D = pickle.load(open("/tmp/exp3/all.pkl", "rb"))
m = load("/work/main/models/bias/d274298f9d490669.npy")
TYPES = R.TYPE_KINDS
orig = R.is_outside_functions
only_blocks = lambda c: c.kind == "block" and c.symbol is None and not c.names
for name, (p, rows) in D.items():
    if p.language not in sys.argv[1].split(","): continue
    for r in rows:
        j, q, cands = r["j"], analyse(r["j"].query), r["cands"]  # read again: older dumps lack newer fields
        d = cosines(m, r["qvec"], r["vecs"])
        order = np.argsort(-d)[:50]
        keep = {cands[i].chunk_id for i in order} | set(r["lex"]) | set(r["named"])
        c = [dataclasses.replace(x, dense=float(s)) for x, s in zip(cands, d) if x.chunk_id in keep]
        byid = {x.chunk_id: x for x in c}
        res = []
        for f in (only_blocks, orig):
            R.is_outside_functions = f
            top = [byid[t.chunk_id] for t in R.rank(q, c, 10, R.WEIGHTS)]
            res.append((score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top]).ndcg, top))
        R.is_outside_functions = orig
        if abs(res[1][0] - res[0][0]) > 1e-9:
            print(p.split, name, j.kind, repr(j.query), f"{res[0][0]:.3f} -> {res[1][0]:.3f}", [f"{s.path}:{s.start}-{s.end}:g{s.grade}" for s in j.relevant])
            for a, b in zip(res[0][1][:5], res[1][1][:5]):
                print(f"     {a.rel_path}:{a.start_line}-{a.end_line} {a.kind} {a.symbol}  |  {b.rel_path}:{b.start_line}-{b.end_line} {b.kind} {b.symbol}")
