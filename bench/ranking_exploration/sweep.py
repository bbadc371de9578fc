"""One split's NDCG@10 through the real searcher, the default's ranking weights with
fields changed: python sweep.py SPLIT 'NAME=field:value,field:value' ...
(e.g. 'd09=file_decay:0.9'); columns: all, the first 20 queries of each project and
the 10 written blind, each kind, each language, each project."""
import sys
from collections import defaultdict
from dataclasses import replace

from app.core.search.ranking import WEIGHTS
from app.core.search.request import Mode
from app.quality.evaluate import evaluate
from app.quality.metrics import summarise
from app.quality.projects import load_projects

split = sys.argv[1]
variants = {}
for spec in sys.argv[2:]:
    name, fields = spec.split("=", 1)
    changes = {}
    for field in fields.split(","):
        key, value = field.split(":")
        changes[key] = int(value) if value.isdigit() else float(value)
    variants[name] = replace(WEIGHTS, **changes)
projects = [p for p in load_projects() if p.split == split]
outcomes = evaluate(projects, configurations=(("default", Mode.HYBRID, True),),
                    say=lambda line: None, variants=variants)
per = defaultdict(list)
for o in outcomes:
    blind = int(o.judgment.id.rsplit("-", 1)[1]) > 20
    for key in ("all", o.judgment.kind, o.language, "new" if blind else "old",
                o.judgment.project):
        per[(o.configuration, key)].append(o.scores)
keys = ["all", "old", "new", "behaviour", "architecture", "symbol",
        *sorted({p.language for p in projects}), *(p.name for p in projects)]
print(f"{'':28s}" + " ".join(f"{k[:6]:>6s}" for k in keys))
for name in ["default", *variants]:
    print(f"{name:28s}" + " ".join(f"{summarise(per[(name, k)]).ndcg:6.3f}" for k in keys))
print("all, four decimals:", " ".join(f"{name} {summarise(per[(name, 'all')]).ndcg:.4f}"
                                      for name in ["default", *variants]))
