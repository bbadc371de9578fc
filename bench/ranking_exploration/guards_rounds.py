"""The guard sets (CoNaLa's human intents, the stdlib behaviour queries; default and
hybrid raw MRR) with forests of several rounds, each trained on every dev sentence as
`make learned-order` trains the shipped one: does more training (the 27 dev projects of
7 Dec, morning) move what the guards measure? Usage: PYTHONPATH=. python
guards_rounds.py ROUNDS ..."""
import sys

from app.core.search import ranking
from app.quality import learn_order as L
from app.quality.guards import render, run_guards
from app.quality.projects import load_projects

samples = L.collect([p for p in load_projects() if p.split == "dev"], say=lambda s: None)
for rounds in map(int, sys.argv[1:]):
    forest = L.train(samples, rounds)
    ranking.shipped_forest = lambda forest=forest: forest
    print(f"{rounds} rounds:")
    print("\n".join(line for line in render(run_guards(lambda s: None))
                    if line.startswith("| ")), flush=True)
