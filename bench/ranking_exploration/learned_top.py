"""The learned order re-scoring only the top of the hand-set order (7 Dec, the session
after the learned order was measured): which TOP keeps the gain at a fraction of the
cost. Samples of app.quality.learn_order are collected once (pickled), then for each
TOP: leave-one-project-out on dev, the forest trained and applied on the first TOP rows.
Usage: PYTHONPATH=. python learned_top.py DEV.pkl [TOP ...]  (DEV.pkl made if absent)"""
import os
import pickle
import sys
from dataclasses import replace

import numpy as np

from app.core.search import learned_order as lo
from app.quality import learn_order as L
from app.quality.projects import load_projects

path = sys.argv[1]
if not os.path.exists(path):
    samples = L.collect([p for p in load_projects() if p.split == os.environ.get("SPLIT", "dev")])
    with open(path, "wb") as f:
        pickle.dump(samples, f)
samples = pickle.load(open(path, "rb"))
rounds = int(os.environ.get("ROUNDS", L.ROUNDS))
for top in (int(a) for a in sys.argv[2:] or ["20", "30", "40", "60", "100000"]):
    lo.TOP = top
    redone = [L.sample(s.judgment, s.language, s.query, s.candidates) for s in samples]
    print(f"TOP {top}: rows {sum(len(s.labels) for s in redone)}", flush=True)
    L.folds(redone, rounds, print)
