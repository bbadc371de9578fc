"""The per-file cap (`Weights.file_cap`) at other values, with the matrix's query side
tuned (7 Dec, session 29): the default on a split by kind, language and the blind check,
the guard sets, and how often one file holds more than 5, and more than 7, of a query's
first ten results on the split.
Usage: PYTHONPATH=. python file_cap.py SPLIT CAP ... (a number, or None)"""
import sys
from collections import Counter

from default_runs import report, split_projects

from app.core.search import ranking as R

FILL = Counter()
_diversify = R.diversify


def diversify(groups, candidates, limit, cap):
    out = _diversify(groups, candidates, limit, cap)
    if limit == 10 and out:
        file_of = {c.chunk_id: c.file_id for c in candidates}
        most = max(Counter(file_of[r.chunk_id] for r in out).values())
        FILL.update(queries=1, over5=most > 5, over7=most > 7)
    return out


def main(split: str, caps: list[str]) -> None:
    R.diversify = diversify
    projects = split_projects(split)
    for cap in caps:  # the shipped Weights is every caller's default: set in place
        object.__setattr__(R.WEIGHTS, "file_cap", None if cap == "None" else int(cap))
        FILL.clear()
        report(f"cap {cap}", projects, tail=lambda: (
            f" | one file > 5 of 10: {FILL['over5']}, > 7: {FILL['over7']} "
            f"of {FILL['queries']}"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
