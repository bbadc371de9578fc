"""Dev misses of behaviour/architecture queries: query, answers, top 5 and the best answer's rank."""
import pickle, sys, dataclasses
import numpy as np
sys.path.insert(0, "/work/main/bench/ranking_exploration")
from app.core.search import ranking as R
from app.core.search.priors import file_roles
from score import load, cosines
from app.core.search.query_kind import analyse
D = pickle.load(open("/tmp/exp3/all.pkl", "rb"))
m = load("/work/main/models/bias/d274298f9d490669.npy")
split = sys.argv[1]; kinds = sys.argv[2].split(",")
def hit(j, x):
    for s in j.relevant:
        if s.path == x.rel_path and s.start <= x.end_line and x.start_line <= s.end:
            return s.grade
    return 0
for name, (p, rows) in D.items():
    if p.split != split: continue
    for r in rows:
        j, q, cands = r["j"], analyse(r["j"].query), r["cands"]  # read again: older dumps lack newer fields
        if j.kind not in kinds: continue
        d = cosines(m, r["qvec"], r["vecs"])
        order = np.argsort(-d)[:50]
        keep = {cands[i].chunk_id for i in order} | set(r["lex"]) | set(r["named"])
        c = [dataclasses.replace(x, dense=float(s)) for x, s in zip(cands, d) if x.chunk_id in keep]
        byid = {x.chunk_id: x for x in c}
        ranked = R.rank(q, c, 50, R.WEIGHTS)
        grades = [hit(j, byid[t.chunk_id]) for t in ranked]
        first = next((i for i, g in enumerate(grades) if g == 2), None)
        if first == 0: continue
        print(f"\n### {name} [{j.kind}] {j.query!r}  answer rank={None if first is None else first+1}")
        for s in j.relevant:
            print(f"   ans g{s.grade} {s.path}:{s.start}-{s.end}")
        for i, t in enumerate(ranked[:5]):
            x = byid[t.chunk_id]
            print(f"   {i+1}. {t.score:.3f} {x.rel_path}:{x.start_line}-{x.end_line} {x.kind} {x.symbol} d={x.dense:.3f} l={x.lexical:.1f} roles={[ro.name for ro in file_roles(x.rel_path)]} g={grades[i]}")
        if first is not None and first >= 5:
            t = ranked[first]; x = byid[t.chunk_id]
            print(f"   {first+1}. {t.score:.3f} {x.rel_path}:{x.start_line}-{x.end_line} {x.kind} {x.symbol} d={x.dense:.3f} l={x.lexical:.1f} (answer)")
