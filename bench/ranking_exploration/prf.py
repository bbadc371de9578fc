"""Pseudo-relevance feedback on the dense side: after the ranking stage, move the (mapped)
query toward the mean of its top-m results' vectors, re-score the cosine, rank again.
python prf.py DUMP MATRIX m,beta ..."""
import pickle, sys, dataclasses
from collections import defaultdict
import numpy as np
sys.path.insert(0, "/tmp/exp3")
import score as S
from app.core.search.ranking import rank, WEIGHTS
from app.core.search.query_kind import QueryKind
from app.quality.metrics import Hit, score, summarise
from app.core.search.query_kind import analyse

def unit(x):
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)

def run(D, mat, m, beta, idents=False):
    A, B = mat
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        for r in rows:
            j, q, cands = r["j"], analyse(r["j"].query), r["cands"]  # read again: older dumps lack newer fields
            a = unit(A @ r["qvec"])
            docs = unit(r["vecs"] @ B.T)
            d = docs @ a
            order = np.argsort(-d)[:S.P]
            keep = {cands[i].chunk_id for i in order} | set(r["lex"]) | set(r["named"])
            pos = {x.chunk_id: i for i, x in enumerate(cands)}
            c = [dataclasses.replace(x, dense=float(s)) for x, s in zip(cands, d) if x.chunk_id in keep]
            top = rank(q, c, 10, WEIGHTS)
            if m and beta and (idents or q.kind is not QueryKind.IDENTIFIER):
                fb = docs[[pos[t.chunk_id] for t in top[:m]]].mean(axis=0)
                a2 = unit(a + beta * fb)
                d2 = docs @ a2
                c = [dataclasses.replace(x, dense=float(d2[pos[x.chunk_id]])) for x in c]
                top = rank(q, c, 10, WEIGHTS)
            by = {x.chunk_id: x for x in c}
            sc = score(j, [Hit(by[t.chunk_id].rel_path, by[t.chunk_id].start_line, by[t.chunk_id].end_line) for t in top])
            for key in ("all", j.kind, p.language, name):
                per[(p.split, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}

D = pickle.load(open(sys.argv[1], "rb"))
S.NAMES = set(D)
mat = S.load(sys.argv[2])
base = run(D, mat, 0, 0)
S.show("base", base)
for spec in sys.argv[3:]:
    m, beta = spec.split(","); 
    S.show(f"prf m={m} b={beta}", run(D, mat, int(m), float(beta)), base)
