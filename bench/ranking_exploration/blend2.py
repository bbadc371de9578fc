"""Blend raw and mapped cosine: dense = (1-l) raw + l mapped; pool = top 50 by blend + top 50 BM25 + named."""
import pickle, sys, dataclasses
from collections import defaultdict
from app.core.search.ranking import rank, WEIGHTS
from app.core.search.query_kind import QueryKind
from app.core.terms import symbol_key
from app.quality.metrics import Hit, score, summarise
D = pickle.load(open(sys.argv[1], "rb"))
lams = [float(x) for x in sys.argv[2].split(",")] if len(sys.argv) > 2 else [0, .25, .5, .6, .7, .75, .8, .9, 1]
P = 50
def run(lam, ident_lam=None):
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        for j, q, cands, rawc, bc, idr, idb in rows:
            l = lam if (ident_lam is None or q.kind is not QueryKind.IDENTIFIER) else ident_lam
            c = [dataclasses.replace(x, dense=(1 - l) * rawc[x.chunk_id] + l * bc[x.chunk_id]) for x in cands if x.chunk_id in rawc]
            d = {x.chunk_id for x in sorted(c, key=lambda x: -x.dense)[:P]}
            lx = {x.chunk_id for x in sorted([x for x in c if x.lexical > 0], key=lambda x: -x.lexical)[:P]}
            n = {x.chunk_id for x in c if q.symbol_key and any(symbol_key(m.rsplit(".", 1)[-1]) == q.symbol_key for m in x.names)}
            keep = d | lx | n
            c = [x for x in c if x.chunk_id in keep]
            by = {x.chunk_id: x for x in c}
            top = [by[r.chunk_id] for r in rank(q, c, 10, WEIGHTS)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            sp = p.split
            for key in ("all", j.kind, p.language, name):
                per[(sp, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}
res = {}
for lam in lams:
    r = run(lam); res[lam] = r
    for sp in ("dev", "test"):
        langs = sorted({k for s, k in r if s == sp and k not in ("all", "behaviour", "architecture", "symbol") and k not in {n for n in D}})
        print(f"l={lam:.2f} {sp:4s} all={r[(sp,'all')].ndcg:.4f} beh={r[(sp,'behaviour')].ndcg:.3f} arch={r[(sp,'architecture')].ndcg:.3f} sym={r[(sp,'symbol')].ndcg:.3f} | " + " ".join(f"{k[:4]}={r[(sp,k)].ndcg:.3f}" for k in langs))
    print(f"l={lam:.2f} guard conala={r[('guard','conala')].mrr:.4f} stdlib={r[('guard','stdlib')].mrr:.4f}", flush=True)
