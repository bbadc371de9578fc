import sys, json, time, os
sys.path.insert(0,"/work/main"); sys.path.insert(0,"/tmp/bx")
import numpy as np, pickle
from pathlib import Path
from app.core.bias.embed_cache import EmbeddingCache, _key
from app.core.bias.train import TrainSettings, train_matrix, evaluate
import proxy
class NoEmb:  # cache reader only
    fingerprint = "d274298f9d490669626c6e910dfacc90ae1553463062db1bd50ea3b00d47a0ca"; dim = 384
    def embed(self, t): raise RuntimeError("not cached")
cache = EmbeddingCache(Path.home()/".cache/kenning/bias-embeddings", NoEmb())
recs=[json.loads(l) for l in open("/tmp/harvest/ds3/pairs-train.jsonl")]
have=[r for r in recs if _key(r["code_documented"]) in cache._index and _key(r["query"]) in cache._index]
print("documented pairs with cached embeddings:", len(have), flush=True)
dq=cache.embed([r["query"] for r in have]); dd=cache.embed([r["code_documented"] for r in have])
a=np.load("/tmp/harvest/arrays.npz"); c=np.load("/tmp/harvest/conala.npz"); PS=pickle.load(open("proxy.pkl","rb"))
Q=np.vstack([a["trq"], c["tq"], dq]); D=np.vstack([a["trd"], c["td"], dd])
r=train_matrix(Q, D, a["vaq"], a["vad"], TrainSettings())
np.save("/tmp/bx/W_doc.npy", r.weights)
print("val", round(r.before.mrr,4), "->", round(r.after.mrr,4), "epoch", r.best_epoch, proxy.evaluate(r.weights, PS), flush=True)
