import pickle, sys, dataclasses
from collections import defaultdict
import numpy as np
sys.path.insert(0, "/tmp/exp3")
from score import load, cosines, P
from app.core.search.ranking import rank, WEIGHTS
from app.quality.metrics import Hit, score
from app.core.search.query_kind import analyse
D = pickle.load(open(sys.argv[1], "rb"))
m = load(sys.argv[2])
split = sys.argv[3] if len(sys.argv) > 3 else "dev"
def hits(j, x):
    return any(x.rel_path == r.path and x.start_line <= r.end and r.start <= x.end_line for r in j.relevant)
agg = defaultdict(lambda: defaultdict(int))
for name, (p, rows) in D.items():
    if p.split != split: continue
    for r in rows:
        j, q, cands = r["j"], analyse(r["j"].query), r["cands"]  # read again: older dumps lack newer fields
        d = cosines(m, r["qvec"], r["vecs"])
        order = np.argsort(-d)
        dense50 = {cands[i].chunk_id for i in order[:50]}
        dense300 = {cands[i].chunk_id for i in order[:300]}
        lex = set(r["lex"]); named = set(r["named"])
        inpool = any(hits(j, x) for x in cands if x.chunk_id in dense50 | lex | named)
        indense = any(hits(j, x) for x in cands if x.chunk_id in dense50)
        inlex = any(hits(j, x) for x in cands if x.chunk_id in lex)
        in300 = any(hits(j, x) for x in cands if x.chunk_id in dense300 | lex | named)
        keep = dense50 | lex | named
        c = [dataclasses.replace(x, dense=float(s)) for x, s in zip(cands, d) if x.chunk_id in keep]
        by = {x.chunk_id: x for x in c}
        top = [by[t.chunk_id] for t in rank(q, c, 10, WEIGHTS)]
        at10 = any(hits(j, x) for x in top)
        at1 = bool(top) and hits(j, top[0])
        a = agg[j.kind]
        a["n"] += 1; a["pool"] += inpool; a["dense50"] += indense; a["lex50"] += inlex; a["pool300"] += in300; a["R@10"] += at10; a["R@1"] += at1
for k, a in agg.items():
    n = a["n"]
    print(k, n, " ".join(f"{x}={a[x]/n:.2f}" for x in ("dense50", "lex50", "pool", "pool300", "R@10", "R@1")))
