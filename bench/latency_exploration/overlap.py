"""Hybrid search at 100k with and without the query embedding overlapped with FTS5."""
import statistics, sys, time
from pathlib import Path
from concurrent.futures import Future
from app.core.engine import Engine, EngineConfig
from app.core.search import searcher as S
from app.core.search.request import SearchRequest
from app.core.bias.eval_sets import stdlib_queries
db = Path(sys.argv[1])
texts = [q for q, _, _ in stdlib_queries()]
engine = Engine(EngineConfig(db_path=db))
class Inline:
    def submit(self, fn, *a):
        f = Future(); f.set_result(fn(*a)); return f
real = S._EMBEDDING
with engine.open_store(readonly=True) as store:
    s = engine.searcher(store)
    s.search(SearchRequest(texts[0]))
    res = {"overlap": [], "inline": []}
    for rnd in range(3):
        for name in ("overlap", "inline"):
            S._EMBEDDING = real if name == "overlap" else Inline()
            for t in texts:
                engine.query_vectors().clear()
                t0 = time.perf_counter(); s.search(SearchRequest(t)); res[name].append((time.perf_counter() - t0) * 1000)
    emb = []
    for t in texts:
        engine.query_vectors().clear()
        t0 = time.perf_counter(); engine.query_vectors()(t); emb.append((time.perf_counter() - t0) * 1000)
for name, v in res.items():
    v = sorted(v)
    print(name, "p50 %.1f p95 %.1f" % (statistics.median(v), v[int(0.95 * len(v))]))
print("embed p50 %.1f" % statistics.median(emb))
