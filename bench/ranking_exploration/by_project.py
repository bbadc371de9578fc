"""The default's NDCG@10 on each dev project of some languages, in all and by kind
(7 Dec, session 30). Usage: PYTHONPATH=. python by_project.py go,rust"""
import sys
from collections import defaultdict

from default_runs import DEFAULT, split_projects

from app.quality.evaluate import evaluate

languages = sys.argv[1].split(",")
projects = [p for p in split_projects("dev") if p.language in languages]
ndcg = defaultdict(list)
for o in evaluate(projects, configurations=DEFAULT, say=lambda s: None):
    for kind in ("all", o.judgment.kind):
        ndcg[(o.judgment.project, kind)].append(o.scores.ndcg)
for (project, kind), values in sorted(ndcg.items()):
    print(project, kind, f"{sum(values) / len(values):.4f}")
