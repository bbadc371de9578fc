"""MRR of every configuration on the held-out queries, as `kenning bias eval` judges them
(its index brought up to date first): python heldout_configs.py HELDOUT_DB DATA (run with
PYTHONPATH=<checkout>)."""
import sys
from pathlib import Path

from app.core.bias.eval_sets import heldout_set
from app.core.bias.evaluate import evaluate_set
from app.core.bias.pipeline import eval_engine
from app.core.engine import EngineConfig

db, data = Path(sys.argv[1]), Path(sys.argv[2])
engine = eval_engine(EngineConfig(), db, lambda message: None)
for name, metrics in evaluate_set(engine, heldout_set(data)).items():
    print(name, f"{metrics.mrr:.4f}", flush=True)
