import sys, time, statistics
from pathlib import Path
import numpy as np
from app.core.engine import Engine, EngineConfig
from app.core.model.provision import ensure_default_model
from app.core.search.request import SearchRequest
from app.core.bias.eval_sets import stdlib_queries
from app.core import background
from app.core.search.lexical_index import wait_for_lexical_index
import app.core.search.vector_index as VI, app.core.search.candidates as C
orig = VI.float_vectors
def blob_vectors(conn, ids):
    if not ids: return [], np.zeros((0,0), np.float32)
    listed = ",".join(map(str, ids))
    where = {r[0]: (r[1], r[2]) for r in conn.execute(
        f"SELECT rowid, chunk_id, chunk_offset FROM chunk_vectors_rowids WHERE rowid IN ({listed})")}
    found, out = [], []
    for i in ids:
        loc = where.get(i)
        if loc is None or loc[0] is None: continue
        with conn.blob_open("main", "chunk_vectors_vector_chunks00", "vectors", loc[0], False) as b:
            b.seek(loc[1] * 1536); out.append(b.read(1536))
        found.append(i)
    return found, np.frombuffer(b"".join(out), dtype=np.float32).reshape(len(out), -1)
texts = [q for q, _, _ in stdlib_queries()]
engine = Engine(EngineConfig(db_path=Path(sys.argv[1]), model_path=ensure_default_model()))
with engine.open_store(readonly=True) as store:
    s = engine.searcher(store)
    s.search(SearchRequest("warm", k=50, languages=("python",)))
    background.settle(); wait_for_lexical_index(store.conn)
    with store.conn:
        ids = [r[0] for r in store.conn.execute("select rowid from chunk_vectors_rowids limit 300 offset 5000")]
        a = orig(store.conn, ids); b = blob_vectors(store.conn, ids)
        assert a[0] == b[0] and np.array_equal(a[1], b[1])
    res = {"vtab": [], "blob": []}
    for rnd in range(4):
        for name, fn in (("vtab", orig), ("blob", blob_vectors)) if rnd % 2 == 0 else (("blob", blob_vectors), ("vtab", orig)):
            VI.float_vectors = fn; C.float_vectors = fn
            for q in texts:
                t = time.perf_counter(); s.search(SearchRequest(q, k=50, languages=("python",))); res[name].append((time.perf_counter()-t)*1000)
    for k, v in res.items():
        v.sort(); print(k, "p50 %.2f p95 %.2f" % (statistics.median(v), v[int(len(v)*.95)]))
