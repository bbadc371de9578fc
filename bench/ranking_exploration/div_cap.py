"""Per-file diversity as a cap (no file holds more than C of a page; below it, the
shipped decay or none) against the shipped decay, through the real searcher: the
default on a split by kind, language and the blind check, the guard sets, and how
often one file fills more than 5 of the ten (7 Dec, session 28).
Usage: PYTHONPATH=. python div_cap.py SPLIT name=free:F,decay:D,cap:C ..."""
import sys
from collections import Counter
from dataclasses import replace

from default_runs import report, split_projects

from app.core.search import ranking as R

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


def main(split, specs):
    projects = split_projects(split)
    for spec in ["shipped", *specs]:
        name, _, values = spec.partition("=")
        v = dict(pair.split(":") for pair in values.split(",")) if values else {}
        CAP[:] = [int(v["cap"])] if "cap" in v else []
        w = replace(R.WEIGHTS, file_free=int(v.get("free", R.WEIGHTS.file_free)),
                    file_decay=float(v.get("decay", R.WEIGHTS.file_decay)))
        object.__setattr__(R.WEIGHTS, "file_free", w.file_free)
        object.__setattr__(R.WEIGHTS, "file_decay", w.file_decay)
        FILL.clear()
        report(name, projects, lambda: f" | over5 {FILL['over5']}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
