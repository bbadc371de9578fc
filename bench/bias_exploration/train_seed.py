"""python train_seed.py DATA OUT key=value ...  (TrainSettings fields; sources=harvest,conala,...
for the training sources, default harvest,conala,written as `kenning bias train`)"""
import sys
import numpy as np
from pathlib import Path
from app.core.engine import Engine, EngineConfig
from app.core.bias import train as T
from app.core.bias.pipeline import embedding_cache, training_arrays
data, out, *kv = sys.argv[1:]
opts = dict(x.split("=") for x in kv)
sources = opts.pop("sources", "harvest,conala,written").split(",")
fields = {f: type(getattr(T.TrainSettings(), f)) for f in T.TrainSettings().as_dict()}
settings = T.TrainSettings(**{k: fields[k](v) for k, v in opts.items()})
engine = Engine(EngineConfig())
cache = embedding_cache(engine)
train, val = training_arrays(Path(data), cache, sources, lambda m: None)
r = T.train_matrix(train.queries, train.codes, val.queries, val.codes, settings, lambda m: None)
w = r.weights if r.doc_weights is None else np.stack([r.weights, r.doc_weights])
np.save(out, w.astype(np.float32))
print(out, "best epoch", r.best_epoch, "val", r.before.mrr, "->", r.after.mrr, flush=True)
