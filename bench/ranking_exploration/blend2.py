"""Blend raw and mapped cosine on dump_both.py's dump: dense = (1-l) raw + l mapped;
the pool is the top 50 by the dense side + top 50 BM25 + the named definitions.

  python blend2.py DUMP [LAMS] [POOLS]   LAMS: "0,0.5,1"; POOLS: blend (top 50 by the
      blend, as first run), mapped (by the mapped cosine: the searcher's retrieval), both
  python blend2.py DUMP --form           a share per form of query: names 0.7, questions
      and other sentences over a grid
Each line: a split's NDCG@10 per kind and language, the worst against l = 0 (same pool),
then the guard sets' MRR."""
import dataclasses
import itertools
import pickle
import sys
from collections import defaultdict
from app.core.search.ranking import rank, WEIGHTS
from app.core.search.query_kind import QueryKind
from app.core.terms import symbol_key
from app.quality.metrics import Hit, score, summarise

D = pickle.load(open(sys.argv[1], "rb"))
P = 50
KINDS = ("behaviour", "architecture", "symbol")


def form(q):
    return "name" if q.kind is QueryKind.IDENTIFIER else "question" if q.question else "other"


def run(share, pool="blend"):
    """share(query) → l; summaries by (split, key) for key in all, kind, language, form."""
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        for j, q, cands, rawc, bc, idr, idb in rows:
            lam = share(q)
            c = [x for x in cands if x.chunk_id in rawc]
            blend = {x.chunk_id: (1 - lam) * rawc[x.chunk_id] + lam * bc[x.chunk_id] for x in c}
            top = lambda s: {x.chunk_id for x in sorted(c, key=lambda x: -s[x.chunk_id])[:P]}
            d = {"blend": lambda: top(blend), "mapped": lambda: top(bc),
                 "both": lambda: top(bc) | top(rawc)}[pool]()
            lx = {x.chunk_id for x in sorted([x for x in c if x.lexical > 0], key=lambda x: -x.lexical)[:P]}
            n = {x.chunk_id for x in c if q.symbol_key and any(symbol_key(m.rsplit(".", 1)[-1]) == q.symbol_key for m in x.names)}
            keep = d | lx | n
            c2 = [dataclasses.replace(x, dense=blend[x.chunk_id]) for x in c if x.chunk_id in keep]
            by = {x.chunk_id: x for x in c2}
            ranked = [by[r.chunk_id] for r in rank(q, c2, 10, WEIGHTS)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in ranked])
            for key in ("all", j.kind, p.language, form(q), name):
                per[(p.split, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}


def show(label, r, base):
    for sp in ("dev", "test"):
        langs = sorted({k for s, k in r if s == sp and k not in ("all", "name", "question", "other") + KINDS + tuple(D)})
        worst = min((r[(sp, k)].ndcg - base[(sp, k)].ndcg, k) for k in KINDS + tuple(langs))
        print(f"{label} {sp:4s} all={r[(sp, 'all')].ndcg:.4f} " + " ".join(f"{k[:4]}={r[(sp, k)].ndcg:.3f}" for k in KINDS)
              + " | " + " ".join(f"{k[:5]}={r[(sp, k)].ndcg:.3f}" for k in langs) + f" | worst vs l=0 {worst[0]:+.3f} {worst[1]}")
    print(f"{label} guard conala={r[('guard', 'conala')].mrr:.4f} stdlib={r[('guard', 'stdlib')].mrr:.4f}", flush=True)


if len(sys.argv) > 2 and sys.argv[2] == "--form":
    base = run(lambda q: 0.0, "mapped")
    for qs, os_ in itertools.product([0.7, 0.85, 1.0], [0.5, 0.6, 0.7]):
        shares = {"name": 0.7, "question": qs, "other": os_}
        show(f"question {qs} other {os_}", run(lambda q: shares[form(q)], "mapped"), base)
else:
    lams = [float(x) for x in sys.argv[2].split(",")] if len(sys.argv) > 2 else [0, .25, .5, .6, .7, .75, .8, .9, 1]
    for pool in (sys.argv[3].split(",") if len(sys.argv) > 3 else ["blend"]):
        base = run(lambda q: 0.0, pool)
        for lam in lams:
            show(f"{pool:6s} l={lam:.2f}", run(lambda q: lam, pool), base)
