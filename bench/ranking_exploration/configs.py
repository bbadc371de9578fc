"""Every configuration's NDCG@10 per project, through `evaluate` (the indexes in the cache):
python configs.py PROJECT ..."""
import sys
from collections import defaultdict
from statistics import mean

from app.quality.evaluate import CONFIGURATIONS, evaluate
from app.quality.projects import load_projects

projects = [p for p in load_projects() if p.name in sys.argv[1:]]
per = defaultdict(list)
for o in evaluate(projects, say=lambda line: None):
    per[(o.judgment.project, o.configuration)].append(o.scores.ndcg)
for p in projects:
    print(p.name, p.split, " | ".join(f"{name} {mean(per[(p.name, name)]):.3f}"
                                      for name, _, _ in CONFIGURATIONS))
