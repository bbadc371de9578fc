"""Other normalisations of the two scores before the convex combination, on
dump_coverage.py's dump: python normalise.py DUMP NAME... with NAME among
top (each side / its maximum), lexlog (BM25 as log(1 + s) before min-max), dense_top20
(meaning min-max over the top 20 by cosine, clipped at 0); any other name: as shipped
(a z-score before min-max is the same min-max)."""
import math
import sys
import coverage as C  # the dump, run() and show(); patches R.fuse
from app.core.search import ranking as R


def fuse(candidates, w, how):
    dense = [c.dense for c in candidates]
    lex = [c.lexical for c in candidates]
    if how == "top":
        hd, hl = max(dense), max(lex)
        return [w * (d / hd if hd > 0 else 0) + (1 - w) * (x / hl if hl > 0 else 0)
                for d, x in zip(dense, lex)]
    if how == "lexlog":
        lex = [math.log1p(x) for x in lex]
    if how == "dense_top20":
        top = sorted(dense, reverse=True)
        hi, lo = top[0], top[min(19, len(top) - 1)]
        dn = [max(0.0, (d - lo) / (hi - lo)) if hi > lo else 1.0 for d in dense]
    else:
        lo, hi = min(dense), max(dense)
        dn = [(d - lo) / (hi - lo) if hi > lo else 1.0 for d in dense]
    hl = max(lex)
    ln = [x / hl if hl > 0 else 0.0 for x in lex]
    return [w * a + (1 - w) * b for a, b in zip(dn, ln)]


for how in sys.argv[2:]:
    R.fuse = lambda cands, w, how=how: fuse(cands, w, how)
    C.show(how, C.run("none", 0))
