import sys, time, statistics, cProfile, pstats
from pathlib import Path
from app.core.engine import Engine, EngineConfig
from app.core.model.provision import ensure_default_model
from app.core.search.request import SearchRequest
from app.core.search.lexical_index import wait_for_lexical_index
from app.core.bias.eval_sets import stdlib_queries
texts = [q for q, _, _ in stdlib_queries()]
engine = Engine(EngineConfig(db_path=Path(sys.argv[1]), model_path=ensure_default_model()))
with engine.open_store(readonly=True) as store:
    s = engine.searcher(store)
    s.search(SearchRequest("warm", k=50, languages=("python",)))
    wait_for_lexical_index(store.conn)
    for q in texts: s.search(SearchRequest(q, k=50, languages=("python",)))  # vectors cached now
    for req in [lambda q: SearchRequest(q), lambda q: SearchRequest(q, k=50, languages=("python",))]:
        ts = []
        for q in texts * 2:
            t = time.perf_counter(); s.search(req(q)); ts.append((time.perf_counter() - t) * 1000)
        ts.sort(); print(f"p50 {statistics.median(ts):.1f} p95 {ts[int(len(ts)*.95)]:.1f} (query vectors cached)")
    pr = cProfile.Profile(); pr.enable()
    for q in texts * 2:
        s.search(SearchRequest(q, k=50, languages=("python",)))
    pr.disable()
    pstats.Stats(pr).sort_stats("tottime").print_stats(22)
