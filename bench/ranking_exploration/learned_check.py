"""A forest trained on every dev project (the blind check's too) against the shipped one,
on the blind check's sentences (`learn = false` in projects.toml): each check project
ordered by a forest trained on all the other dev projects, and by FOREST (which never
saw them); the gain over the hand-set order. Then the guard sets with a forest trained
on all dev sentences. Usage: PYTHONPATH=. python learned_check.py FOREST.json"""
import sys
from pathlib import Path

import numpy as np

from app.core.search import learned_order as lo
from app.core.search import ranking
from app.quality import learn_order as L
from app.quality.guards import render, run_guards
from app.quality.projects import load_projects

dev = [p for p in load_projects() if p.split == "dev"]
check = {p.name for p in dev if not p.learn}
samples = L.collect(dev, say=lambda s: None)
shipped = lo.load_forest(Path(sys.argv[1]))
every, kept = [], []
for project in sorted(check):
    forest = L.train([s for s in samples if s.judgment.project != project])
    for s in samples:
        if s.judgment.project == project:
            hand = L.ndcg(s, None)
            every.append(L.ndcg(s, forest) - hand)
            kept.append(L.ndcg(s, shipped) - hand)
print(f"{len(every)} sentences of {', '.join(sorted(check))}: trained on every other dev "
      f"project {np.mean(every):+.4f}, {sys.argv[1]} {np.mean(kept):+.4f}")
forest = L.train(samples)
ranking.shipped_forest = lambda: forest
print("\n".join(line for line in render(run_guards(lambda s: None)) if line.startswith("| ")))
