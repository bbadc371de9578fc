import sys
from collections import defaultdict
from dataclasses import replace
sys.path.insert(0, "/work/main")
from app.quality.evaluate import evaluate
from app.quality.projects import load_projects, DEFAULT_SET_DIR
from app.core.search.ranking import WEIGHTS
split = sys.argv[1]
projects = [p for p in load_projects(DEFAULT_SET_DIR) if p.split == split]
grid = [(4, 0.7), (4, 0.85), (5, 0.7), (6, 0.7), (3, 0.85), (4, 1.0), (2, 0.9), (6, 0.5), (6, 0.85), (7, 0.7), (8, 0.7), (5, 0.85)]
variants = {f"free{f} decay{d}": replace(WEIGHTS, file_free=f, file_decay=d) for f, d in grid}
out = evaluate(projects, configurations=(), variants=variants, say=lambda s: None)
agg = defaultdict(list); kind = defaultdict(list); maxfile = defaultdict(int)
for o in out:
    agg[o.configuration].append(o.scores.ndcg)
    kind[(o.configuration, o.judgment.kind)].append(o.scores.ndcg)
for name in variants:
    ks = " ".join(f"{k} {sum(v)/len(v):.3f}" for (n, k), v in sorted(kind.items()) if n == name)
    print(f"{split} {name}: NDCG {sum(agg[name])/len(agg[name]):.4f}  {ks}", flush=True)
