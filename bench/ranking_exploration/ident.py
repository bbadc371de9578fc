import pickle, sys
from collections import defaultdict
from app.core.search.ranking import rank, WEIGHTS
from app.core.search.query_kind import QueryKind
from app.quality.metrics import Hit, score, summarise
D = pickle.load(open(sys.argv[1], "rb"))
for variant in ("base", "alt"):
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        for j, q, cr, cb, ca in rows:
            c = ca if variant == "alt" else cb
            by = {x.chunk_id: x for x in c}
            top = [by[r.chunk_id] for r in rank(q, c, 10, WEIGHTS)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            per[j.kind + ("/id" if q.kind is QueryKind.IDENTIFIER else "/nl")].append(sc); per["all"].append(sc)
    r = {k: summarise(v) for k, v in per.items()}
    print(variant, " ".join(f"{k}={v.ndcg:.3f}/{v.at_1:.3f}({v.queries})" for k, v in sorted(r.items())))
