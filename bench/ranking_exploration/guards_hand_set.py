"""The guard sets with the hand-set order alone (the learned order off), to set beside
`make quality`'s guard table (which runs the shipped order): PYTHONPATH=. python
guards_hand_set.py"""
from app.core.search import ranking
from app.quality.guards import render, run_guards

ranking.shipped_forest = lambda: None
print("\n".join(render(run_guards(lambda s: None))))
