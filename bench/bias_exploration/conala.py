import sys, json
sys.path.insert(0,"/work/main")
import numpy as np
from pathlib import Path
from app.core.bias.embed_cache import EmbeddingCache
from app.core.model.embedder import Embedder
from app.core.model.provision import default_model_path
from app.core.bias.train import TrainSettings, train_matrix, evaluate
emb = Embedder(default_model_path(), n_threads=2)
cache = EmbeddingCache(Path.home()/".cache/kenning/bias-embeddings", emb)
test=json.load(open("/work/shared/datasets/conala/test.json"))
train=json.load(open("/work/shared/datasets/conala/train.json"))
cq = cache.embed([p["intent"] for p in test]); cd = cache.embed([p["code"] for p in test])
tq = cache.embed([p["intent"] for p in train]); td = cache.embed([p["code"] for p in train])
np.savez("/tmp/harvest/conala.npz", cq=cq, cd=cd, tq=tq, td=td)
a = np.load("/tmp/harvest/arrays.npz")
trq, trd, vaq, vad = a["trq"], a["trd"], a["vaq"], a["vad"]
print("conala raw", evaluate(cq, cd).mrr)
for name, (q, d) in {"harvest": (trq, trd), "harvest+conala": (np.vstack([trq,tq]), np.vstack([trd,td])), "conala only": (tq, td)}.items():
    r = train_matrix(q, d, vaq, vad, TrainSettings(lr=1e-4, epochs=40, tau=0.03, patience=4))
    print(name, "val", round(r.before.mrr,4), "->", round(r.after.mrr,4), "conala test", round(evaluate(cq, cd, r.weights).mrr,4), flush=True)
