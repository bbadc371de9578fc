"""Matrix share per form of query (name / question / other sentence), emulated on dump_both.py's dump."""
import pickle, sys, dataclasses, itertools
from collections import defaultdict
from app.core.search.ranking import rank, WEIGHTS
from app.core.search.query_kind import QueryKind
from app.core.terms import symbol_key
from app.quality.metrics import Hit, score, summarise
D = pickle.load(open(sys.argv[1], "rb"))
P = 50
def form(q):
    return "name" if q.kind is QueryKind.IDENTIFIER else "question" if q.question else "other"
def run(shares):
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        for j, q, cands, rawc, bc, idr, idb in rows:
            lam = shares[form(q)]
            c = [x for x in cands if x.chunk_id in rawc]
            by_m = {x.chunk_id for x in sorted(c, key=lambda x: -bc[x.chunk_id])[:P]}
            lx = {x.chunk_id for x in sorted([x for x in c if x.lexical > 0], key=lambda x: -x.lexical)[:P]}
            n = {x.chunk_id for x in c if q.symbol_key and any(symbol_key(m.rsplit(".", 1)[-1]) == q.symbol_key for m in x.names)}
            keep = by_m | lx | n
            c = [dataclasses.replace(x, dense=(1 - lam) * rawc[x.chunk_id] + lam * bc[x.chunk_id]) for x in c if x.chunk_id in keep]
            by = {x.chunk_id: x for x in c}
            top = [by[r.chunk_id] for r in rank(q, c, 10, WEIGHTS)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            for key in ("all", j.kind, p.language, form(q)):
                per[(p.split, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}
for qs, os_ in itertools.product([0.7, 0.85, 1.0], [0.5, 0.6, 0.7]):
    r = run({"name": 0.7, "question": qs, "other": os_})
    print(f"question {qs} other {os_}: dev {r[('dev','all')].ndcg:.4f} (q {r[('dev','question')].ndcg:.3f} o {r[('dev','other')].ndcg:.3f} beh {r[('dev','behaviour')].ndcg:.3f})  conala {r[('guard','all')].mrr:.4f}", flush=True)
