"""The learned order as an average of forests trained with bagging under several seeds
(less variance than one forest on 280 queries?). Leave-one-project-out on dev.
Usage: PYTHONPATH=. python learned_bag.py DEV.pkl SEEDS [TOP ...]; ROUNDS=n"""
import os
import pickle
import sys

import numpy as np

from app.core.search import learned_order as lo
from app.quality import learn_order as L


def merged(tables):
    """One node table of several forests, each leaf's value divided by their number."""
    out = {"features": list(lo.FEATURES), "feature": [], "threshold": [], "left": [],
           "right": [], "value": [], "roots": [], "depth": 0}
    for t in tables:
        base = len(out["feature"])
        out["feature"] += t["feature"]
        out["threshold"] += t["threshold"]
        out["left"] += [i + base for i in t["left"]]
        out["right"] += [i + base for i in t["right"]]
        out["value"] += [v / len(tables) for v in t["value"]]
        out["roots"] += [r + base for r in t["roots"]]
        out["depth"] = max(out["depth"], t["depth"])
    return out


samples = pickle.load(open(sys.argv[1], "rb"))
seeds = int(sys.argv[2])
rounds = int(os.environ.get("ROUNDS", L.ROUNDS))
base = dict(L.PARAMS)


def train(kept, rounds):
    tables = []
    for seed in range(seeds):
        L.PARAMS.update(base, seed=seed + 1, bagging_fraction=0.8, bagging_freq=1,
                        feature_fraction=0.8)
        tables.append(L.train_table(kept, rounds))
    L.PARAMS.clear()
    L.PARAMS.update(base)
    return lo.Forest.from_json(merged(tables))


L.train = train
for top in (int(a) for a in sys.argv[3:] or ["40"]):
    lo.TOP = top
    redone = [L.sample(s.judgment, s.language, s.query, s.candidates) for s in samples]
    print(f"TOP {top} rounds {rounds} seeds {seeds}", flush=True)
    L.folds(redone, rounds, print)
