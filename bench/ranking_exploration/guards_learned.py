"""The guard sets and the five configurations of a split with the learned order patched
into the searcher (LTR_FOREST=forest.json): PYTHONPATH=.:bench/ranking_exploration python
guards_learned.py [SPLIT]"""
import sys

import learned_order
from app.core.search import searcher as S
from app.quality.guards import render, run_guards

S.rank = learned_order.rank
print("\n".join(render(run_guards(lambda s: None))))
if len(sys.argv) > 1:
    sys.argv = [sys.argv[0], sys.argv[1]]
    import split_configs  # noqa: F401  (prints the five configurations)
