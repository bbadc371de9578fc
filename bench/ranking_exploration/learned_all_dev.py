"""Does the learned order gain from learning on every dev project? (7 Dec, session 32)

The shipped forest learns from the dev projects marked `learn = true` and is checked on
the others (the blind check). Here each blind project is ordered twice: by a forest
trained on the learning projects only (as shipped, retrained on today's indexes) and by
one trained on every other dev project (the learning ones and the other blind ones).
The learning projects likewise, leave-one-project-out, from the other learning projects
or from every other dev project. NDCG@10 of the whole ranking stage, sentences only.

Usage: PYTHONPATH=. python bench/ranking_exploration/learned_all_dev.py [ROUNDS...]
"""

import sys
from collections import defaultdict

import numpy as np

from app.quality.learn_order import ROUNDS, collect, ndcg, train
from app.quality.projects import DEFAULT_SET_DIR, load_projects


def main(rounds_list: list[int]) -> None:
    projects = [p for p in load_projects(DEFAULT_SET_DIR) if p.split == "dev"]
    learning = {p.name for p in projects if p.learn}
    samples = collect(projects, DEFAULT_SET_DIR, say=lambda s: None)
    names = sorted({s.judgment.project for s in samples})
    print(f"{len(samples)} sentences, {len(names)} projects ({len(learning)} learning)")
    for rounds in rounds_list:
        by: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
        shipped_like = train([s for s in samples if s.judgment.project in learning], rounds)
        for project in names:
            own = [s for s in samples if s.judgment.project == project]
            others = [s for s in samples if s.judgment.project != project]
            few = (train([s for s in others if s.judgment.project in learning], rounds)
                   if project in learning else shipped_like)
            many = train(others, rounds)
            group = "learning" if project in learning else "blind"
            for s in own:
                triple = (ndcg(s, None), ndcg(s, few), ndcg(s, many))
                for key in (group, f"{group} {s.judgment.kind}", f"{group} {s.language}"):
                    by[key].append(triple)
        print(f"rounds {rounds}: hand-set / learning projects only / every other dev project")
        for key in sorted(by):
            hand, few_, many_ = np.mean(by[key], axis=0)
            print(f"  {key:24} {len(by[key]):4}  {hand:.4f}  {few_:.4f}  {many_:.4f}"
                  f"  ({many_ - few_:+.4f})")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [ROUNDS])
