"""The blend's cost: candidates() with matrix_share 0.7 against 1.0, interleaved, on sphinx's index."""
import statistics, time
from dataclasses import replace
from app.core.search.query_kind import analyse
from app.core.search.ranking import WEIGHTS
from app.core.search.request import SearchRequest
from app.core.search.searcher import Searcher
from app.quality.evaluate import project_engine
from app.quality.judgments import load_judgments
from app.quality.projects import load_projects
p = next(p for p in load_projects() if p.name == "sphinx")
e = project_engine(p)
with e.open_store(readonly=True) as store:
    base = e.searcher(store)
    qs = [j.query for j in load_judgments(p)]
    s = {x: Searcher(store, base.embed_query, base.bias, replace(WEIGHTS, matrix_share=x)) for x in (0.7, 1.0)}
    for q in qs: s[1.0].search(SearchRequest(q, 10)); s[0.7].search(SearchRequest(q, 10))
    t = {0.7: [], 1.0: []}
    for _ in range(5):
        for q in qs:
            for x in (0.7, 1.0):
                a = time.perf_counter()
                with store.conn:
                    s[x].candidates(SearchRequest(q, 10), analyse(q))
                t[x].append((time.perf_counter() - a) * 1000)
    for x, v in t.items():
        v.sort(); print(x, f"p50 {statistics.median(v):.2f} ms p95 {v[int(len(v)*.95)]:.2f} ms")
