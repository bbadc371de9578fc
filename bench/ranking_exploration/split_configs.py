"""NDCG@10 of the five configurations through the real searcher, by kind and language.
Usage: PYTHONPATH=. python split_configs.py SPLIT"""
import sys
from collections import defaultdict

from app.quality.evaluate import CONFIGURATIONS, evaluate
from app.quality.projects import DEFAULT_SET_DIR, load_projects

split = sys.argv[1]
projects = [p for p in load_projects(DEFAULT_SET_DIR) if p.split == split]
out = evaluate(projects, DEFAULT_SET_DIR, configurations=CONFIGURATIONS, say=lambda s: None)
by = defaultdict(lambda: defaultdict(list))
for o in out:
    for key in ("all", o.judgment.kind, o.language):
        by[o.configuration][key].append(o.scores.ndcg)
for name, keys in by.items():
    print(f"{name:18}", "  ".join(f"{k} {sum(v) / len(v):.4f}" for k, v in keys.items()),
          flush=True)
