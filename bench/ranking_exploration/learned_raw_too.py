"""The learned order trained on the default's candidates and also on `--no-bias`
candidates (raw cosines: twice the rows, other pools), scored on the default's, each
project unseen. Usage: PYTHONPATH=. python learned_raw_too.py"""
from collections import defaultdict

import numpy as np

from app.core.search import request as Rq
from app.core.search.query_kind import QueryKind
from app.quality import learn_order as L
from app.quality.projects import load_projects

dev = [p for p in load_projects() if p.split == "dev"]
default = L.collect(dev, say=lambda s: None)
_Request = L.SearchRequest
L.SearchRequest = lambda text, k, mode, bias: _Request(text, k, mode, False)
raw = L.collect(dev, say=lambda s: None)
L.SearchRequest = _Request
for name, extra in (("default only", []), ("default + no-bias", raw)):
    by = defaultdict(list)
    for project in sorted({s.judgment.project for s in default}):
        forest = L.train([s for s in [*default, *extra] if s.judgment.project != project],
                         L.ROUNDS)
        for s in default:
            if s.judgment.project == project:
                for key in ("all", s.judgment.kind, s.language):
                    by[key].append(L.ndcg(s, forest))
    print(name, "  ".join(f"{k} {np.mean(v):.4f}" for k, v in by.items()), flush=True)
