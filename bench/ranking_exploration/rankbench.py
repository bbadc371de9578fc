import time, statistics
from pathlib import Path
from app.core.engine import Engine, EngineConfig
from app.core.bias.eval_sets import stdlib_queries
from app.core.search.request import SearchRequest
from app.core.search.query_kind import analyse
from app.core.search import ranking as R
e = Engine(EngineConfig(db_path=Path("/tmp/b100k/synthetic.db")))
store = e.open_store(readonly=True); s = e.searcher(store)
texts = [q for q, _, _ in stdlib_queries()]
data = []
for t in texts:
    for k in (10, 50):
        q = analyse(t); req = SearchRequest(t, k=k)
        with store.conn:
            c, _ = s.candidates(req, q)
        data.append((q, c, k))
print("candidates", statistics.median(len(c) for _, c, _ in data), max(len(c) for _, c, _ in data))
def bench(label, fn):
    ts = []
    for _ in range(5):
        for q, c, k in data:
            t0 = time.perf_counter(); fn(q, c, k); ts.append((time.perf_counter() - t0) * 1000)
    ts.sort()
    print(f"{label:12s} p50={statistics.median(ts):.2f} p95={ts[int(len(ts)*0.95)]:.2f}")
W = R.WEIGHTS
bench("rank", lambda q, c, k: R.rank(q, c, k, W))
bench("fuse", lambda q, c, k: R.fuse(c, 0.8))
bench("boosts", lambda q, c, k: [R.symbol_boost(q, x, W) + R.role_factor(q, x, W.roles) for x in c])
bench("path", lambda q, c, k: [R.path_match({"a","b"}, x.rel_path) for x in c])
sc = [0.5] * 600
bench("collapse", lambda q, c, k: R.collapse(c, sc[:len(c)]))
bench("diversify", lambda q, c, k: R.diversify(R.collapse(c, sc[:len(c)]), c, k, 0.7, 4))
