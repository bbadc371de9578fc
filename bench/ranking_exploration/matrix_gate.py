"""Where the matrix helps and hurts, query by query, and gates that apply it per query.

python matrix_gate.py [DUMP]: for each query of the vector dump, NDCG@10 with the shipped
matrix and without (raw cosine, the rest of the ranking stage unchanged), then the query's
traits beside the change, then gates (the matrix's cosine blended with the raw one by a
per-query share) scored per split, kind, language and guard set.
"""
import sys
from collections import defaultdict

import numpy as np

import variants as V
from app.quality.metrics import Hit, score, summarise

RAW = None


def per_query(m):
    V.M = m
    out = {}
    for name, p, j, q, top in V.ranked():
        out[(name, j.query)] = (p, j, q, score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top]))
    return out


def traits(row):
    qv, vecs = row["qvec"], row["vecs"]
    raw = vecs @ qv
    mapped = V.cosines(SHIPPED, qv, vecs)
    top_raw = set(np.argsort(-raw)[:10])
    top_map = set(np.argsort(-mapped)[:10])
    return {"rawmax": float(raw.max()), "mapmax": float(mapped.max()),
            "overlap": len(top_raw & top_map) / 10}


SHIPPED = V.M
ROWS = {(name, r["j"].query): r for name, (p, rows) in V.D.items() for r in rows}


def gated(share):
    """The ranking stage with the cosine blended per query: share(row) of the matrix's."""
    orig = V.cosines

    def blended(m, qv, vecs):
        row = V.HOOKS["row"]
        s = share(row)
        mapped = orig(SHIPPED, qv, vecs)
        return mapped if s >= 1 else s * mapped + (1 - s) * (vecs @ qv)
    V.cosines = blended
    try:
        per = defaultdict(list)
        for name, p, j, q, top in V.ranked():
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            for key in ("all", j.kind, p.language, name):
                per[(p.split, key)].append(sc)
        return {k: summarise(v) for k, v in per.items()}
    finally:
        V.cosines = orig


if __name__ == "__main__":
    on, off = per_query(SHIPPED), per_query(None)
    V.M = SHIPPED
    T = {k: traits(ROWS[k]) for k in on}
    for split in ("dev", "test"):
        keys = [k for k in on if on[k][0].split == split]
        for t in ("rawmax", "mapmax", "overlap"):
            xs = np.array([T[k][t] for k in keys])
            d = np.array([on[k][3].ndcg - off[k][3].ndcg for k in keys])
            qs = np.quantile(xs, [0, .25, .5, .75, 1])
            print(split, t, "quartile bounds", np.round(qs, 3))
            for lo, hi in zip(qs[:-1], qs[1:]):
                sel = (xs >= lo) & (xs <= hi)
                print(f"   {lo:.3f}-{hi:.3f} n={sel.sum():3d} matrix gain {d[sel].mean():+.4f}")
    base = gated(lambda r: 1.0)
    V.show("shipped", base)
    for label, share in [
        ("rawmax<0.45 else 0.5", lambda r: 1.0 if float((r["vecs"] @ r["qvec"]).max()) < 0.45 else 0.5),
        ("rawmax<0.5 else 0.5", lambda r: 1.0 if float((r["vecs"] @ r["qvec"]).max()) < 0.5 else 0.5),
        ("rawmax<0.55 else 0", lambda r: 1.0 if float((r["vecs"] @ r["qvec"]).max()) < 0.55 else 0.0),
    ]:
        V.show(label, gated(share), base)
