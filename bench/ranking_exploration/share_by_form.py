"""The matrix's share of meaning by the query's form (a name, a question, another
sentence), through the real searcher: the default on a split (by kind, language and
the blind check) and on the guard sets, each variant after the shipped share.
Usage: PYTHONPATH=. python share_by_form.py SPLIT name=ident:S,question:S,other:S ...
(8 Dec, session 28)."""
import sys
from collections import defaultdict
from dataclasses import replace

import app.quality.guards as guards
from app.core.search.query_kind import QueryKind
from app.core.search.searcher import Searcher
from app.quality.evaluate import CONFIGURATIONS, evaluate
from app.quality.projects import load_projects

SHARES: dict[str, float] = {}
_candidates = Searcher.candidates


def form(query) -> str:
    if query.kind is QueryKind.IDENTIFIER:
        return "ident"
    return "question" if query.question else "other"


def candidates(self, request, query):
    if not SHARES:
        return _candidates(self, request, query)
    saved = self.weights
    self.weights = replace(saved, matrix_share=SHARES[form(query)])
    try:
        return _candidates(self, request, query)
    finally:
        self.weights = saved


Searcher.candidates = candidates
DEFAULT = tuple(c for c in CONFIGURATIONS if c[0] == "default")
guards.CONFIGURATIONS = DEFAULT


def main(split: str, specs: list[str]) -> None:
    projects = [p for p in load_projects() if p.split == split]
    check = {p.name for p in projects if not p.learn}
    for spec in ["shipped", *specs]:
        SHARES.clear()
        if spec != "shipped":
            SHARES.update((k, float(v)) for k, v in
                          (pair.split(":") for pair in spec.split("=")[1].split(",")))
        out = evaluate(projects, configurations=DEFAULT, say=lambda s: None)
        ndcg = defaultdict(list)
        for o in out:
            keys = ("all", o.judgment.kind, o.language)
            keys += ("check",) if o.judgment.project in check else ()
            for key in keys:
                ndcg[key].append(o.scores.ndcg)
        cells = " ".join(f"{k} {sum(v) / len(v):.4f}" for k, v in sorted(ndcg.items()))
        mrr = guards.run_guards(say=lambda s: None)
        g = " ".join(f"{k[:14]} {v['default'].mrr:.4f}" for k, v in mrr.items())
        print(f"{spec.split('=')[0]:10} {cells} | {g}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
