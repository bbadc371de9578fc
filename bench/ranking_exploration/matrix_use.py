"""How the matrix's cosine is used, on the vector dump: python matrix_use.py /tmp/exp3/all.pkl

Each variant: the pool (mapped top 50, or mapped and raw top 50 each), and the dense score each
candidate brings to the fusion: mapped cosine, raw cosine, or a share mu of the mapped cosine
and 1 - mu of the raw one, each min-max normalised over the candidates first ("sep") or the
cosines blended before the fusion's own normalisation ("lin").
"""
import dataclasses
import pickle
import sys
from collections import defaultdict

import numpy as np

from app.core.search.query_kind import analyse
from app.core.search.ranking import WEIGHTS, rank
from app.quality.metrics import Hit, score, summarise
import score as S

P = 50
MATRIX = "/work/main/models/bias/d274298f9d490669.npy"


def mm(x):
    lo, hi = x.min(), x.max()
    return (x - lo) / (hi - lo) if hi > lo else np.ones_like(x)


def run(D, m, mu, pool="mapped", how="sep", kinds=None):
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        for r in rows:
            j, q, cands = r["j"], analyse(r["j"].query), r["cands"]
            mapped = S.cosines(m, r["qvec"], r["vecs"])
            raw = r["vecs"] @ r["qvec"]
            keep = {cands[i].chunk_id for i in np.argsort(-mapped)[:P]}
            if pool == "union":
                keep |= {cands[i].chunk_id for i in np.argsort(-raw)[:P]}
            keep |= set(r["lex"]) | set(r["named"])
            idx = [i for i, x in enumerate(cands) if x.chunk_id in keep]
            use_mu = mu if (kinds is None or ((q.kind == "identifier") if kinds == "ident" else not (q.kind == "identifier"))) else 1.0
            if how == "sep":
                d = use_mu * mm(mapped[idx]) + (1 - use_mu) * mm(raw[idx])
            elif how == "max":
                d = np.maximum(mm(mapped[idx]), mm(raw[idx]))
            else:
                d = use_mu * mapped[idx] + (1 - use_mu) * raw[idx]
            c = [dataclasses.replace(cands[i], dense=float(s)) for i, s in zip(idx, d)]
            top = [{x.chunk_id: x for x in c}[t.chunk_id] for t in rank(q, c, 10, WEIGHTS)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            for key in ("all", j.kind, p.language, name):
                per[(p.split, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}


if __name__ == "__main__":
    D = pickle.load(open(sys.argv[1], "rb"))
    S.NAMES = set(D)
    M = S.load(MATRIX)
    base = run(D, M, 1.0)
    S.show("shipped (mu 1)", base)
    S.show("no matrix (mu 0)", run(D, M, 0.0), base)
    for spec in sys.argv[2:]:
        how, pool, mu, *k = spec.split(",")
        S.show(spec, run(D, M, float(mu), pool, how, k[0] if k else None), base)
