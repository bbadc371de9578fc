"""The function pools' queries with a web-search habit: 'python ' in front, or '?'."""
from app.core.bias.eval_sets import STDLIB_QUERIES_2, stdlib_queries
from app.core.bias.evaluate import DEPTH, rank_of
from app.core.bias.metrics import metrics_from_ranks
from app.core.search.request import SearchRequest
from app.quality.evaluate import CONFIGURATIONS, harness_engine
from app.quality.function_pool import function_pool_set
from app.quality.guards import guard_dir

both = stdlib_queries() + stdlib_queries(STDLIB_QUERIES_2)
for docs, name in ((True, "function-pool"), (False, "function-pool-nodocs")):
    es = function_pool_set(both, guard_dir(), docs)
    eng = harness_engine(guard_dir() / f"{name}.db")
    eng.index([es.root])
    with eng.open_store(readonly=True) as store:
        s = eng.searcher(store)
        for form in ("{q}", "python {q}", "{q} in python", "how to {q}"):
            row = []
            for cname, mode, bias in CONFIGURATIONS:
                ranks = [rank_of(s.search(SearchRequest(form.format(q=q.query), DEPTH, mode, bias)).results, q)
                         for q in es.queries]
                row.append(f"{cname} {metrics_from_ranks(ranks).mrr:.3f}")
            print(name, repr(form), " | ".join(row), flush=True)
