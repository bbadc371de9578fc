"""BM25 column weights for sentences only: dump_coverage.py's dump as shipped, with the
natural-language queries' rows taken from a dump made with other weights (LEXW=...).
python lex_by_kind.py SHIPPED.pkl OTHER.pkl ..."""
import pickle
import sys
import coverage as C
from app.core.search.query_kind import QueryKind

shipped = pickle.load(open(sys.argv[1], "rb"))
for other_path in sys.argv[2:]:
    other = pickle.load(open(other_path, "rb"))
    mixed = {}
    for name, (p, rows) in shipped.items():
        orows = other[name][1]
        mixed[name] = (p, [o if r[1].kind is QueryKind.NATURAL else r for r, o in zip(rows, orows)])
    for label, data in (("all:" + other_path.rsplit("_", 1)[-1], other), ("nat:" + other_path.rsplit("_", 1)[-1], mixed)):
        C.D.clear(); C.D.update(data)
        C.show(label[:-4], C.run("none", 0))
