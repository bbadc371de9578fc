"""Cosine share for sentences by their number of search words: SHORT_MAX words or fewer get
share S, longer ones share L. Usage: python bylen.py SPLIT SHORT_MAX:S:L ..."""
import sys, time
from collections import defaultdict
from dataclasses import replace
from app.core.search import searcher as S
from app.core.search.query_kind import QueryKind
from app.quality.evaluate import evaluate
from app.quality.projects import load_projects, DEFAULT_SET_DIR
from app.core.search.request import Mode
_rank = S.rank
SET = None
def patched(query, candidates, k, weights):
    if SET and query.kind is QueryKind.NATURAL:
        n, short, long_ = SET
        weights = replace(weights, dense_natural=short if len(query.words) <= n else long_)
    return _rank(query, candidates, k, weights)
S.rank = patched
split = sys.argv[1]
projects = [p for p in load_projects(DEFAULT_SET_DIR) if p.split == split]
for spec in ["base", *sys.argv[2:]]:
    SET = None if spec == "base" else (int(spec.split(":")[0]), *map(float, spec.split(":")[1:]))
    out = evaluate(projects, DEFAULT_SET_DIR, configurations=(("default", Mode.HYBRID, True),), say=lambda s: None)
    by = defaultdict(list)
    for o in out:
        for key in ("all", o.judgment.kind, o.language):
            by[key].append(o.scores.ndcg)
    print(spec, "  ".join(f"{k} {sum(v)/len(v):.4f}" for k, v in by.items()), flush=True)
