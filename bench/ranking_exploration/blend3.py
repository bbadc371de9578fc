"""Blend raw and mapped cosine for scoring; pool variants: 'blend' (top 50 by the blend,
as blend2), 'mapped' (top 50 by mapped cosine: today's retrieval), 'both' (top 50 of each)."""
import pickle, sys, dataclasses
from collections import defaultdict
from app.core.search.ranking import rank, WEIGHTS
from app.core.terms import symbol_key
from app.quality.metrics import Hit, score, summarise
D = pickle.load(open(sys.argv[1], "rb"))
pools = sys.argv[2].split(",")
lams = [float(x) for x in sys.argv[3].split(",")]
P = 50
def run(lam, pool):
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        for j, q, cands, rawc, bc, idr, idb in rows:
            c = [x for x in cands if x.chunk_id in rawc]
            blend = {x.chunk_id: (1 - lam) * rawc[x.chunk_id] + lam * bc[x.chunk_id] for x in c}
            by_b = {x.chunk_id for x in sorted(c, key=lambda x: -blend[x.chunk_id])[:P]}
            by_m = {x.chunk_id for x in sorted(c, key=lambda x: -bc[x.chunk_id])[:P]}
            by_r = {x.chunk_id for x in sorted(c, key=lambda x: -rawc[x.chunk_id])[:P]}
            d = {"blend": by_b, "mapped": by_m, "both": by_m | by_r}[pool]
            lx = {x.chunk_id for x in sorted([x for x in c if x.lexical > 0], key=lambda x: -x.lexical)[:P]}
            n = {x.chunk_id for x in c if q.symbol_key and any(symbol_key(m.rsplit(".", 1)[-1]) == q.symbol_key for m in x.names)}
            keep = d | lx | n
            c = [dataclasses.replace(x, dense=blend[x.chunk_id]) for x in c if x.chunk_id in keep]
            by = {x.chunk_id: x for x in c}
            top = [by[r.chunk_id] for r in rank(q, c, 10, WEIGHTS)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            for key in ("all", j.kind, p.language, name):
                per[(p.split, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}
KINDS = ("behaviour", "architecture", "symbol")
base = run(0.0, "mapped")
for pool in pools:
    for lam in lams:
        r = run(lam, pool)
        for sp in ("dev", "test"):
            langs = sorted({k for s, k in r if s == sp and k not in ("all",) + KINDS and k not in D})
            worst = min((r[(sp, k)].ndcg - base[(sp, k)].ndcg, k) for k in KINDS + tuple(langs))
            print(f"{pool:6s} l={lam:.2f} {sp:4s} all={r[(sp,'all')].ndcg:.4f} " + " ".join(f"{k[:4]}={r[(sp,k)].ndcg:.3f}" for k in KINDS) + " | " + " ".join(f"{k[:5]}={r[(sp,k)].ndcg:.3f}" for k in langs) + f" | worst vs raw {worst[0]:+.3f} {worst[1]}")
        print(f"{pool:6s} l={lam:.2f} guard conala={r[('guard','conala')].mrr:.4f} stdlib={r[('guard','stdlib')].mrr:.4f}", flush=True)
