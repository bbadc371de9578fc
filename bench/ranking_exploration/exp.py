"""Re-rank dumped candidates with variants; print metrics per split/kind/language."""
import pickle, sys, dataclasses
from collections import defaultdict
from app.core.search.ranking import rank, order_by, Weights, WEIGHTS, Candidate
from app.core.search.query_kind import QueryKind
from app.quality.metrics import Hit, score, summarise

D = pickle.load(open(sys.argv[1] if len(sys.argv) > 1 else "/tmp/exp/dump.pkl", "rb"))

def pool(cands, P, key):
    return sorted(cands, key=key, reverse=True)[:P]

def subset(cands, P):
    """Emulate pools of P per side (+ name lookups: keep all candidates with names?)."""
    if P is None: return cands
    ids = {c.chunk_id for c in pool(cands, P, lambda c: c.dense)}
    ids |= {c.chunk_id for c in pool([c for c in cands if c.lexical > 0], P, lambda c: c.lexical)}
    return [c for c in cands if c.chunk_id in ids or (c.names and c.dense == min(x.dense for x in cands))]

def rrf(q, cands, k=10):
    d = sorted(cands, key=lambda c: -c.dense)[:50]
    l = sorted([c for c in cands if c.lexical > 0], key=lambda c: -c.lexical)[:50]
    s = defaultdict(float)
    for lst in (d, l):
        for r, c in enumerate(lst):
            s[c.chunk_id] += 1 / (61 + r)
    by = {c.chunk_id: c for c in cands}
    top = sorted(s, key=lambda i: -s[i])[:k]
    return [by[i] for i in top]

def run(method, bias_kinds=(QueryKind.NATURAL,), split=None, P=None, by=("split",)):
    res = defaultdict(list)
    for name, (p, rows) in D.items():
        if split and p.split != split: continue
        for row in rows:
            j, q, cr, cb = row[:4]
            c = cb if q.kind in bias_kinds else cr
            c = subset(c, P)
            if method == "rrf":
                top = rrf(q, c)
            elif method == "semantic":
                top = order_by(c, [x.dense for x in c], 10); by_id = {x.chunk_id: x for x in c}; top = [by_id[r.chunk_id] for r in top]
            elif method == "lexical":
                cc = [x for x in c if x.lexical > 0]
                top = order_by(cc, [x.lexical for x in cc], 10); by_id = {x.chunk_id: x for x in cc}; top = [by_id[r.chunk_id] for r in top]
            else:
                by_id = {x.chunk_id: x for x in c}
                top = [by_id[r.chunk_id] for r in rank(q, c, 10, method)]
            hits = [Hit(x.rel_path, x.start_line, x.end_line) for x in top]
            sc = score(j, hits)
            for b in by:
                key = {"split": p.split, "kind": p.split + ":" + j.kind, "lang": p.split + ":" + p.language, "project": p.name}[b]
                res[key].append(sc)
            res["all"].append(sc)
    return {k: summarise(v) for k, v in res.items()}

def show(label, r, keys=None):
    keys = keys or sorted(r)
    print(f"{label:40s}", " ".join(f"{k}={r[k].ndcg:.3f}" for k in keys if k in r))
