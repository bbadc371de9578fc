"""A second meaning signal: the query's cosine to each definition's signature alone (its name's
words and its first line), embedded as a short text, beside the snippet's own vector.
A long snippet's mean-pooled vector is diluted by its body; the signature says what it is for.
On the vector dump: PYTHONPATH=<checkout> python signature_vector.py [/tmp/exp3/all.pkl].
Adds g x the min-max normalised signature cosine to the fused score (non-definitions: the pool's
lowest), raw and through the shipped matrix."""
import re
import sys
import time

import apsw
import numpy as np

from app.core.model.embedder import Embedder
from app.core.model.provision import default_model_path
from app.core.search import ranking as R
import variants as V

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def name_words(symbol):
    last = re.split(r"[.:#/]+", symbol)[-1] if symbol else ""
    return " ".join(w.lower() for w in _WORD.findall(last))


def signature_text(symbol, text, start, def_start):
    """The definition's name as words and its first line (the snippet's line at def_start)."""
    lines = text.splitlines()
    i = (def_start - start) if def_start is not None and def_start >= start else 0
    first = next((ln.strip() for ln in lines[i:i + 4] if ln.strip() and not ln.strip().startswith("@")), "")
    return f"{name_words(symbol)}: {first[:160]}"


def signatures(emb):
    """{(project, chunk id): raw unit vector of its signature} for the chunks of the dump's pools."""
    wanted = {}
    for name, (p, rows) in V.D.items():
        ids = set()
        for r in rows:
            ids |= {c.chunk_id for c in r["cands"]}
        wanted[name] = ids
    out = {}
    for name, ids in wanted.items():
        conn = apsw.Connection(V.database(name), flags=apsw.SQLITE_OPEN_READONLY)
        keys, texts = [], []
        for cid, sym, text, start in conn.execute("select id, symbol, text, start_line from chunks"):
            if cid in ids and sym:
                keys.append((name, cid))
                texts.append((sym, text, start))
        cands = {c.chunk_id: c for r in V.D[name][1] for c in r["cands"]}
        strings = [signature_text(s, t, st, cands[k[1]].def_start) for k, (s, t, st) in zip(keys, texts)]
        vecs = emb.embed(strings)
        out.update(zip(keys, vecs))
        print(name, len(strings), "signatures; e.g.", strings[:2], flush=True)
    return out


def share(g, mapped):
    def fuse(q, cands, fused):
        qv = QV[q.text]
        s = []
        for c in cands:
            v = SIG.get((V.HOOKS["project"], c.chunk_id))
            if v is None:
                s.append(None)
            elif mapped:
                s.append(float(V.cosines(V.M, qv, v[None, :])[0]))
            else:
                s.append(float(v @ qv))
        known = [x for x in s if x is not None]
        if not known:
            return fused
        lo, hi = min(known), max(known)
        n = [((x - lo) / (hi - lo) if hi > lo else 1.0) if x is not None else 0.0 for x in s]
        return [(1 - g) * b + g * x for b, x in zip(fused, n)]
    return {"fuse": fuse}


if __name__ == "__main__":
    began = time.time()
    emb = Embedder(default_model_path())
    SIG = signatures(emb)
    QV = {}
    for name, (p, rows) in V.D.items():
        for r in rows:
            QV[V.analyse(r["j"].query).text] = r["qvec"] / np.linalg.norm(r["qvec"])
    print("signatures embedded in", round(time.time() - began, 1), "s", flush=True)
    V.grid(R.WEIGHTS, [(f"g={g}{' mapped' if m else ''}", share(g, m))
                       for m in (False, True) for g in (0.1, 0.2, 0.3)])
