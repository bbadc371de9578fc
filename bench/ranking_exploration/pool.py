"""The candidate pool per side (searcher.MIN_CANDIDATES), NDCG@10 of the default and
hybrid raw per project and kind: python pool.py SIZES FORMS PROJECT ...
SIZES: "50,75,100"; FORMS: "all" (every query gets the size) or "questions" (questions
get it, the other queries 50)."""
import sys
from collections import defaultdict
from statistics import mean

import app.core.search.searcher as S
from app.core.search.request import Mode
from app.quality.evaluate import evaluate
from app.quality.projects import load_projects

sizes = [int(x) for x in sys.argv[1].split(",")]
questions_only = sys.argv[2] == "questions"
projects = [p for p in load_projects() if p.name in sys.argv[3:]]
candidates = S.Searcher.candidates


def sized(self, request, query):
    S.MIN_CANDIDATES = SIZE if query.question or not questions_only else 50
    return candidates(self, request, query)


S.Searcher.candidates = sized
for SIZE in sizes:
    per = defaultdict(list)
    for o in evaluate(projects, configurations=(("default", Mode.HYBRID, True),
                                                ("hybrid raw", Mode.HYBRID, False)),
                      say=lambda line: None):
        for key in ("all", o.judgment.project, o.judgment.kind):
            per[(o.configuration, key)].append(o.scores.ndcg)
    for name in ("default", "hybrid raw"):
        print(SIZE, name, " ".join(f"{key}:{mean(v):.4f}" for (c, key), v in per.items()
                                   if c == name), flush=True)
