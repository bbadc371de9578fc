import time, statistics
from pathlib import Path
from app.core.engine import Engine, EngineConfig
from app.core.bias.eval_sets import stdlib_queries
from app.core.search.request import SearchRequest, Mode
from app.core.search.query_kind import analyse
from app.core.search import candidates as C, lexical as L, semantic as Se
db = Path("/tmp/b100k/synthetic.db")
e = Engine(EngineConfig(db_path=db))
texts = [q for q, _, _ in stdlib_queries()]
store = e.open_store(readonly=True)
s = e.searcher(store)
s.search(SearchRequest(texts[0]))
import cProfile, pstats
def run():
    for t in texts:
        for k in (10, 50):
            s.search(SearchRequest(t, k=k))
T = {}
for k in (10, 50):
    ts = []
    for t in texts:
        t0 = time.perf_counter(); s.search(SearchRequest(t, k=k)); ts.append((time.perf_counter()-t0)*1000)
    print(k, "median", statistics.median(ts), "max", max(ts))
cProfile.run("run()", "/tmp/prof.out")
p = pstats.Stats("/tmp/prof.out"); p.sort_stats("cumulative").print_stats(25)
