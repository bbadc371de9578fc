"""MRR of the default (hybrid + matrix) on a held-out style set, per matrix:
python matrices_on_set.py DATA DB M1.npy [M2.npy|none ...]"""
import sys
from pathlib import Path
import numpy as np
from app.core.bias.eval_sets import heldout_set
from app.core.bias.evaluate import DEPTH, rank_of
from app.core.bias.matrix import BiasMatrix
from app.core.engine import Engine, EngineConfig
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from app.quality.metrics import paired_interval
data, db, *mats = sys.argv[1:]
es = heldout_set(Path(data))
engine = Engine(EngineConfig(db_path=Path(db)))
base = None
with engine.open_store(readonly=True) as store:
    for m in mats:
        matrix = None if m == "none" else BiasMatrix.load(Path(m))
        s = Searcher(store, engine.query_vectors(), matrix, in_memory_index=True)
        rr = []
        for q in es.queries:
            r = rank_of(s.search(SearchRequest(q.query, DEPTH, Mode.HYBRID, matrix is not None)).results, q)
            rr.append(1 / r if r else 0.0)
        if base is None:
            base = rr
        lo, hi = paired_interval(rr, base)
        print(f"{Path(m).name:24s} MRR {np.mean(rr):.3f}  vs first {np.mean(rr)-np.mean(base):+.3f} ({lo:+.3f} to {hi:+.3f})", flush=True)
