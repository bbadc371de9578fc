"""The default against the hand-set order alone (the learned order left out) and hybrid
raw, per kind and language, on one split through the real searcher: what `make
quality`'s signal table gives per kind only. Usage: PYTHONPATH=. python
handset_by_language.py SPLIT"""
import sys
from collections import defaultdict
from dataclasses import replace

import numpy as np

from app.core.search.ranking import WEIGHTS
from app.quality.evaluate import CONFIGURATIONS, evaluate
from app.quality.projects import load_projects

split = sys.argv[1]
projects = [p for p in load_projects() if p.split == split]
configurations = tuple(c for c in CONFIGURATIONS if c[0] in ("hybrid raw", "default"))
outcomes = evaluate(projects, configurations=configurations, say=lambda s: None,
                    variants={"hand-set": replace(WEIGHTS, learned_order=False)})
by = defaultdict(lambda: defaultdict(list))
for o in outcomes:
    for key in ("all", o.judgment.kind, o.language):
        by[key][o.configuration].append(o.scores.ndcg)
for key, runs in by.items():
    print(f"{key:13} n={len(runs['default']):3} "
          + "  ".join(f"{name} {np.mean(v):.4f}" for name, v in runs.items())
          + f"  default - hand-set {np.mean(runs['default']) - np.mean(runs['hand-set']):+.4f}")
