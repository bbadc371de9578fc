"""Fast replica of `kenning bias eval` for any query-side W: dumps each eval index once."""
import sys, json, pickle
sys.path.insert(0, "/work/main")
from pathlib import Path
import numpy as np, apsw, sqlite_vec
from app.core.bias.embed_cache import EmbeddingCache
from app.core.bias.pipeline import eval_sets
from app.core.search.lexical import lexical_search
from app.core.search.fusion import reciprocal_rank_fusion
from app.core.bias.metrics import metrics_from_ranks

WORK = Path.home() / ".cache/kenning/bias-eval"
OUT = Path("/tmp/bx/proxy.pkl")

def build():
    from app.core.model.embedder import Embedder
    from app.core.model.provision import default_model_path
    emb = Embedder(default_model_path(), n_threads=1)
    cache = EmbeddingCache(Path.home()/".cache/kenning/bias-embeddings", emb)
    sets = {}
    for es in eval_sets(Path(sys.argv[2]), WORK / "_proxy_unused"):
        db = WORK / (es.name.split(" ")[0].lower() + ".db")
        conn = apsw.Connection(str(db), flags=apsw.SQLITE_OPEN_READONLY)
        conn.enable_load_extension(True); conn.load_extension(sqlite_vec.loadable_path())
        rows = list(conn.execute("SELECT c.id, f.path, c.start_line, c.end_line, v.embedding FROM chunks c JOIN files f ON f.id=c.file_id JOIN chunk_vectors v ON v.rowid=c.id"))
        ids = np.array([r[0] for r in rows]); vec = np.vstack([np.frombuffer(r[4], dtype=np.float32) for r in rows])
        bypath = {}
        for i, (cid, p, s, e, _) in enumerate(rows):
            bypath.setdefault(p, []).append((s, e, i))
        # eval_sets rewrote roots under _proxy_unused for conala/stdlib: map by name relative
        targets, lex = [], []
        for q in es.queries:
            p = str(q.path).replace(str(WORK / "_proxy_unused"), str(WORK))
            targets.append({i for s, e, i in bypath.get(p, []) if s <= q.line <= e})
            hits = lexical_search(conn, q.query, 500, "1", [])
            pos = {cid: i for i, cid in enumerate(ids)}
            lex.append([pos[c] for c, _ in hits])
        qv = cache.embed([q.query for q in es.queries])
        print(es.name, len(rows), "chunks", len(es.queries), "queries", sum(1 for t in targets if t), "with targets", flush=True)
        sets[es.name] = dict(vec=vec, targets=targets, lex=lex, qv=qv)
    pickle.dump(sets, open(OUT, "wb"))

def rank(order, target):
    for n, i in enumerate(order[:100], 1):
        if i in target: return n
    return 0

def evaluate(W=None, sets=None):
    sets = sets or pickle.load(open(OUT, "rb"))
    out = {}
    for name, s in sets.items():
        q = s["qv"] if W is None else s["qv"] @ W.T
        q = q / np.linalg.norm(q, axis=1, keepdims=True)
        scores = q @ s["vec"].T
        top = np.argsort(-scores, axis=1)[:, :500]
        sem = metrics_from_ranks([rank(list(t), tg) for t, tg in zip(top, s["targets"])]).mrr
        hyb = metrics_from_ranks([rank([i for i, _ in reciprocal_rank_fusion([list(t), lx], [1.0, 1.0])], tg)
                                  for t, lx, tg in zip(top, s["lex"], s["targets"])]).mrr
        out[name.split(" ")[0]] = (round(sem, 4), round(hyb, 4))
    return out

if __name__ == "__main__":
    if sys.argv[1] == "build": build()
    else:
        for w in sys.argv[2:]:
            print(w, evaluate(None if w == "raw" else np.load(w)))
