import pickle, sys
from app.quality.metrics import Hit, score
D = pickle.load(open(sys.argv[1], "rb"))
for name, (p, rows) in D.items():
    found = {"dense": 0, "lex": 0, "any": 0}
    for j, q, cr, cb in rows:
        def hit(cs):
            for c in cs:
                for r in j.relevant:
                    if r.grade == 2 and r.path == c.rel_path and r.start <= c.end_line and c.start_line <= r.end:
                        return True
            return False
        d = sorted(cb, key=lambda c: -c.dense)[:100]
        l = sorted([c for c in cb if c.lexical > 0], key=lambda c: -c.lexical)[:100]
        found["dense"] += hit(d); found["lex"] += hit(l); found["any"] += hit(cb)
    print(name, len(rows), found)
