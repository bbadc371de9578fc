"""The task questions written by hand, each: NDCG@10 with the question prior (as shipped) and
without it; BIAS=0 for hybrid raw.
PYTHONPATH=. [BIAS=0] python bench/ranking_exploration/task_questions_each.py"""
import dataclasses
import os

from app.core.search.ranking import WEIGHTS
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from app.quality.evaluate import K, project_engine
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.quality.projects import load_projects
from task_questions import TASK

BIAS = os.environ.get("BIAS", "1") == "1"
NO_PRIOR = dataclasses.replace(WEIGHTS, question_length=0.0)
for p in load_projects():
    judgments = [j for j in load_judgments(p) if TASK.match(j.query.lower())]
    if not judgments:
        continue
    engine = project_engine(p)
    with engine.open_store(readonly=True) as store:
        shipped = engine.searcher(store)
        searchers = (shipped, Searcher(store, shipped.embed_query, shipped.bias, NO_PRIOR))
        for j in judgments:
            out = []
            for searcher in searchers:
                response = searcher.search(SearchRequest(j.query, K, Mode.HYBRID, BIAS))
                out.append(score(j, [Hit(x.rel_path, x.start_line, x.end_line)
                                     for x in response.results]).ndcg)
            print(f"{p.split} {p.name:16s} prior {out[0]:.3f}, none {out[1]:.3f}  {j.query[:70]}")
