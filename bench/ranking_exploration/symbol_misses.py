"""The symbol queries of some projects: where the default puts the first grade-2 answer,
and its first four results when that is not first.
Usage: PYTHONPATH=. python bench/ranking_exploration/symbol_misses.py fmt,spdlog"""
import sys

from app.quality.evaluate import project_searcher
from app.quality.judgments import load_judgments
from app.quality.projects import load_projects
from app.core.search.request import SearchRequest, Mode
for p in load_projects():
    if p.name not in sys.argv[1].split(","): continue
    with project_searcher(p) as (store, s):
        for j in load_judgments(p):
            if j.kind != "symbol": continue
            res = s.search(SearchRequest(j.query, 10, Mode.HYBRID, True)).results
            rel = [(r.path, r.start, r.end, r.grade) for r in j.relevant]
            def hit(x):
                for path, a, b, g in rel:
                    if x.rel_path == path and not (x.end_line < a or x.start_line > b): return g
                return 0
            ranks = [hit(x) for x in res]
            first2 = next((i+1 for i, g in enumerate(ranks) if g == 2), None)
            print(j.id, repr(j.query), "grade-2 at", first2, "| want", rel[0][:3])
            if first2 != 1:
                for x in res[:4]: print("    ", x.rel_path, x.start_line, x.end_line, x.symbol, x.kind)
