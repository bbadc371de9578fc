"""The default's rank of each stdlib guard query's answer (7 Dec, session 30), from the
guard sets' indexes as they are (not re-indexed: run the guards first), so that two codes
or indexes ($KENNING_QUALITY_INDEXES) can be compared query by query.
Usage: PYTHONPATH=. python guard_ranks.py > OUT.txt (lines: set, rank (0: not in 100), query)"""
from app.core.bias.evaluate import DEPTH, rank_of
from app.core.search.request import Mode, SearchRequest
from app.quality.evaluate import harness_engine
from app.quality.guards import STDLIB_QUERIES_2, guard_dir, stdlib_queries, stdlib_set

work = guard_dir()
for name, eval_set in (("stdlib", stdlib_set(stdlib_queries(), work)),
                       ("stdlib-2", stdlib_set(stdlib_queries(STDLIB_QUERIES_2), work,
                                               "second set", "stdlib-2"))):
    engine = harness_engine(work / f"{name}.db")
    with engine.open_store(readonly=True) as store:
        searcher = engine.searcher(store)
        for q in eval_set.queries:
            response = searcher.search(SearchRequest(q.query, DEPTH, Mode.HYBRID, True))
            print(name, rank_of(response.results, q), q.query)
