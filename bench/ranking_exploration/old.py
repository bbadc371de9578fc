import sys
exec(open("/tmp/exp/exp.py").read())
from app.core.search.query_kind import QueryKind
ALL = frozenset(QueryKind)
for label, m, bk in [("rrf raw", "rrf", ()), ("rrf+bias (old default)", "rrf", ALL), ("rank default", WEIGHTS, ALL)]:
    r = run(m, bk, by=("kind",))
    show(label, r)
