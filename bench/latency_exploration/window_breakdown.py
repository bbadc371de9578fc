import sys, time, statistics, functools
from pathlib import Path
from app.core.engine import Engine, EngineConfig
from app.core.model.provision import ensure_default_model
from app.core.search.request import SearchRequest
from warm import TEXTS, warm_searcher
from app.core.bias.eval_sets import stdlib_queries
from app.core import background
import app.core.search.searcher as S, app.core.search.semantic as SEM, app.core.search.vector_index as VI, app.core.search.candidates as C
T = {}
def wrap(mod, name):
    f = getattr(mod, name)
    @functools.wraps(f)
    def w(*a, **k):
        t = time.perf_counter(); r = f(*a, **k); T.setdefault(name, []).append((time.perf_counter()-t)*1000); return r
    setattr(mod, name, w)
for mod, name in [(S,'semantic_search'),(S,'lexical_hits'),(S,'load_candidates'),(S,'rank'),(VI,'_closest'),(VI,'_alive'),(VI,'_exact_scores'),(C,'_cosines'),(SEM,'_allowed'),(S,'definitions_named')]:
    wrap(mod, name)
texts = TEXTS
with warm_searcher() as (engine, store, s):
    emb = s.embed_query
    def e(q):
        t=time.perf_counter(); r=emb(q); T.setdefault('embed',[]).append((time.perf_counter()-t)*1000); return r
    s.embed_query = e
    T.clear(); tot=[]
    _load = s._load
    def L(r):
        t=time.perf_counter(); x=_load(r); T.setdefault('_load',[]).append((time.perf_counter()-t)*1000); return x
    s._load = L
    for rep in range(3):
        for q in texts:
            engine.query_vectors().clear()
            t=time.perf_counter(); s.search(SearchRequest(q, k=50, languages=("python",))); tot.append((time.perf_counter()-t)*1000)
    tot.sort(); print("total p50 %.2f p95 %.2f" % (statistics.median(tot), tot[int(len(tot)*.95)]))
    for k,v in T.items():
        print(f"{k:20s} n={len(v)} p50 {statistics.median(v):.2f} mean {statistics.mean(v):.2f}")
