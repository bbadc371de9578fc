"""A sentence embedded in a template (7 Dec, session 30): the query vector of a
natural-language query becomes that of TEMPLATE with `{q}` the query, mixed with the
query's own by W (1: the template's alone); names embed as typed. Semantic raw, hybrid
raw and the default on dev (all, by kind, the blind check) and on the guard sets.
Usage: PYTHONPATH=. python query_template.py "code that {q}|0.5" "{q} function|1.0" ..."""
import sys
from collections import defaultdict

import numpy as np
from default_runs import split_projects

import app.core.engine as engine_module
import app.quality.guards as guards
from app.core.search.query_kind import QueryKind, analyse
from app.quality.evaluate import CONFIGURATIONS, evaluate

SHOWN = ("semantic raw", "hybrid raw", "default")
CHOSEN = tuple(c for c in CONFIGURATIONS if c[0] in SHOWN)
guards.CONFIGURATIONS = CHOSEN
template: dict[str, tuple[str, float] | None] = {"now": None}
plain_searcher = engine_module.Engine.searcher


def templated_searcher(self, store, *, one_shot=False):
    searcher = plain_searcher(self, store, one_shot=one_shot)
    embed = searcher.embed_query

    def embed_templated(query: str) -> np.ndarray:
        if template["now"] is None or analyse(query).kind is not QueryKind.NATURAL:
            return embed(query)
        text, weight = template["now"]
        vector = weight * embed(text.format(q=query)) + (1 - weight) * embed(query)
        return (vector / np.linalg.norm(vector)).astype(np.float32)

    searcher.embed_query = embed_templated
    return searcher


def main(specs: list[str]) -> None:
    engine_module.Engine.searcher = templated_searcher
    projects = split_projects("dev")
    blind = {p.name for p in projects if not p.learn}
    for spec in [None, *specs]:
        template["now"] = None if spec is None else (spec.split("|")[0],
                                                     float(spec.split("|")[1]))
        ndcg = defaultdict(list)
        for o in evaluate(projects, configurations=CHOSEN, say=lambda s: None):
            keys = ["all", o.judgment.kind] + (["check"] if o.judgment.project in blind else [])
            for key in keys:
                ndcg[(o.configuration, key)].append(o.scores.ndcg)
        cells = " ".join(f"{c}/{k} {np.mean(v):.4f}" for (c, k), v in sorted(ndcg.items()))
        mrr = guards.run_guards(say=lambda s: None)
        guard_cells = " ".join(f"{name[:12]} " + "/".join(f"{m[c].mrr:.4f}" for c in SHOWN)
                               for name, m in mrr.items())
        print(f"{spec or 'as typed'}: {cells} | {guard_cells}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
