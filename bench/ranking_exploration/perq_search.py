"""Per-query NDCG@10 of the default and hybrid raw through the real searcher, on the
indexes in the cache: python perq_search.py OUT.json [dev|test]

Run it before and after a change (with the indexes of each), then compare the files.
"""

import json
import sys

from app.core.search.request import Mode
from app.quality.evaluate import evaluate
from app.quality.projects import DEFAULT_SET_DIR, load_projects

split = sys.argv[2] if len(sys.argv) > 2 else None
projects = [p for p in load_projects(DEFAULT_SET_DIR) if split is None or p.split == split]
out = evaluate(projects, configurations=(("default", Mode.HYBRID, True),
                                         ("hybrid raw", Mode.HYBRID, False)),
               say=lambda s: None)
json.dump({f"{o.configuration}|{o.judgment.project}|{o.judgment.id}":
           [o.scores.ndcg, o.judgment.kind, o.language, o.judgment.query] for o in out},
          open(sys.argv[1], "w"), indent=0)
