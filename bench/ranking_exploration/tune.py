"""Coordinate descent over ranking weights on the dev dump; guard sets reported."""
import pickle, sys, dataclasses, itertools
from collections import defaultdict
from types import MappingProxyType
from app.core.search.ranking import rank, Weights, WEIGHTS, ROLE_FACTORS
from app.core.search.priors import Role
from app.core.search.query_kind import QueryKind
from app.quality.metrics import Hit, score, summarise

dev = pickle.load(open(sys.argv[1], "rb"))
guard = pickle.load(open("/tmp/exp/guard.pkl", "rb"))
BIAS = (QueryKind.NATURAL,)

def evaluate(D, w, split="dev", bias=BIAS):
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        if split and p.split != split: continue
        for row in rows:
            j, q, cr, cb = row[:4]
            c = cb if q.kind in bias else cr
            by = {x.chunk_id: x for x in c}
            top = [by[r.chunk_id] for r in rank(q, c, 10, w)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            per[j.kind].append(sc); per["all"].append(sc); per[name].append(sc)
    return {k: summarise(v) for k, v in per.items()}

def objective(r):
    return sum(r[k].ndcg for k in ("behaviour", "architecture", "symbol") if k in r) / 3

def report(label, w):
    r = evaluate(dev, w); g = evaluate(guard, w, split=None)
    print(f"{label:45s} obj={objective(r):.4f} all={r['all'].ndcg:.4f} file={r['all'].file_ndcg:.4f} beh={r['behaviour'].ndcg:.3f} arch={r['architecture'].ndcg:.3f} sym={r['symbol'].ndcg:.3f} | conala={g['conala'].mrr:.3f} stdlib={g['stdlib'].mrr:.3f}", flush=True)
    return objective(r)

def roles(**kw):
    d = dict(ROLE_FACTORS)
    for k, v in kw.items(): d[Role(k)] = v
    return MappingProxyType(d)

if __name__ == "__main__":
    w = WEIGHTS
    best = report("current", w)
    grid = {
        "dense_natural": [0.5, 0.6, 0.7, 0.75, 0.8, 0.9],
        "dense_identifier": [0.1, 0.2, 0.35, 0.5],
        "symbol_exact": [0.3, 0.45, 0.6, 0.8, 1.0],
        "symbol_loose": [0.2, 0.3, 0.45, 0.6],
        "symbol_qualified": [0.0, 0.15, 0.3],
        "path": [0.0, 0.05, 0.1, 0.2, 0.3],
        "coherence": [0.0, 0.05, 0.1, 0.2, 0.3],
        "file_decay": [0.4, 0.55, 0.7, 0.85, 0.95, 1.0],
        "file_free": [1, 2, 3, 4],
    }
    for rnd in range(2):
        for field, values in grid.items():
            for v in values:
                cand = dataclasses.replace(w, **{field: v})
                o = report(f"{field}={v}", cand)
                if o > best + 1e-4:
                    best, w = o, cand
            print("->", field, getattr(w, field), f"{best:.4f}")
        for role in Role:
            for v in [0.5, 0.65, 0.8, 0.9, 1.0]:
                cand = dataclasses.replace(w, roles=roles(**{role.value: v}) if False else MappingProxyType({**w.roles, role: v}))
                o = report(f"role {role.value}={v}", cand)
                if o > best + 1e-4:
                    best, w = o, cand
            print("->", role, w.roles[role], f"{best:.4f}")
    print("FINAL", w)
