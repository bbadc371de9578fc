import pickle, sys, dataclasses
from collections import defaultdict
from app.core.search.ranking import rank, WEIGHTS
from app.quality.metrics import Hit, score, summarise
from app.core.search.query_kind import QueryKind
D = pickle.load(open(sys.argv[1], "rb"))
for alpha in (0.0, 0.25, 0.5, 0.75, 1.0):
  for idmode in ("same", "raw-ident"):
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        for j, q, cb, raw in rows:
            a = 0.0 if (idmode == "raw-ident" and q.kind is QueryKind.IDENTIFIER) else alpha
            c = [dataclasses.replace(x, dense=a * x.dense + (1 - a) * raw.get(x.chunk_id, x.dense)) for x in cb]
            by = {x.chunk_id: x for x in c}
            top = [by[r.chunk_id] for r in rank(q, c, 10, WEIGHTS)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            per[j.kind].append(sc); per["all"].append(sc); per[p.language].append(sc); per[name].append(sc)
    r = {k: summarise(v) for k, v in per.items()}
    print(f"alpha={alpha} {idmode:10s} all={r['all'].ndcg:.4f} " + " ".join(f"{k}={r[k].ndcg:.3f}" for k in sorted(r) if k != "all"), flush=True)
