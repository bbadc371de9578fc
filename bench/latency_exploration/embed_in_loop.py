import sys, time, statistics
from pathlib import Path
from app.core.engine import Engine, EngineConfig
from app.core.model.provision import ensure_default_model
from app.core.search.request import SearchRequest
from app.core.bias.eval_sets import stdlib_queries
from app.core import background
from warm import TEXTS, warm_searcher
texts = TEXTS
with warm_searcher() as (engine, store, s):
    emb = engine.query_embedder()
    ctx = emb._main
    rec = []
    orig = ctx.threads.record
    def record(threads, n, secs):
        rec.append((threads, n, secs*1000)); orig(threads, n, secs)
    ctx.threads.record = record
    for mode in ("search", "embed only"):
        rec.clear()
        for rep in range(3):
            for q in texts:
                engine.query_vectors().clear()
                if mode == "search": s.search(SearchRequest(q, k=50, languages=("python",)))
                else: emb.embed_one(q)
        by = {}
        for th, n, ms in rec: by.setdefault(th, []).append(ms / n)
        print(mode, {th: (len(v), round(statistics.median(v), 3)) for th, v in by.items()}, "ms/token; median decode ms", round(statistics.median([m for _,_,m in rec]),2))
