import sys, dataclasses
sys.argv = [sys.argv[0], sys.argv[1]]
exec(open("/tmp/exp/tune.py").read().split('if __name__ == "__main__":')[0])
from app.core.terms import symbol_key
def cut(c, q, P):
    lex = {x.chunk_id for x in sorted([x for x in c if x.lexical > 0], key=lambda x: -x.lexical)[:P]}
    den = {x.chunk_id for x in sorted(c, key=lambda x: -x.dense)[:P]}
    named = {x.chunk_id for x in c if q.symbol_key and any(symbol_key(m.rsplit(".",1)[-1]) == q.symbol_key for m in x.names)}
    out = []
    for x in c:
        if x.chunk_id not in lex | den | named: continue
        out.append(x if x.chunk_id in lex else dataclasses.replace(x, lexical=0.0))
    return out
def ev(D, w, P, fill, split="dev"):
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        if split and p.split != split: continue
        for row in rows:
            j, q, cr, cb = row[:4]
            c = cut(cb, q, P) if not fill else [x for x in cb if x.chunk_id in {y.chunk_id for y in cut(cb, q, P)}]
            by = {x.chunk_id: x for x in c}
            top = [by[r.chunk_id] for r in rank(q, c, 10, w)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            per[j.kind].append(sc); per["all"].append(sc)
    return {k: summarise(v) for k, v in per.items()}
for P in (50, 100):
    for fill in (True, False):
        r = ev(dev, WEIGHTS, P, fill); g = ev(guard, WEIGHTS, P, fill, None)
        print(P, "fill" if fill else "no-fill", f"all={r['all'].ndcg:.4f} beh={r['behaviour'].ndcg:.3f} arch={r['architecture'].ndcg:.3f} sym={r['symbol'].ndcg:.3f} | conala={g['all'].mrr:.3f}")
def cut2(c, q, P):
    lexs = sorted([x for x in c if x.lexical > 0], key=lambda x: -x.lexical)[:P]
    lex = {x.chunk_id for x in lexs}
    floor = min((x.lexical for x in lexs), default=0.0)
    den = {x.chunk_id for x in sorted(c, key=lambda x: -x.dense)[:P]}
    named = {x.chunk_id for x in c if q.symbol_key and any(symbol_key(m.rsplit(".",1)[-1]) == q.symbol_key for m in x.names)}
    out = []
    for x in c:
        if x.chunk_id not in lex | den | named: continue
        if x.chunk_id in lex: out.append(x)
        elif x.chunk_id in named: out.append(dataclasses.replace(x, lexical=floor))
        else: out.append(dataclasses.replace(x, lexical=0.0))
    return out
cut = cut2
for P in (50, 100):
    r = ev(dev, WEIGHTS, P, False); g = ev(guard, WEIGHTS, P, False, None)
    print(P, "named=floor", f"all={r['all'].ndcg:.4f} beh={r['behaviour'].ndcg:.3f} arch={r['architecture'].ndcg:.3f} sym={r['symbol'].ndcg:.3f} | conala={g['all'].mrr:.3f}")
