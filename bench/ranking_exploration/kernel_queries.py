"""The default search's NDCG@10 per query of both splits, on one set of indexes, as JSON: run once
per CPU kernel family with that family's indexes and compare the files, e.g.
KENNING_CPU_BACKEND=zen4 PYTHONPATH=. python bench/ranking_exploration/kernel_queries.py \
    ~/.cache/kenning/quality-index-zen4 zen4.json
(the queries are embedded with the kernels the indexes were built with)."""
import json
import sys
from pathlib import Path

import app.quality.evaluate as E
from app.quality.projects import load_projects

E.index_dir = lambda: Path(sys.argv[1])
default = tuple(c for c in E.CONFIGURATIONS if c[0] == "default")
out = {f"{o.split}|{o.language}|{o.judgment.kind}|{o.judgment.query}": o.scores.ndcg
       for o in E.evaluate(load_projects(), configurations=default, say=lambda _m: None)}
json.dump(out, open(sys.argv[2], "w"), indent=0)
print(len(out), "queries")
