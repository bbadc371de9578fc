import sys, time, statistics, functools
from pathlib import Path
import numpy as np
from app.core.engine import Engine, EngineConfig
from app.core.model.provision import ensure_default_model
from app.core.search.request import SearchRequest
from app.core.bias.eval_sets import stdlib_queries
from app.core import background
import app.core.search.vector_index as VI, app.core.search.semantic as SEM
from app.core.search.filters import filter_sql
T={}
def wrap(mod, name):
    f = getattr(mod, name)
    def w(*a, **k):
        t = time.perf_counter(); r = f(*a, **k); T.setdefault(name, []).append((time.perf_counter()-t)*1000); return r
    setattr(mod, name, w)
for n in ['_closest','_int8_scores','_best','_all_visible','_exact_scores','shared_index']: wrap(VI if n!='shared_index' else SEM, n)
texts = [q for q, _, _ in stdlib_queries()]
engine = Engine(EngineConfig(db_path=Path(sys.argv[1]), model_path=ensure_default_model()))
with engine.open_store(readonly=True) as store:
    s = engine.searcher(store)
    s.search(SearchRequest("warm", k=50, languages=("python",)))
    background.settle()
    conn = store.conn
    where, params = filter_sql(("python",), ())
    vecs = [s.bias.apply(s.embed_query(q)) for q in texts]
    T.clear(); tot=[]
    for rep in range(3):
      for v in vecs:
        with conn:
            t=time.perf_counter(); SEM.semantic_search(conn, v, 150, where, params, s.bias.doc_scale); tot.append((time.perf_counter()-t)*1000)
    print("semantic_search p50 %.2f" % statistics.median(tot))
    for k,v in T.items(): print(f"{k:15s} p50 {statistics.median(v):.2f}")
