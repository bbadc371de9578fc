import pickle, sys
from app.core.search.ranking import rank, order_by, WEIGHTS
from app.core.search.query_kind import QueryKind
from app.quality.metrics import Hit, score
D = pickle.load(open(sys.argv[1], "rb"))
proj = sys.argv[2]
p, rows = D[proj]
def top_of(c, method):
    by = {x.chunk_id: x for x in c}
    if method == "lex":
        cc = [x for x in c if x.lexical > 0]
        return [by[r.chunk_id] for r in order_by(cc, [x.lexical for x in cc], 10)]
    if method == "sem":
        return [by[r.chunk_id] for r in order_by(c, [x.dense for x in c], 10)]
    return [by[r.chunk_id] for r in rank(q, c, 10, WEIGHTS)]
for j, q, cr, cb in rows:
    c = cb if q.kind is QueryKind.NATURAL else cr
    out = []
    for m in ("lex", "sem", "rank"):
        t = top_of(c, m)
        out.append(score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in t]).ndcg)
    print(f"{j.id:14s} {j.kind[:5]} lex={out[0]:.2f} sem={out[1]:.2f} rank={out[2]:.2f}  {j.query[:60]}")
    if len(sys.argv) > 3 and j.id in sys.argv[3:]:
        for x in top_of(c, "rank"):
            print("     ", x.rel_path, x.start_line, x.end_line, x.symbol, round(x.dense,3), round(x.lexical,2))
        print("   want", [(r.path, r.start, r.end, r.grade) for r in j.relevant])
