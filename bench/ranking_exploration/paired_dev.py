"""The default's NDCG@10 per dev query, saved, and two such runs compared (7 Dec, session
30): the mean change with a 95% paired bootstrap interval (2,000 resamples) over dev, the
blind check (`learn = false`) and its kinds, and the change per project. Run `save` on
each code or index (another index: $KENNING_QUALITY_INDEXES), then `compare`.
Usage: PYTHONPATH=. python paired_dev.py save OUT.json
       PYTHONPATH=. python paired_dev.py compare BEFORE.json AFTER.json"""
import json
import sys
from collections import defaultdict

import numpy as np
from default_runs import DEFAULT, split_projects
from perq_search import per_query


def save(out: str) -> None:
    """perq_search's scores of the default, keyed project|query, with the blind flag."""
    projects = split_projects("dev")
    learn = {p.name: p.learn for p in projects}
    scores = {}
    for key, (ndcg, kind, language, query) in per_query(projects, DEFAULT).items():
        project = key.split("|")[1]
        scores[f"{project}|{query}"] = [ndcg, kind, language, learn[project]]
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(scores, handle)


def compare(before_file: str, after_file: str) -> None:
    before = json.load(open(before_file, encoding="utf-8"))
    after = json.load(open(after_file, encoding="utf-8"))
    rng = np.random.default_rng(0)

    def line(name: str, keys: list[str]) -> None:
        d = np.array([after[k][0] - before[k][0] for k in keys])
        means = [d[rng.integers(0, len(d), len(d))].mean() for _ in range(2000)]
        print(f"{name}: {len(d)} queries, {d.mean():+.4f} [{np.percentile(means, 2.5):+.4f}, "
              f"{np.percentile(means, 97.5):+.4f}], {int((d > 1e-9).sum())} up, "
              f"{int((d < -1e-9).sum())} down")

    keys = list(before)
    line("dev", keys)
    blind = [k for k in keys if not before[k][3]]
    line("blind check", blind)
    for kind in ("behaviour", "architecture", "symbol"):
        line(f"blind check, {kind}", [k for k in blind if before[k][1] == kind])
    by_project = defaultdict(list)
    for k in keys:
        by_project[f"{k.split('|')[0]} ({before[k][2]})"].append(after[k][0] - before[k][0])
    print(" ".join(f"{p} {np.mean(v):+.4f}" for p, v in sorted(by_project.items())
                   if abs(np.mean(v)) > 1e-9))


if __name__ == "__main__":
    save(sys.argv[2]) if sys.argv[1] == "save" else compare(sys.argv[2], sys.argv[3])
