import pickle, sys
from app.core.search.ranking import rank, WEIGHTS
from app.quality.metrics import Hit, score
for f in sys.argv[1:]:
    D = pickle.load(open(f, "rb"))
    for name, (p, rows) in D.items():
        for row in rows:
            j, q, cr, cb = row[:4]
            if j.kind != "symbol": continue
            by = {x.chunk_id: x for x in cb}
            top = [by[r.chunk_id] for r in rank(q, cb, 10, WEIGHTS)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            if sc.at_1 < 1:
                print(f"{j.id} {j.query!r} kind={q.kind} key={q.symbol_key} rr={sc.reciprocal_rank:.2f}")
                for x in top[:4]:
                    print("    ", x.rel_path, x.start_line, x.end_line, x.symbol, x.names[:3], round(x.dense,3), round(x.lexical,2))
                print("   want", [(r.path, r.start, r.end, r.grade) for r in j.relevant][:3])
