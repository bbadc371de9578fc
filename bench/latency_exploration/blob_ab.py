import sys, time, statistics
from pathlib import Path
import numpy as np
from app.core.engine import Engine, EngineConfig
from app.core.model.provision import ensure_default_model
from app.core.search.request import SearchRequest
from app.core.bias.eval_sets import stdlib_queries
from app.core import background
from warm import TEXTS, blob_vectors, warm_searcher
import app.core.search.vector_index as VI, app.core.search.candidates as C
orig = VI.float_vectors
texts = TEXTS
with warm_searcher() as (engine, store, s):
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
