import pickle, sys
from app.core.search.ranking import rank, WEIGHTS
from app.quality.metrics import Hit, score
D = pickle.load(open(sys.argv[1], "rb"))
kind = sys.argv[2]
n = 0
for name, (p, rows) in D.items():
    for row in rows:
        j, q, cr, cb = row[:4]
        if j.kind != kind: continue
        by = {x.chunk_id: x for x in cb}
        top = [by[r.chunk_id] for r in rank(q, cb, 10, WEIGHTS)]
        sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
        if sc.ndcg < 0.5:
            n += 1
            # where is the wanted in candidates?
            wanted = [r for r in j.relevant if r.grade == 2]
            inpool = [x for x in cb if any(r.path == x.rel_path and r.start <= x.end_line and x.start_line <= r.end for r in wanted)]
            dr = sorted(cb, key=lambda x: -x.dense); lr = sorted(cb, key=lambda x: -x.lexical)
            pos = [(dr.index(x)+1, lr.index(x)+1 if x.lexical>0 else None, round(x.dense,3), round(x.lexical,1), x.kind) for x in inpool][:3]
            print(f"{j.id} ndcg={sc.ndcg:.2f} {j.query!r}\n   wanted {[(r.path, r.start, r.end) for r in wanted][:2]} in pool (dense rank, lex rank)={pos}")
            for x in top[:3]:
                print("     got", x.rel_path, x.start_line, x.end_line, x.symbol, round(x.dense,3), round(x.lexical,1))
print(n)
