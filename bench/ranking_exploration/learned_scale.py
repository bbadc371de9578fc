"""The learned order's scale (learned_order.SCALE: how far apart the forest's
exp(SCALE · (s − best)) puts the candidates) under the per-file cap, each dev project
ordered by a forest trained on the others (the forests of `learn_order.folds`, trained
once, scored at each scale): NDCG@10 of the learning projects' sentences by kind and
language. The scale of 0.25 was chosen when diversity multiplied scores (7 Dec,
session 28). Usage: PYTHONPATH=. python learned_scale.py 0.25 0.5 1.0"""
import sys
from collections import defaultdict

import numpy as np

from app.core.search import learned_order as lo
from app.quality import learn_order as L
from app.quality.projects import load_projects


def main(scales: list[float]) -> None:
    samples = L.collect(L.training_projects(load_projects()), say=lambda s: None)
    forests = {p: L.train([s for s in samples if s.judgment.project != p], L.ROUNDS)
               for p in sorted({s.judgment.project for s in samples})}
    for scale in scales:
        lo.SCALE = scale
        by = defaultdict(list)
        for s in samples:
            value = L.ndcg(s, forests[s.judgment.project])
            for key in ("all", s.judgment.kind, s.language):
                by[key].append(value)
        print(f"scale {scale}: " + " ".join(f"{k} {np.mean(v):.4f}" for k, v in sorted(by.items())),
              flush=True)
    hand = defaultdict(list)
    for s in samples:
        for key in ("all", s.judgment.kind, s.language):
            hand[key].append(L.ndcg(s, None))
    print("hand-set: " + " ".join(f"{k} {np.mean(v):.4f}" for k, v in sorted(hand.items())))


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]])
