"""Stochastic boosting for the learned order (7 Dec, morning, 35 dev projects): each tree
fitted on a sample of the queries (LightGBM's bagging by query) and of the features.
Forests trained on 27 and on 35 dev projects differed by as much as the choices made
with them (the guard sets, the test split): does sampling make the forest steadier?
Leave-one-project-out on the dev sentences, then the guard sets with the forest
trained on all of them. Usage: PYTHONPATH=. python learned_bagging.py"""
from collections import defaultdict

import numpy as np

from app.core.search import ranking
from app.quality import learn_order as L
from app.quality.guards import render, run_guards
from app.quality.projects import load_projects

samples = L.collect([p for p in load_projects() if p.split == "dev"], say=lambda s: None)
projects = sorted({s.judgment.project for s in samples})
hand = {id(s): L.ndcg(s, None) for s in samples}
base = dict(L.PARAMS)
for rounds, bagging, features in ((120, 1.0, 1.0), (120, 0.7, 1.0), (120, 0.7, 0.8),
                                  (150, 0.7, 0.8), (120, 0.5, 0.8)):
    L.PARAMS.clear()
    L.PARAMS.update(base)
    if bagging < 1:
        L.PARAMS.update(bagging_fraction=bagging, bagging_freq=1, bagging_by_query=True,
                        bagging_seed=1)
    if features < 1:
        L.PARAMS.update(feature_fraction=features, feature_fraction_seed=1)
    by = defaultdict(list)
    for project in projects:
        forest = L.train([s for s in samples if s.judgment.project != project], rounds)
        for s in samples:
            if s.judgment.project == project:
                for key in ("all", s.judgment.kind, s.language):
                    by[key].append(L.ndcg(s, forest) - hand[id(s)])
    forest = L.train(samples, rounds)
    ranking.shipped_forest = lambda forest=forest: forest
    guards = [line.split("|")[1].strip()[:6] + " " + line.split("|")[6].strip()
              for line in render(run_guards(lambda s: None))
              if line.startswith(("| CoNaLa", "| stdlib"))]
    print(f"rounds {rounds} bagging {bagging} features {features}: "
          + "  ".join(f"{k} {np.mean(v):+.4f}" for k, v in by.items())
          + "  | guards (default MRR) " + ", ".join(guards), flush=True)
