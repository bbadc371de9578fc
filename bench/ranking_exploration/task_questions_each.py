"""The task questions written by hand, each: NDCG@10 with the question prior (the task rule of
query_kind switched off) and as shipped; BIAS=0 for hybrid raw.
PYTHONPATH=. [BIAS=0] python bench/ranking_exploration/task_questions_each.py"""
import re
from app.core.search import query_kind
from app.core.search.request import Mode, SearchRequest
from app.quality.evaluate import project_engine, K
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.quality.projects import load_projects
import os
BIAS = os.environ.get("BIAS", "1") == "1"
NEVER = re.compile(r"(?!)")
TASK = query_kind._TASK_QUESTION
for p in load_projects():
    js = [j for j in load_judgments(p) if TASK.match(j.query.lower())]
    if not js: continue
    eng = project_engine(p)
    with eng.open_store(readonly=True) as store:
        s = eng.searcher(store)
        for j in js:
            out = []
            for rx in (NEVER, TASK):
                query_kind._TASK_QUESTION = rx
                resp = s.search(SearchRequest(j.query, K, Mode.HYBRID, BIAS))
                hits = [Hit(x.rel_path, x.start_line, x.end_line) for x in resp.results]
                out.append(score(j, hits).ndcg)

            print(f"{p.split} {p.name:16s} prior {out[0]:.3f} -> {out[1]:.3f}  {j.query[:70]}")
