import sys
sys.argv = [sys.argv[0], sys.argv[1]]
exec(open("/tmp/exp/exp.py").read())
from app.core.search.query_kind import QueryKind
ALL = frozenset(QueryKind)
for label, m, bk in [("lexical", "lexical", ()), ("semantic raw", "semantic", ()), ("semantic+bias", "semantic", ALL),
                     ("rrf raw", "rrf", ()), ("rrf+bias (old default)", "rrf", ALL),
                     ("rank raw", WEIGHTS, ()), ("rank default", WEIGHTS, (QueryKind.NATURAL,)), ("rank bias all", WEIGHTS, ALL)]:
    r = run(m, bk, by=("kind",))
    show(label, r)
