"""Latency of `--mode lexical` through the window's searcher (in-memory postings).

    PYTHONPATH=. python bench/ranking_exploration/lexical_mode_time.py INDEX.db

The 360 queries of the evaluation set, three times each after 20 to warm up, at
k = 10 without a filter and at k = 50 with a language filter; prints the median
and the 95th percentile in ms. Run it from a checkout of each commit to compare.
"""

import json
import statistics
import sys
import time
from pathlib import Path

from app.core.engine import Engine, EngineConfig
from app.core.search.request import Mode, SearchRequest

QUERIES = Path(__file__).resolve().parents[1] / "quality" / "queries"
queries = [q["query"] for f in sorted(QUERIES.glob("*.json"))
           for q in json.loads(f.read_text())["queries"]]
engine = Engine(EngineConfig(db_path=Path(sys.argv[1])))
with engine.open_store(readonly=True) as store:
    searcher = engine.searcher(store)
    for name, request in (
            ("k = 10", lambda q: SearchRequest(q, 10, Mode.LEXICAL, False)),
            ("k = 50, filtered", lambda q: SearchRequest(q, 50, Mode.LEXICAL, False,
                                                         ("python",)))):
        for query in queries[:20]:
            searcher.search(request(query))
        times = []
        for _ in range(3):
            for query in queries:
                started = time.perf_counter()
                searcher.search(request(query))
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(f"{name}: {len(times)} searches, p50 {statistics.median(times):.2f} ms, "
              f"p95 {times[int(0.95 * len(times))]:.2f} ms")
