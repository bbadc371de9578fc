"""Dump what the ranking stage sees for every query of a split, through the real searcher
(default configuration): the analysed query, its candidates, each candidate's mapped and
raw cosine apart (the searcher blends them), and the query's judgment and metrics.
Usage: PYTHONPATH=. python ltr_dump.py SPLIT OUT.pkl  (the learning-to-rank trial, ltr.py)"""
import pickle
import sys
from dataclasses import replace

from app.core.search import candidates as C
from app.core.search import searcher as S
from app.core.search.request import Mode
from app.quality.evaluate import evaluate
from app.quality.projects import DEFAULT_SET_DIR, load_projects

_complete = C.Meaning.complete
_rank = S.rank
SIDES: dict[str, dict[int, float]] = {}
CAPTURED: list[tuple] = []


def complete(self, conn, ids, found):
    SIDES["mapped"] = _complete(replace(self, share=1.0), conn, ids, found)
    SIDES["raw"] = (_complete(replace(self, vector=self.raw, doc_scale=None, raw=None),
                              conn, ids, {}) if self.raw is not None else SIDES["mapped"])
    return _complete(self, conn, ids, found)


def rank(query, candidates, k, weights):
    CAPTURED.append((query, list(candidates), dict(SIDES.get("mapped", {})),
                     dict(SIDES.get("raw", {}))))
    return _rank(query, candidates, k, weights)


C.Meaning.complete = complete
S.rank = rank
split, out = sys.argv[1], sys.argv[2]
projects = [p for p in load_projects(DEFAULT_SET_DIR) if p.split == split]
outcomes = evaluate(projects, DEFAULT_SET_DIR,
                    configurations=(("default", Mode.HYBRID, True),), say=lambda s: None)
assert len(outcomes) == len(CAPTURED), (len(outcomes), len(CAPTURED))
rows = [(o.judgment, o.language, o.scores, *cap) for o, cap in zip(outcomes, CAPTURED)]
with open(out, "wb") as f:
    pickle.dump(rows, f)
print(split, len(rows), "queries; default NDCG@10",
      round(sum(r[2].ndcg for r in rows) / len(rows), 4))
