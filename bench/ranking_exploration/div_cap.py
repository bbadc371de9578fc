"""Per-file diversity as a cap (no file holds more than C of a page; below it, the
shipped decay or none) against the shipped decay, through the real searcher: the
default on a split by kind, language and the blind check, the guard sets, and how
often one file fills more than 5 of the ten (8 Dec, session 28).
Usage: PYTHONPATH=. python div_cap.py SPLIT name=free:F,decay:D,cap:C ..."""
import sys
from collections import Counter, defaultdict
from dataclasses import replace

import app.quality.guards as guards
from app.core.search import ranking as R
from app.quality.evaluate import CONFIGURATIONS, evaluate
from app.quality.projects import load_projects

CAP: list[int] = []
FILL = Counter()
_diversify = R.diversify


def diversify(groups, candidates, limit, decay, free=1):
    if CAP:
        out = capped(groups, candidates, limit, decay, free, CAP[0])
    else:
        out = _diversify(groups, candidates, limit, decay, free)
    if limit == 10 and out:
        by_id = {c.chunk_id: c.file_id for c in candidates}
        most = max(Counter(by_id[r.chunk_id] for r in out).values())
        FILL.update(queries=1, over5=most > 5)
    return out


def capped(groups, candidates, limit, decay, free, cap):
    """The shipped decay, then no file past `cap` while other files have results."""
    ranked = _diversify(groups, candidates, len(groups), decay, free)
    by_id = {c.chunk_id: c.file_id for c in candidates}
    count = Counter()
    head, tail = [], []
    for r in ranked:
        f = by_id[r.chunk_id]
        (head if count[f] < cap else tail).append(r)
        count[f] += 1
    return (head + tail)[:limit]


R.diversify = diversify
DEFAULT = tuple(c for c in CONFIGURATIONS if c[0] == "default")
guards.CONFIGURATIONS = DEFAULT


def main(split, specs):
    projects = [p for p in load_projects() if p.split == split]
    check = {p.name for p in projects if not p.learn}
    for spec in ["shipped", *specs]:
        name, _, values = spec.partition("=")
        v = dict(pair.split(":") for pair in values.split(",")) if values else {}
        CAP[:] = [int(v["cap"])] if "cap" in v else []
        w = replace(R.WEIGHTS, file_free=int(v.get("free", R.WEIGHTS.file_free)),
                    file_decay=float(v.get("decay", R.WEIGHTS.file_decay)))
        object.__setattr__(R.WEIGHTS, "file_free", w.file_free)
        object.__setattr__(R.WEIGHTS, "file_decay", w.file_decay)
        FILL.clear()
        out = evaluate(projects, configurations=DEFAULT, say=lambda s: None)
        fill = FILL["over5"]
        ndcg = defaultdict(list)
        for o in out:
            keys = ("all", o.judgment.kind, o.language)
            keys += ("check",) if o.judgment.project in check else ()
            for key in keys:
                ndcg[key].append(o.scores.ndcg)
        cells = " ".join(f"{k} {sum(x) / len(x):.4f}" for k, x in sorted(ndcg.items()))
        mrr = guards.run_guards(say=lambda s: None)
        g = " ".join(f"{k[:14]} {m['default'].mrr:.4f}" for k, m in mrr.items())
        print(f"{name:8} {cells} | {g} | over5 {fill}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
