"""How often one file fills the first ten results, with the shipped weights and others:
queries whose most frequent file holds more than 5 (and 8 or more) of the ten.
Usage: PYTHONPATH=. python file_fill.py SPLIT name=field:value[,field:value] ..."""
import sys
from collections import Counter

from weights_dev import weights_of

from app.core.search.ranking import WEIGHTS
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from app.quality.evaluate import K, project_engine, settle
from app.quality.judgments import load_judgments
from app.quality.projects import load_projects

variants = {"default": WEIGHTS}
variants.update((name, weights_of(spec)) for name, spec in (a.split("=") for a in sys.argv[2:]))
stats = {name: Counter() for name in variants}
for project in [p for p in load_projects() if p.split == sys.argv[1]]:
    engine = project_engine(project)
    with engine.open_store(readonly=True) as store:
        base = engine.searcher(store)
        settle(base)
        for name, weights in variants.items():
            searcher = Searcher(store, base.embed_query, base.bias, weights)
            for judgment in load_judgments(project):
                request = SearchRequest(judgment.query, K, Mode.HYBRID, True)
                results = searcher.search(request).results
                most = max(Counter(r.path for r in results).values(), default=0)
                stats[name].update(queries=1, over5=most > 5, eight=most >= 8, most=most)
for name, c in stats.items():
    print(f"{name}: queries {c['queries']}: one file > 5 of 10: {c['over5']}, >= 8: "
          f"{c['eight']}, mean of the most per file {c['most'] / c['queries']:.2f}")
