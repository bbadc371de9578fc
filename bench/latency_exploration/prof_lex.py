import sys, time, statistics, tempfile
from pathlib import Path
sys.path.insert(0, "/work/main")
from app.bench.context import PROFILES, BenchContext
from app.bench.queries import grow_synthetic
from app.core.model.provision import ensure_default_model
from app.core.engine import Engine, EngineConfig
from app.core.search.lexical import lexical_search
from app.core.search.request import SearchRequest
from app.core.bias.eval_sets import stdlib_queries
db = Path("/tmp/syn100k.db")
ctx = BenchContext(PROFILES["quick"], Path(tempfile.mkdtemp()), ensure_default_model())
if not db.exists():
    t = time.time(); grow_synthetic(ctx, db, 100_000); print("grown", time.time() - t)
engine = Engine(EngineConfig(db_path=db, model_path=ctx.model_path))
texts = [q for q, _, _ in stdlib_queries()]
with engine.open_store(readonly=True) as store:
    s = engine.searcher(store)
    s.search(SearchRequest("warm up"))
    for name, fn in [
        ("lexical", lambda q: lexical_search(store.conn, q, 50, "1", [])),
        ("hybrid", lambda q: s.search(SearchRequest(q))),
        ("semantic", lambda q: s.search(SearchRequest(q, mode="semantic"))),
        ("hybrid k50 py", lambda q: s.search(SearchRequest(q, k=50, languages=("python",)))),
    ]:
        ts = []
        for _ in range(2):
            for q in texts:
                t = time.perf_counter(); fn(q); ts.append((time.perf_counter() - t) * 1000)
        ts.sort()
        print(f"{name}: p50 {statistics.median(ts):.1f} p95 {ts[int(len(ts)*0.95)]:.1f} ms")
