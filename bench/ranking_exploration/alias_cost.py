"""What reading alias lines costs a name query (7 Dec, session 32): each symbol query of
the named dev projects searched with the alias lines read (`searcher.ALIAS_LINES` = 20)
and without (0), interleaved, through the real searcher; p50 / p95 of each.

Usage: PYTHONPATH=. python bench/ranking_exploration/alias_cost.py ansible-core,three [PASSES]
"""

import sys
import time

import numpy as np

from app.core.search import searcher as searcher_module
from app.core.search.request import Mode, SearchRequest
from app.quality.evaluate import project_searcher
from app.quality.judgments import load_judgments
from app.quality.projects import DEFAULT_SET_DIR, load_projects


def main(names: set[str], passes: int) -> None:
    timings: dict[int, list[float]] = {20: [], 0: []}
    for project in load_projects(DEFAULT_SET_DIR):
        if project.name not in names:
            continue
        with project_searcher(project) as (_, searcher):
            queries = [j.query for j in load_judgments(project, DEFAULT_SET_DIR)
                       if j.kind == "symbol"]
            for query in queries:  # warm: the query vectors cached, the indexes loaded
                searcher.search(SearchRequest(query, 10, Mode.HYBRID, True))
            for _ in range(passes):
                for query in queries:
                    for lines, times in timings.items():
                        searcher_module.ALIAS_LINES = lines
                        start = time.perf_counter()
                        searcher.search(SearchRequest(query, 10, Mode.HYBRID, True))
                        times.append((time.perf_counter() - start) * 1000)
    searcher_module.ALIAS_LINES = 20
    for lines, times in timings.items():
        print(f"alias lines {lines:2}: {len(times)} searches, p50 {np.percentile(times, 50):.2f} ms,"
              f" p95 {np.percentile(times, 95):.2f} ms")


if __name__ == "__main__":
    main(set(sys.argv[1].split(",")), int(sys.argv[2]) if len(sys.argv) > 2 else 5)
