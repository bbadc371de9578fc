import sys, dataclasses
sys.argv = [sys.argv[0], sys.argv[1]]
exec(open("/tmp/exp/tune.py").read().split('if __name__ == "__main__":')[0])
from app.core.terms import symbol_key
def sub(c, q, P):
    d = {x.chunk_id for x in sorted(c, key=lambda x: -x.dense)[:P]}
    l = {x.chunk_id for x in sorted([x for x in c if x.lexical > 0], key=lambda x: -x.lexical)[:P]}
    n = {x.chunk_id for x in c if q.symbol_key and any(symbol_key(m.rsplit(".",1)[-1]) == q.symbol_key for m in x.names)}
    keep = d | l | n
    return [x for x in c if x.chunk_id in keep]
def ev(D, w, bias, P=None, split="dev"):
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        if split and p.split != split: continue
        for j, q, cr, cb in rows:
            c = cb if q.kind in bias else cr
            if P: c = sub(c, q, P)
            by = {x.chunk_id: x for x in c}
            top = [by[r.chunk_id] for r in rank(q, c, 10, w)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            per[j.kind].append(sc); per["all"].append(sc); per[name].append(sc)
    return {k: summarise(v) for k, v in per.items()}
def rep2(label, w, bias=BIAS, P=None):
    r = ev(dev, w, bias, P); g = ev(guard, w, bias, P, split=None)
    print(f"{label:40s} obj={objective(r):.4f} all={r['all'].ndcg:.4f} file={r['all'].file_ndcg:.4f} mrr={r['all'].mrr:.3f} beh={r['behaviour'].ndcg:.3f} arch={r['architecture'].ndcg:.3f} sym={r['symbol'].ndcg:.3f} sym@1={r['symbol'].at_1:.3f} | conala={g['conala'].mrr:.3f} stdlib={g['stdlib'].mrr:.3f}", flush=True)
w = WEIGHTS
for P in (20, 30, 50, 75, 100):
    rep2(f"pool {P}", w, P=P)
ALL = frozenset(QueryKind)
rep2("bias none", w, bias=())
rep2("bias natural", w, bias=(QueryKind.NATURAL,))
rep2("bias all", w, bias=ALL)
