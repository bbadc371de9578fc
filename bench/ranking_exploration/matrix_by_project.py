"""Per project of a split: the default against hybrid raw, and semantic + matrix against
semantic raw (what the matrix does to each project), NDCG@10, also per kind
(7 Dec, session 28). Usage: PYTHONPATH=. python matrix_by_project.py SPLIT"""
import sys
from collections import defaultdict

from app.quality.evaluate import CONFIGURATIONS, evaluate
from app.quality.projects import load_projects

NAMES = ("default", "hybrid raw", "semantic raw", "semantic + matrix")


def main(split: str) -> None:
    projects = [p for p in load_projects() if p.split == split]
    configurations = tuple(c for c in CONFIGURATIONS if c[0] in NAMES)
    out = evaluate(projects, configurations=configurations, say=lambda s: None)
    ndcg = defaultdict(list)
    for o in out:
        for key in (o.judgment.project, f"{o.judgment.project}:{o.judgment.kind}"):
            ndcg[(o.configuration, key)].append(o.scores.ndcg)
    for key in sorted({k for _, k in ndcg}):
        v = {name: sum(ndcg[(name, key)]) / len(ndcg[(name, key)]) for name in NAMES}
        print(f"{key:28s} default {v['default']:.3f} hybrid raw {v['hybrid raw']:.3f} "
              f"({v['default'] - v['hybrid raw']:+.3f}) | semantic raw {v['semantic raw']:.3f} "
              f"+ matrix {v['semantic + matrix']:.3f} "
              f"({v['semantic + matrix'] - v['semantic raw']:+.3f})")


if __name__ == "__main__":
    main(sys.argv[1])
