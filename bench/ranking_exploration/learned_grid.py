"""The learned order's training settings again, on the dev split grown to 19 projects
(7 Dec, morning: six projects more, 409 sentences): leave-one-project-out NDCG@10 of
the sentences for rounds, leaves, leaf size and the forest's share of the score.
Usage: PYTHONPATH=. python learned_grid.py [FIRST] (FIRST: skip the grid's first rows)"""
import sys
from collections import defaultdict

import numpy as np

from app.core.search import learned_order as lo
from app.quality import learn_order as L
from app.quality.projects import load_projects

samples = L.collect([p for p in load_projects() if p.split == "dev"], say=lambda s: None)
projects = sorted({s.judgment.project for s in samples})
hand = {id(s): L.ndcg(s, None) for s in samples}
base = dict(L.PARAMS)
GRID = [  # (rounds, leaves, min_data_in_leaf, share)
    (70, 7, 50, 0.5), (40, 7, 50, 0.5), (100, 7, 50, 0.5), (150, 7, 50, 0.5),
    (70, 15, 50, 0.5), (70, 4, 50, 0.5), (70, 7, 100, 0.5), (70, 7, 25, 0.5),
    (70, 7, 50, 0.35), (70, 7, 50, 0.65),
    # second round, around the best of the first
    (120, 7, 50, 0.5), (200, 7, 50, 0.5), (100, 7, 50, 0.65), (150, 7, 50, 0.65),
    (100, 7, 25, 0.5), (100, 15, 50, 0.5), (150, 15, 50, 0.5),
]
for rounds, leaves, leaf, share in GRID[int(sys.argv[1]) if len(sys.argv) > 1 else 0:]:
    L.PARAMS.clear()
    L.PARAMS.update(base, num_leaves=leaves, min_data_in_leaf=leaf)
    lo.FOREST_SHARE = share
    by = defaultdict(list)
    for project in projects:
        forest = L.train([s for s in samples if s.judgment.project != project], rounds)
        for s in samples:
            if s.judgment.project == project:
                pair = L.ndcg(s, forest) - hand[id(s)]
                for key in ("all", s.judgment.kind, s.language):
                    by[key].append(pair)
    worst = min((np.mean(v), k) for k, v in by.items())
    print(f"rounds {rounds:3} leaves {leaves:2} leaf {leaf:3} share {share}: "
          + "  ".join(f"{k} {np.mean(v):+.4f}" for k, v in by.items())
          + f"   worst {worst[1]} {worst[0]:+.4f}", flush=True)
