"""Other normalisations of the two scores before the convex combination, on
dump_coverage.py's dump: python normalise.py DUMP NAME... with NAME among
z (both sides z-scored, then squashed to 0..1 by the pool's min and max of the z),
zdense (meaning z-scored / its spread, BM25 as shipped), top (each side / its maximum),
lexlog (BM25 as log(1 + s) before min-max), dense_top20 (meaning min-max over the top
20 by cosine, clipped at 0)."""
import math
import sys
from statistics import mean, pstdev
import coverage as C  # the dump, run() and show(); patches R.fuse
from app.core.search import ranking as R

ORIGINAL = C.ORIGINAL_FUSE


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
    elif how in ("z", "zdense"):
        m, s = mean(dense), pstdev(dense) or 1.0
        z = [(d - m) / s for d in dense]
        lo, hi = min(z), max(z)
        dn = [(v - lo) / (hi - lo) if hi > lo else 1.0 for v in z]
        if how == "z":
            pass
    else:
        lo, hi = min(dense), max(dense)
        dn = [(d - lo) / (hi - lo) if hi > lo else 1.0 for d in dense]
    hl = max(lex)
    ln = [x / hl if hl > 0 else 0.0 for x in lex]
    return [w * a + (1 - w) * b for a, b in zip(dn, ln)]


for how in sys.argv[2:]:
    R.fuse = lambda cands, w, how=how: fuse(cands, w, how)
    C.show(how, C.run("none", 0))
