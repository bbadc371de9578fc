"""The learned order trained with the identifier queries' candidates too (applied to
sentences only, as shipped): ALL.pkl holds every dev query's samples (made if absent).
Usage: PYTHONPATH=. python learned_names.py ALL.pkl [TOP ...]; ROUNDS=n"""
import os
import pickle
import sys

from app.core.search import learned_order as lo
from app.core.search.query_kind import QueryKind
from app.quality import learn_order as L
from app.quality.projects import load_projects

path = sys.argv[1]
if not os.path.exists(path):
    samples = L.collect([p for p in load_projects() if p.split == os.environ.get("SPLIT", "dev")],
                        names=True)
    with open(path, "wb") as f:
        pickle.dump(samples, f)
samples = pickle.load(open(path, "rb"))
rounds = int(os.environ.get("ROUNDS", L.ROUNDS))
_train = L.train
for top in (int(a) for a in sys.argv[2:] or ["40", "100000"]):
    lo.TOP = top
    redone = [L.sample(s.judgment, s.language, s.query, s.candidates) for s in samples]
    natural = [s for s in redone if s.query.kind is QueryKind.NATURAL]
    # folds() trains on every sample but those of the held-out project: give it the
    # identifiers' too by training on all, scoring natural ones only.
    L.train = lambda kept, rounds, _all=redone: _train(
        [s for s in _all if s.judgment.project in {k.judgment.project for k in kept}], rounds)
    print(f"TOP {top} rounds {rounds}: rows {sum(len(s.labels) for s in redone)}", flush=True)
    L.folds(natural, rounds, print)
