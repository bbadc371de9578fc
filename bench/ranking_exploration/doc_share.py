"""The matrix's share of meaning per candidate, by whether its definition is documented
(the matrix's snippet side was trained on code with its documentation stripped), on
dump_doc.py's dump: python doc_share.py DUMP 'ld,lu' ... (0.7,0.7 is the shipped blend).
The pool as the searcher draws it: top 50 by the mapped cosine, top 50 BM25, the named."""
import dataclasses
import pickle
import sys
from collections import defaultdict
from app.core.search.ranking import rank, WEIGHTS
from app.core.terms import symbol_key
from app.quality.metrics import Hit, score, summarise

D = pickle.load(open(sys.argv[1], "rb"))
P = 50
KINDS = ("behaviour", "architecture", "symbol")


def run(ld, lu):
    per = defaultdict(list)
    shares = defaultdict(list)
    for name, (p, rows) in D.items():
        for j, q, cands, rawc, bc, idr, idb, docs in rows:
            c = [x for x in cands if x.chunk_id in rawc]
            lam = {x.chunk_id: ld if x.chunk_id in docs else lu for x in c}
            blend = {x.chunk_id: (1 - lam[x.chunk_id]) * rawc[x.chunk_id] + lam[x.chunk_id] * bc[x.chunk_id] for x in c}
            d = {x.chunk_id for x in sorted(c, key=lambda x: -bc[x.chunk_id])[:P]}
            lx = {x.chunk_id for x in sorted([x for x in c if x.lexical > 0], key=lambda x: -x.lexical)[:P]}
            n = {x.chunk_id for x in c if q.symbol_key and any(symbol_key(m.rsplit(".", 1)[-1]) == q.symbol_key for m in x.names)}
            keep = d | lx | n
            c2 = [dataclasses.replace(x, dense=blend[x.chunk_id]) for x in c if x.chunk_id in keep]
            shares[p.split].append(sum(x.chunk_id in docs for x in c2) / max(1, len(c2)))
            by = {x.chunk_id: x for x in c2}
            ranked = [by[r.chunk_id] for r in rank(q, c2, 10, WEIGHTS)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in ranked])
            for key in ("all", j.kind, p.language, name):
                per[(p.split, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}, {k: sum(v) / len(v) for k, v in shares.items()}


for spec in ["0.7,0.7", "0,0", *sys.argv[2:]]:
    ld, lu = map(float, spec.split(","))
    r, sh = run(ld, lu)
    for sp in ("dev", "test"):
        if (sp, "all") not in r:
            continue
        langs = sorted({k for s, k in r if s == sp and k not in ("all",) + KINDS + tuple(D)})
        print(f"{spec:9s} {sp:4s} all={r[(sp, 'all')].ndcg:.4f} " + " ".join(f"{k[:4]}={r[(sp, k)].ndcg:.3f}" for k in KINDS)
              + " | " + " ".join(f"{k[:5]}={r[(sp, k)].ndcg:.3f}" for k in langs) + f" | documented {sh[sp]:.2f}")
    print(f"{spec:9s} guard conala={r[('guard', 'conala')].mrr:.4f} stdlib={r[('guard', 'stdlib')].mrr:.4f} documented {sh['guard']:.2f}", flush=True)
