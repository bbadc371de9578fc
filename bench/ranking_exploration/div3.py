"""Per-file diversity settings against the previous one (4 × 0.7), per kind and language:
which settings lower the default nowhere on the given split."""
import sys
from collections import defaultdict
from dataclasses import replace
sys.path.insert(0, "/work/main")
from app.quality.evaluate import evaluate
from app.quality.projects import load_projects, DEFAULT_SET_DIR
from app.core.search.ranking import WEIGHTS
split = sys.argv[1]
grid = [tuple(map(float, g.split("x"))) for g in sys.argv[2:]] or [
    (4, 0.7), (5, 0.7), (6, 0.7), (6, 0.85), (7, 0.7), (5, 0.85), (4, 0.85)]
projects = [p for p in load_projects(DEFAULT_SET_DIR) if p.split == split]
variants = {f"{int(f)}x{d}": replace(WEIGHTS, file_free=int(f), file_decay=d) for f, d in grid}
out = evaluate(projects, configurations=(), variants=variants, say=lambda s: None)
cells = defaultdict(list)
for o in out:
    for key in ("all", o.judgment.kind, o.language):
        cells[(o.configuration, key)].append(o.scores.ndcg)
base = next(iter(variants))
keys = sorted({k for _, k in cells})
for name in variants:
    means = {k: sum(cells[(name, k)]) / len(cells[(name, k)]) for k in keys}
    basem = {k: sum(cells[(base, k)]) / len(cells[(base, k)]) for k in keys}
    drops = {k: round(means[k] - basem[k], 4) for k in keys if means[k] < basem[k] - 1e-9}
    print(f"{split} {name}: all {means['all']:.4f}  drops vs {base}: {drops or 'none'}",
          flush=True)
