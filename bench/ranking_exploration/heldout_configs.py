"""MRR of every configuration on the held-out queries, judged as `kenning bias eval` judges
them: python heldout_configs.py HELDOUT_DB DATA (run with PYTHONPATH=<checkout>)."""
import sys
from pathlib import Path
import numpy as np
from app.core.bias.eval_sets import heldout_set
from app.core.bias.evaluate import DEPTH, rank_of, CONFIGURATIONS
from app.core.engine import Engine, EngineConfig
from app.core.search.request import SearchRequest
db, data = Path(sys.argv[1]), Path(sys.argv[2])
es = heldout_set(data)
engine = Engine(EngineConfig(db_path=db))
with engine.open_store(readonly=True) as store:
    s = engine.searcher(store)
    for name, mode, bias in CONFIGURATIONS:
        ranks = [rank_of(s.search(SearchRequest(q.query, DEPTH, mode, bias)).results, q) for q in es.queries]
        print(name, f"{np.mean([1/r if r else 0 for r in ranks]):.4f}", flush=True)
