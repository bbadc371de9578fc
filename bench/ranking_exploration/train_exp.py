"""Train matrix variants on the cached data: python train_exp.py NAME key=value ...
keys: TrainSettings fields, plus samerepo=1 (hard negatives mined within the positive's repo)."""
import sys, json
import numpy as np
from pathlib import Path
from app.core.engine import Engine, EngineConfig
from app.core.bias import train as T
from app.core.bias.pipeline import embedding_cache, training_arrays

name, *kv = sys.argv[1:]
opts = dict(x.split("=") for x in kv)
samerepo = opts.pop("samerepo", "0") == "1"
opts_save = opts.pop("save", "0") == "1"
sources = opts.pop("sources", "harvest,conala").split(",")
fields = {f: type(getattr(T.TrainSettings(), f)) for f in T.TrainSettings().as_dict()}
settings = T.TrainSettings(**{k: fields[k](v) for k, v in opts.items()})
engine = Engine(EngineConfig())
cache = embedding_cache(engine)
train, val = training_arrays(Path("/work/main/build/bias-data"), cache, sources, lambda m: None)
print(name, settings, len(train), len(val), flush=True)
if samerepo:
    repos = np.array([r["repo"] for r in train.records])
    glob = T.mine_hard_negatives
    def mine(queries, codes, pool, block=1024):
        out = glob(queries, codes, pool, block)
        for repo in np.unique(repos):
            rows = np.flatnonzero(repos == repo)
            if len(rows) <= pool:
                continue
            s = queries[rows] @ codes[rows].T
            np.fill_diagonal(s, -np.inf)
            top = np.argsort(-s, axis=1)[:, :pool]
            out[rows] = rows[top]
        return out
    T.mine_hard_negatives = mine
saveall = opts_save
_ev = T.evaluate
calls = [0]
def ev(q, d, w=None, dw=None):
    if saveall and w is not None:
        calls[0] += 1
        np.save(f"/tmp/exp3/m_{name}_e{calls[0]}.npy", (w if dw is None else np.stack([w, dw])).astype(np.float32))
    return _ev(q, d, w, dw)
T.evaluate = ev
r = T.train_matrix(train.queries, train.codes, val.queries, val.codes, settings, print)
w = r.weights if r.doc_weights is None else np.stack([r.weights, r.doc_weights])
np.save(f"/tmp/exp3/m_{name}.npy", w.astype(np.float32))
print(name, "best epoch", r.best_epoch, "val", r.before.mrr, "->", r.after.mrr, flush=True)
