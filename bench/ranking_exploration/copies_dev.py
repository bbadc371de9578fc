"""Copies of one definition in other files (lodash's `lodash.js` repeats every module):
a result with the same last name, the same length and a cosine within EPS of a better
one's, in another file, goes after every other result, as the per-file cap's tail does
(7 Dec, session 31). The default on dev, by kind, language and the blind check, and the
guard sets.
Usage: PYTHONPATH=. python copies_dev.py EPS [EPS ...]   (EPS = 0: as shipped)"""
import sys

from default_runs import report, split_projects

from app.core.search import ranking

_diversify = ranking.diversify
EPS = 0.0


def _copy_key(candidate: ranking.Candidate) -> tuple[str, int] | None:
    name = (candidate.symbol or "").rsplit(".", 1)[-1]
    if not name or candidate.def_start is None or candidate.def_end is None:
        return None
    return name, candidate.def_end - candidate.def_start


def diversify(groups, candidates, limit, cap):
    if EPS <= 0:
        return _diversify(groups, candidates, limit, cap)
    seen: list[tuple[tuple[str, int], float, int]] = []
    keep, later = [], []
    for group in sorted(groups, key=lambda g: -g.score):
        c = candidates[group.best]
        key = _copy_key(c)
        copy = key is not None and any(k == key and abs(d - c.dense) < EPS and f != c.file_id
                                       for k, d, f in seen)
        (later if copy else keep).append(group)
        if key is not None:
            seen.append((key, c.dense, c.file_id))
    out = _diversify(keep, candidates, limit, cap)
    floor = out[-1].score if out else 0.0
    return out + [ranking._ranked(g, min(g.score, floor), candidates)
                  for g in later[:max(0, limit - len(out))]]


if __name__ == "__main__":
    ranking.diversify = diversify
    projects = split_projects("dev")
    for eps in map(float, sys.argv[1:]):
        EPS = eps
        report(f"e={eps}", projects)
